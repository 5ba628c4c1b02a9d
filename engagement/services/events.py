"""Creating, changing and cancelling events; people booked hear about moves and cancellations."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ..languages import in_source_language
from ..models import Area, Event, EventMessage, Programme, User
from .audit import audit_log
from .errors import DomainError
from .messages import message_queue
from .registrations import _lock_event, event_offer_free_places

# A change to any of these is a "move" that everyone booked is told about.
MOVE_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "venue_postcode")


@transaction.atomic
def event_create(
    *, actor: User | None, programme: Programme, area: Area | None = None, **fields: Any
) -> Event:
    """Create an event (a draft unless ``status`` says otherwise); audit-logged."""
    if fields.get("status") in (Event.Status.CANCELLED, Event.Status.COMPLETED):
        raise DomainError(_("A new event starts as a draft or published."))
    with in_source_language():
        event = Event(programme=programme, area=area, created_by=actor, **fields)
        event.full_clean()
        event.save()
    audit_log(actor=actor, action="event.create", subject=event, data={"kind": event.kind})
    return event


def _move_key(event: Event) -> str:
    raw = "|".join(str(getattr(event, f)) for f in MOVE_FIELDS)
    return "changed-" + hashlib.sha256(raw.encode()).hexdigest()[:16]


@transaction.atomic
def event_update(*, actor: User | None, event: Event, **fields: Any) -> Event:
    """Change an event. If it is published and its time or venue changes, everyone booked or
    waiting is emailed once about the new details; if places grow, the waiting list is offered
    them. Cancel with :func:`event_cancel`, not by setting the status here. Locks the event row."""
    event = _lock_event(event)
    before = {f: getattr(event, f) for f in MOVE_FIELDS}
    if fields.get("status") == Event.Status.CANCELLED and event.status != Event.Status.CANCELLED:
        raise DomainError(_("Use “Cancel event” to cancel, so people are told."))
    old_capacity = event.capacity - event.reserved_places
    with in_source_language():
        for name, value in fields.items():
            setattr(event, name, value)
        event.full_clean()
        event.save()
    moved = [f for f in MOVE_FIELDS if getattr(event, f) != before[f]]
    audit_log(
        actor=actor,
        action="event.update",
        subject=event,
        data={"fields": sorted(fields), "moved": moved},
    )
    if moved and event.status == Event.Status.PUBLISHED:
        key = _move_key(event)
        for registration in event.registrations.active():
            message_queue(registration=registration, kind=EventMessage.Kind.CHANGED, key=key)
    if event.capacity - event.reserved_places > old_capacity:
        event_offer_free_places(event=event)
    return event


@transaction.atomic
def event_cancel(*, actor: User | None, event: Event, reason: str = "") -> Event:
    """Cancel an event and email everyone booked, offered or waiting. Idempotent."""
    event = _lock_event(event)
    if event.status == Event.Status.CANCELLED:
        return event
    if event.status == Event.Status.COMPLETED:
        raise DomainError(_("A completed event cannot be cancelled."))
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "modified"])
    audit_log(actor=actor, action="event.cancel", subject=event, data={"reason": reason[:500]})
    if event.starts_at > event.modified:
        for registration in event.registrations.active():
            message_queue(registration=registration, kind=EventMessage.Kind.CANCELLED)
    return event
