"""Sending the emails kept in :class:`~engagement.models.outbox.OutgoingEmail` tables.

Every email the site sends is one row of such a table, queued inside the transaction that made
it wanted and sent by one idempotent task per row (:func:`outgoing_email_send`). A sweep that
finds emails due only stores rows, so one refused address can never stop the others.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.mail import EmailMessage
from django.db import OperationalError, models, transaction
from django.utils import timezone

from ..models.outbox import OutgoingEmail
from ..queueing import enqueue_now, enqueue_on_commit
from .notify import MessageDeferred, MessageRefused, TextMessage

# Errors worth retrying: the mail server or GOV.UK Notify was busy, or the network dropped.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError, MessageDeferred)

#: The options of every task that sends one row: retry what a busy mail server or a dropped
#: network causes, a few times over about a quarter of an hour; after that the row shows the
#: reason and staff can try again.
EMAIL_TASK_OPTIONS = {
    "autoretry_for": (*TRANSIENT_MAIL_ERRORS, OperationalError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 4,
    "acks_late": True,
}

# A row still waiting after this long was never queued (Redis was down at the time) or its
# message was lost; a healthy worker sends within seconds.
OUTBOX_REQUEUE_AFTER = dt.timedelta(minutes=5)

Row = TypeVar("Row", bound=OutgoingEmail)


def outgoing_email_enqueue(email: OutgoingEmail) -> None:
    """Queue the sending of ``email`` after commit (see ``engagement.queueing``)."""
    enqueue_on_commit(email.send_task, email.pk)


def outgoing_email_send(
    *,
    queryset: models.QuerySet[Row],
    pk: int,
    recipient: Callable[[Row], str],
    build: Callable[[Row, str], EmailMessage | TextMessage],
) -> Row:
    """Send one queued email or text message unless it was sent (or skipped) already.
    Idempotent.

    The row is locked while sending, so two workers running the same task cannot both send. No
    address (e.g. the contact was erased) marks it skipped. A transient failure marks the row
    failed with the reason, which staff see, and is re-raised for the task to retry; a later
    success clears it. A permanent refusal (GOV.UK Notify said the number does not exist, say)
    marks it failed with the reason and is not retried: it would only be refused again.
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
        fields = ["status", "error", "attempts", "sent_at", "modified"]
        try:
            message = build(row, to)
            message.send()
        except TRANSIENT_MAIL_ERRORS as exc:
            error = exc
            row.status = OutgoingEmail.Status.FAILED
            row.error = f"{type(exc).__name__}: {exc}"[:1000]
        except MessageRefused as exc:
            row.status = OutgoingEmail.Status.FAILED
            row.error = f"{type(exc).__name__}: {exc}"[:1000]
        else:
            row.status = OutgoingEmail.Status.SENT
            row.error = ""
            row.sent_at = timezone.now()
            if getattr(message, "provider_id", "") and hasattr(row, "provider_id"):
                row.provider_id = message.provider_id
                fields.append("provider_id")
        row.save(update_fields=fields)
    if error is not None:
        raise error
    return row


def outbox_models() -> list[type[OutgoingEmail]]:
    """Every installed outbox table (event messages, emails to bid groups, reminders...)."""
    return [model for model in apps.get_models() if issubclass(model, OutgoingEmail)]


def outbox_requeue_stale(*, now: dt.datetime) -> int:
    """Queue again every email still waiting :data:`OUTBOX_REQUEUE_AFTER` after it was queued
    (or last re-queued); returns how many were queued. If the broker cannot be reached the
    sweep stops at once (every other row would fail the same way) and the next one tries again.

    Idempotent: each re-queued row's clock restarts, so the next sweep leaves it alone for
    another interval; sending twice is impossible anyway (``outgoing_email_send``).
    """
    queued = 0
    for model in outbox_models():
        stale = model.objects.filter(
            status=OutgoingEmail.Status.PENDING, modified__lte=now - OUTBOX_REQUEUE_AFTER
        ).order_by("pk")
        for pk in stale.values_list("pk", flat=True):
            if not enqueue_now(model.send_task, pk):
                return queued
            model.objects.filter(pk=pk, status=OutgoingEmail.Status.PENDING).update(modified=now)
            queued += 1
    return queued
