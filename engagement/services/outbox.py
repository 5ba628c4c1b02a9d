"""Sending the emails kept in an :class:`~engagement.models.outbox.OutgoingEmail` table."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from typing import TypeVar

from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone

from ..models.outbox import OutgoingEmail

# Errors worth retrying: the mail server was busy or the network dropped.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)

Row = TypeVar("Row", bound=OutgoingEmail)


def outgoing_email_send(
    *,
    queryset: models.QuerySet[Row],
    pk: int,
    recipient: Callable[[Row], str],
    build: Callable[[Row, str], EmailMessage],
) -> Row:
    """Send one queued email unless it was sent (or skipped) already. Idempotent.

    The row is locked while sending, so two workers running the same task cannot both send. No
    address (e.g. the contact was erased) marks it skipped. A transient failure marks the row
    failed with the reason, which staff see, and is re-raised for the task to retry; a later
    success clears it.
    """
    error: Exception | None = None
    with transaction.atomic():
        row = queryset.select_for_update(of=("self",)).get(pk=pk)
        if row.status in (OutgoingEmail.Status.SENT, OutgoingEmail.Status.SKIPPED):
            return row
        to = recipient(row)
        if not to:
            row.status = OutgoingEmail.Status.SKIPPED
            row.save(update_fields=["status", "modified"])
            return row
        row.attempts += 1
        try:
            build(row, to).send()
        except TRANSIENT_MAIL_ERRORS as exc:
            error = exc
            row.status = OutgoingEmail.Status.FAILED
            row.error = f"{type(exc).__name__}: {exc}"[:1000]
        else:
            row.status = OutgoingEmail.Status.SENT
            row.error = ""
            row.sent_at = timezone.now()
        row.save(update_fields=["status", "error", "attempts", "sent_at", "modified"])
    if error is not None:
        raise error
    return row
