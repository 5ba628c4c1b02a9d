"""Emails to people registered for events. One :class:`EventMessage` row per (registration,
reason) makes queueing idempotent; the row lock in :func:`event_message_send` makes sending so."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import EventMessage, Registration
from .tokens import registration_token

# Errors worth retrying: the mail server was busy or the network dropped.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)


def message_queue(*, registration: Registration, kind: str, key: str | None = None) -> EventMessage:
    """Queue one email for ``registration``; returns the existing row if this ``key`` was queued
    before (so calling twice never sends twice). Sending happens after commit in a task."""
    from ..event_tasks import event_message_send_task

    message, created = EventMessage.objects.get_or_create(
        registration=registration, key=key or kind, defaults={"kind": kind}
    )
    if created:
        transaction.on_commit(lambda: event_message_send_task.delay(message.pk))
    return message


def manage_url(registration: Registration) -> str:
    path = reverse(
        "engagement:registration_manage", kwargs={"token": registration_token(registration)}
    )
    return settings.SITE_URL.rstrip("/") + path


def _render(message: EventMessage) -> EmailMessage:
    registration = message.registration
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "message": message,
        "manage_url": manage_url(registration),
        "site_url": settings.SITE_URL.rstrip("/"),
        "you_said_we_did_url": settings.SITE_URL.rstrip("/")
        + (
            reverse(
                "engagement:you_said_we_did",
                kwargs={"programme_slug": event.programme.slug, "slug": event.area.slug},
            )
            if event.area_id
            else event.programme.get_absolute_url()
        ),
    }
    subject = render_to_string(f"engagement/email/{message.kind}_subject.txt", context)
    body = render_to_string(f"engagement/email/{message.kind}.txt", context)
    email = EmailMessage(subject=" ".join(subject.split()), body=body, to=[registration.email])
    if message.kind in (EventMessage.Kind.CONFIRMATION, EventMessage.Kind.REMINDER):
        from .qr import registration_qr_png

        email.attach(f"{registration.code}.png", registration_qr_png(registration), "image/png")
    return email


def event_message_send(*, message_id: int) -> EventMessage:
    """Send one queued email unless it was sent already.

    The message row is locked while sending, so two workers running the same task cannot both
    send. A transient failure marks the row failed with the reason (the coordinator sees it) and
    is re-raised for the task to retry; a later success clears it.
    """
    error: Exception | None = None
    with transaction.atomic():
        message = (
            EventMessage.objects.select_for_update(of=("self",))
            .select_related("registration__event__programme", "registration__event__area")
            .get(pk=message_id)
        )
        if message.status in (EventMessage.Status.SENT, EventMessage.Status.SKIPPED):
            return message
        if not message.registration.email:
            message.status = EventMessage.Status.SKIPPED
            message.save(update_fields=["status", "modified"])
            return message
        message.attempts += 1
        try:
            _render(message).send()
        except TRANSIENT_MAIL_ERRORS as exc:
            error = exc
            message.status = EventMessage.Status.FAILED
            message.error = f"{type(exc).__name__}: {exc}"[:1000]
        else:
            message.status = EventMessage.Status.SENT
            message.error = ""
            message.sent_at = timezone.now()
        message.save(update_fields=["status", "error", "attempts", "sent_at", "modified"])
    if error is not None:
        raise error
    return message
