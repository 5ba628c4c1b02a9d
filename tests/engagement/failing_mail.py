"""Email backends whose server refuses every message, or one mailbox: the real SMTP failures."""

import smtplib

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused by the mail server")


class RefusingBackend(locmem.EmailBackend):
    """A mail server that refuses one mailbox (any address starting "refused") and delivers the
    rest to ``django.core.mail.outbox``: the failure that must not stop a sweep."""

    def send_messages(self, email_messages):
        for message in email_messages:
            refused = {
                address: (550, b"5.1.1 Mailbox unavailable")
                for address in message.recipients()
                if address.startswith("refused")
            }
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(email_messages)
