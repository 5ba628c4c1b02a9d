"""Personal data in registrations: anonymise after the programme's retention period, and the
resident's own export and erase (registered with ``engagement.privacy``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import EventMessage, Programme, Registration, User
from .audit import audit_log
from .documents import documents_discard_for_events

# Everything that can identify a person. Status, party size, source and check-in time stay, so
# published counts (registered, attended, no-shows, walk-ins) do not change.
_ANONYMISED = {
    "name": "",
    "email": "",
    "phone": "",
    "group_details": "",
    "access_needs": [],
    "access_notes": "",
    "contact_consent": False,
    "user": None,
    "checked_in_by": None,
    "registered_by": None,
}


def _anonymise(queryset, now: dt.datetime) -> int:
    """Empty the bookings' personal data and discard the PDFs that print their names."""
    rows = list(queryset.values_list("pk", "event_id"))
    ids = [pk for pk, _event in rows]
    documents_discard_for_events(event_ids=[event for _pk, event in rows])
    EventMessage.objects.filter(registration_id__in=ids).update(error="")
    return Registration.objects.filter(pk__in=ids).update(
        **_ANONYMISED, anonymised_at=now, modified=now
    )


def registrations_anonymise(*, now: dt.datetime | None = None) -> int:
    """Anonymise registrations for events that ended more than the programme's ``retention_days``
    ago, and the PDFs that name them (host packs). Idempotent: rows already anonymised are
    skipped. Returns how many were anonymised; every run writes one audit row saying so."""
    now = now or timezone.now()
    done = 0
    for programme in Programme.objects.filter(events__isnull=False).distinct():
        cutoff = now - dt.timedelta(days=programme.retention_days)
        due = Registration.objects.filter(
            event__programme=programme, event__ends_at__lt=cutoff, anonymised_at__isnull=True
        )
        with transaction.atomic():
            count = _anonymise(due, now)
            done += count
            if count:
                audit_log(
                    actor=None,
                    action="registrations.anonymise",
                    subject=programme,
                    data={"count": count, "retention_days": programme.retention_days},
                )
    audit_log(actor=None, action="retention.run", data={"registrations_anonymised": done})
    return done


def _own_registrations(user: User):
    return Registration.objects.filter(
        Q(user=user) | Q(email__iexact=user.email), anonymised_at__isnull=True
    ).select_related("event")


def registrations_export(user: User) -> dict:
    return {
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "party_size": r.party_size,
                "group_details": r.group_details,
                "access_needs": r.access_needs,
                "access_notes": r.access_notes,
                "contact_consent": r.contact_consent,
                "status": r.status,
                "code": r.code,
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            }
            for r in _own_registrations(user)
        ],
        "equality_monitoring": (
            "Equality monitoring answers are stored without your name or booking, so they "
            "cannot be found, shown or erased per person."
        ),
    }


def registrations_erase(user: User) -> None:
    """Cancel the person's future bookings (freeing places for others) and anonymise all."""
    from .registrations import registration_cancel

    now = timezone.now()
    for registration in _own_registrations(user).filter(
        status__in=Registration.ACTIVE, checked_in_at__isnull=True, event__starts_at__gt=now
    ):
        registration_cancel(registration=registration)
    _anonymise(_own_registrations(user), now)
