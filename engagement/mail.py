"""A Django email backend that sends through GOV.UK Notify (``MESSAGE_CHANNEL=notify``).

Every email the site sends goes through it then: the outbox's and the account pages' alike.
Notify sends no attachments this way, so messages that carry one (a booking's QR code) also
link to a page that shows it. The language of the Notify template is the message's
``Content-Language`` header when the outbox set one, else the language active while sending.
"""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from .services.notify import MessageDeferred, MessageRefused, notify_email_send


class NotifyEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            language = message.extra_headers.get("Content-Language")
            try:
                for to in message.recipients():
                    message.provider_id = notify_email_send(
                        to=to, subject=message.subject, body=message.body, language=language
                    )
            except (MessageDeferred, MessageRefused):
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent
