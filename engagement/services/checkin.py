"""Checking people in on the day.

Two volunteers may scan the same code at the same moment. The check-in is one conditional
``UPDATE ... WHERE checked_in_at IS NULL``: PostgreSQL lets exactly one of them change the row,
the other sees "already checked in". No read-then-write, so no lock is held across requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Event, Registration, User
from .errors import DomainError
from .registrations import registration_create

_NOT_CODE = re.compile(r"[^A-Z0-9]")


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    newly: bool  # False when somebody had already checked this booking in


def normalise_code(text: str) -> str:
    return _NOT_CODE.sub("", text.upper())


def event_refuse_if_cancelled(event: Event) -> None:
    """Nobody is checked in at a cancelled event: the door volunteer is told why."""
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This event has been cancelled, so nobody can be checked in to it."))


def _check_in(*, registration: Registration, actor: User | None) -> CheckIn:
    event_refuse_if_cancelled(registration.event)
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(
            _("This booking is not confirmed (%(status)s). Add them as a walk-in if there is room.")
            % {"status": registration.get_status_display()}
        )
    now = timezone.now()
    changed = Registration.objects.filter(
        pk=registration.pk,
        status=Registration.Status.CONFIRMED,
        checked_in_at__isnull=True,
    ).update(checked_in_at=now, checked_in_by=actor, modified=now)
    if changed:
        registration.checked_in_at, registration.checked_in_by = now, actor
    else:
        registration.refresh_from_db(fields=["checked_in_at", "checked_in_by", "status"])
    return CheckIn(registration=registration, newly=bool(changed))


def registration_check_in(*, event: Event, code: str, actor: User | None) -> CheckIn:
    """Check in the booking with ``code`` at ``event``. Safe to call twice or concurrently: one
    call checks in, the others report who already did."""
    code = normalise_code(code)
    # No ordering: the unique index on code answers this in one lookup.
    found = list(
        Registration.objects.filter(code=code, event=event).select_related("event").order_by()[:1]
    )
    if not found:
        raise DomainError(_("No booking with the code %(code)s for this event.") % {"code": code})
    registration = found[0]
    return _check_in(registration=registration, actor=actor)


def registration_check_in_by_id(
    *, event: Event, registration_id: int, actor: User | None
) -> CheckIn:
    registration = (
        Registration.objects.filter(event=event, pk=registration_id).select_related("event").first()
    )
    if registration is None:
        raise DomainError(_("That booking is not for this event."))
    return _check_in(registration=registration, actor=actor)


@transaction.atomic
def registration_undo_check_in(*, registration: Registration, actor: User | None) -> Registration:
    """Undo a check-in made by mistake."""
    Registration.objects.filter(pk=registration.pk).update(
        checked_in_at=None, checked_in_by=None, modified=timezone.now()
    )
    registration.refresh_from_db()
    return registration


def walk_in_add(
    *,
    event: Event,
    actor: User | None,
    name: str,
    party_size: int = 1,
    email: str = "",
    phone: str = "",
    contact_consent: bool = False,
) -> Registration:
    """Add somebody who turned up without booking; they are checked in at once."""
    event_refuse_if_cancelled(event)
    return registration_create(
        event=event,
        actor=actor,
        name=name,
        party_size=party_size,
        email=email,
        phone=phone,
        contact_consent=contact_consent,
        source=Registration.Source.WALK_IN,
    )
