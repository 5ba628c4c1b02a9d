"""Emails to people registered for events. One :class:`EventMessage` row per (registration,
reason) makes queueing idempotent; the row lock in :func:`event_message_send` makes sending so."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Event, EventMessage, Registration, User
from .audit import audit_log
from .outbox import outgoing_email_enqueue, outgoing_email_send
from .tokens import registration_token


def message_queue(*, registration: Registration, kind: str, key: str | None = None) -> EventMessage:
    """Queue one email for ``registration``; returns the existing row if this ``key`` was queued
    before (so calling twice never sends twice). Sending happens after commit in a task."""
    message, created = EventMessage.objects.get_or_create(
        registration=registration, key=key or kind, defaults={"kind": kind}
    )
    if created:
        outgoing_email_enqueue(message)
    return message


def manage_url(registration: Registration) -> str:
    path = reverse(
        "engagement:registration_manage", kwargs={"token": registration_token(registration)}
    )
    return settings.SITE_URL.rstrip("/") + path


def _render(message: EventMessage) -> EmailMessage:
    # In the language the person booked in, whatever language the worker happens to be in.
    with translation.override(message.registration.language or settings.LANGUAGE_CODE):
        return _render_in_language(message)


def _render_in_language(message: EventMessage) -> EmailMessage:
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


@transaction.atomic
def messages_retry_failed(*, event: Event, actor: User | None) -> int:
    """Try again now the emails of ``event`` that failed after all their retries (the mail
    server was down for a while, say). Each goes through the same idempotent task, so an email
    that went out meanwhile is not sent twice; each is waiting to send again until then, so the
    sweeper queues it if the queue itself is down. Audit-logged; returns how many were queued."""
    failed = list(
        EventMessage.objects.select_for_update(of=("self",))
        .filter(registration__event=event, status=EventMessage.Status.FAILED)
        .order_by("pk")
    )
    for message in failed:
        message.status = EventMessage.Status.PENDING
        message.save(update_fields=["status", "modified"])
        outgoing_email_enqueue(message)
    if failed:
        audit_log(
            actor=actor, action="event.emails.retry", subject=event, data={"count": len(failed)}
        )
    return len(failed)


def event_message_send(*, message_id: int) -> EventMessage:
    """Send one queued email unless it was sent already (see ``outgoing_email_send``)."""
    return outgoing_email_send(
        queryset=EventMessage.objects.select_related(
            "registration__event__programme", "registration__event__area"
        ),
        pk=message_id,
        recipient=lambda message: message.registration.email,
        build=lambda message, _to: _render(message),
    )
