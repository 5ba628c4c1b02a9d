"""Booking places on events: registration, the waiting list and cancellation.

Every write that depends on how many places are left locks the event row first
(``select_for_update``), so two people can never both take the last place.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import AccessNeed, Event, EventMessage, Registration, User
from ..models.registrations import CODE_ALPHABET, CODE_LENGTH
from ..phones import is_uk_mobile, uk_phone_parse
from .audit import audit_log
from .errors import DomainError
from .messages import message_queue

Status = Registration.Status
Source = Registration.Source


@dataclass(frozen=True)
class Places:
    capacity: int
    reserved: int
    taken_public: int
    taken_reserved: int

    @property
    def public_free(self) -> int:
        return max(0, self.capacity - self.reserved - self.taken_public)

    @property
    def reserved_free(self) -> int:
        return max(0, self.reserved - self.taken_reserved)

    @property
    def taken(self) -> int:
        return self.taken_public + self.taken_reserved


def event_places(event: Event) -> Places:
    """Places taken (confirmed bookings and open offers, counting whole parties) and free."""
    totals = event.registrations.holding_places().aggregate(
        public=Sum("party_size", filter=Q(uses_reserved_place=False), default=0),
        reserved=Sum("party_size", filter=Q(uses_reserved_place=True), default=0),
    )
    return Places(event.capacity, event.reserved_places, totals["public"], totals["reserved"])


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Registration.objects.filter(code=code).exists():
            return code


def _lock_event(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("programme", "area")
        .get(pk=event.pk)
    )


def _email_language(language: str | None, source: str) -> str:
    if language is None and source == Source.ONLINE:
        language = translation.get_language()
    if not language:
        return ""
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return ""


def _stored_phone(typed: str) -> str:
    """A UK number in one form (+447700900123) so texts reach it; anything else as typed."""
    phone = uk_phone_parse(typed)
    return phone.e164 if phone is not None else typed.strip()


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str = "",
    phone: str = "",
    party_size: int = 1,
    group_details: str = "",
    access_needs: Iterable[str] = (),
    access_notes: str = "",
    contact_consent: bool = False,
    user: User | None = None,
    actor: User | None = None,
    source: str = Source.ONLINE,
    use_reserved_place: bool = False,
    join_waiting_list: bool = True,
    language: str | None = None,
    contact_by: str = Registration.ContactBy.EMAIL,
) -> Registration:
    """Book ``party_size`` places for a person, or put them on the waiting list when full.

    Online bookings need registration to be open; staff booking by phone or on paper may book
    until the event ends and may use reserved places. Walk-ins are always let in (they are in
    the room) and are checked in at once. Locks the event row. Queues a confirmation (or
    waiting-list) email after commit, in ``language`` (by default, for an online booking, the
    language the page was in; for staff bookings, the site's).
    """
    event = _lock_event(event)
    now = timezone.now()
    email = email.strip().lower()
    if event.status != Event.Status.PUBLISHED:
        raise DomainError(_("This event is not taking bookings."))
    if source == Source.ONLINE and not event.registration_is_open(now):
        raise DomainError(_("Registration for this event is closed."))
    if source != Source.ONLINE and event.ends_at <= now:
        raise DomainError(_("This event has finished."))
    if not name.strip():
        raise DomainError(_("Please give a name."))
    if source == Source.ONLINE and not (email or phone.strip()):
        raise DomainError(_("Please give an email address or a phone number so we can reach you."))
    if email and event.registrations.active().filter(email__iexact=email).exists():
        raise DomainError(
            _(
                "This email address is already booked on this event. "
                "Use the link in your email to change the booking."
            )
        )
    phone = _stored_phone(phone)
    if contact_by == Registration.ContactBy.TEXT and not is_uk_mobile(phone):
        raise DomainError(_("Text messages need a mobile number (one starting 07)."))
    unknown = set(access_needs) - set(AccessNeed.values)
    if unknown:
        raise DomainError(_("Please choose access needs from the list."))

    registration = Registration(
        event=event,
        user=user if user is not None and user.is_authenticated else None,
        name=name.strip(),
        email=email,
        phone=phone,
        party_size=party_size,
        group_details=group_details.strip(),
        access_needs=sorted(set(access_needs)),
        access_notes=access_notes.strip(),
        contact_consent=contact_consent,
        source=source,
        contact_by=contact_by,
        code=_new_code(),
        registered_by=actor if actor is not None and source != Source.ONLINE else None,
        language=_email_language(language, source),
    )
    places = event_places(event)
    if source == Source.WALK_IN:
        registration.status = Status.CONFIRMED
        registration.checked_in_at = now
        registration.checked_in_by = actor
    elif source != Source.ONLINE and use_reserved_place and party_size <= places.reserved_free:
        registration.status = Status.CONFIRMED
        registration.uses_reserved_place = True
    elif party_size <= places.public_free:
        registration.status = Status.CONFIRMED
    elif join_waiting_list:
        registration.status = Status.WAITING
        registration.queued_at = now
    else:
        raise DomainError(_("Sorry, this event is full."))
    registration.full_clean()
    registration.save()
    if source != Source.ONLINE:
        audit_log(
            actor=actor,
            action="registration.create",
            subject=registration,
            data={"source": source, "status": registration.status},
        )
    if source != Source.WALK_IN:
        kind = (
            EventMessage.Kind.CONFIRMATION
            if registration.status == Status.CONFIRMED
            else EventMessage.Kind.WAITING
        )
        message_queue(registration=registration, kind=kind)
    return registration


def _offer_free_places(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Offer freed places to the waiting list, first come first served. The caller holds the
    event lock. A party too big for what is free keeps its place in the queue while smaller
    parties behind it are offered what fits (a place never sits empty waiting for a group)."""
    if event.status != Event.Status.PUBLISHED or event.starts_at <= now:
        return []
    free = event_places(event).public_free
    offered = []
    expires = min(now + dt.timedelta(hours=event.offer_hours), event.starts_at)
    for registration in event.registrations.waiting().select_for_update():
        if free <= 0:
            break
        if registration.party_size > free:
            continue
        registration.status = Status.OFFERED
        registration.offer_expires_at = expires
        registration.save(update_fields=["status", "offer_expires_at", "modified"])
        message_queue(registration=registration, kind=EventMessage.Kind.OFFER)
        free -= registration.party_size
        offered.append(registration)
    return offered


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User | None = None) -> Registration:
    """Cancel a booking (or a place on the waiting list) and offer the freed places to the next
    people waiting. Idempotent: cancelling twice changes nothing. Locks the event row."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in Registration.ACTIVE:
        return registration
    if registration.checked_in_at is not None:
        raise DomainError(_("This person has already been checked in."))
    held_place = registration.status in Registration.PLACE_HOLDING
    now = timezone.now()
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "offer_expires_at", "modified"])
    if actor is not None and actor.is_authenticated:
        audit_log(actor=actor, action="registration.cancel", subject=registration)
    if held_place:
        _offer_free_places(event, now=now)
    return registration


@transaction.atomic
def registration_accept_offer(*, registration: Registration) -> Registration:
    """Take up an offered place before the offer lapses. Locks the event row."""
    _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CONFIRMED:
        return registration
    if registration.status != Status.OFFERED or registration.offer_expires_at <= timezone.now():
        raise DomainError(_("Sorry, this offer has lapsed and the place has gone to someone else."))
    registration.status = Status.CONFIRMED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at", "modified"])
    message_queue(
        registration=registration, kind=EventMessage.Kind.CONFIRMATION, key="confirmation-offer"
    )
    return registration


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Lapse offers past their deadline and offer the places to the next people waiting.
    Idempotent: a second run finds nothing more to lapse. Returns how many lapsed."""
    now = now or timezone.now()
    lapsed = 0
    event_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            lapsed += event.registrations.filter(
                status=Status.OFFERED, offer_expires_at__lte=now
            ).update(status=Status.EXPIRED, modified=now)
            _offer_free_places(event, now=now)
    return lapsed


@transaction.atomic
def event_offer_free_places(*, event: Event) -> list[Registration]:
    """Offer any free places to the waiting list (after capacity grows). Locks the event row."""
    return _offer_free_places(_lock_event(event), now=timezone.now())
