"""Scheduled messages: reminders before events and thank-yous after. Run by Celery beat.

Each message has a unique key per registration (``reminder-48``, ``thank-you``), so running a
task twice, or two beat ticks overlapping, queues every message once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import Event, EventMessage, Registration

# How far back the thank-you task looks, so a worker that was down catches up but an old event
# never sends thank-yous months later.
THANK_YOU_WINDOW = dt.timedelta(days=7)


def reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders that are due now; returns how many were queued.

    A reminder "48 hours before" is due from 48 hours before the start until the start. People
    who booked after that moment are not reminded (their confirmation has just arrived)."""
    now = now or timezone.now()
    queued = 0
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=720),
    )
    for event in events:
        for hours in event.reminder_offsets:
            due_from = event.starts_at - dt.timedelta(hours=hours)
            if now < due_from:
                continue
            key = f"reminder-{hours}"
            registrations = (
                event.registrations.confirmed()
                .exclude(email="")
                .filter(created__lt=due_from)
                .exclude(messages__key=key)
            )
            for registration in registrations:
                queued += _queue(registration, EventMessage.Kind.REMINDER, key)
    return queued


def thank_yous_queue(*, now: dt.datetime | None = None) -> int:
    """Mark finished events completed and thank everyone who came. Returns how many queued."""
    now = now or timezone.now()
    Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__lte=now).update(
        status=Event.Status.COMPLETED, modified=now
    )
    queued = 0
    registrations = (
        Registration.objects.filter(
            event__status=Event.Status.COMPLETED,
            event__ends_at__lte=now,
            event__ends_at__gt=now - THANK_YOU_WINDOW,
            checked_in_at__isnull=False,
        )
        .exclude(email="")
        .exclude(messages__key="thank-you")
    )
    for registration in registrations:
        queued += _queue(registration, EventMessage.Kind.THANK_YOU, "thank-you")
    return queued


def _queue(registration: Registration, kind: str, key: str) -> int:
    from .messages import message_queue

    with transaction.atomic():
        before = EventMessage.objects.filter(registration=registration, key=key).exists()
        message_queue(registration=registration, kind=kind, key=key)
    return 0 if before else 1
