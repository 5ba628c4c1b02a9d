"""Recording offers for other people at an event: which events a recorder can name, and the day
in which the person who recorded an offer may still correct it.

A volunteer typing fast at a fun day makes mistakes that only they can spot (the number they
misheard, the wrong box ticked), so for a day after recording they may correct what they
recorded. After that the offer is the offerer's and the coordinators' to change: a volunteer
should not keep editing somebody else's personal data.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from engagement.models import Event
from engagement.roles import RECORDER_ROLES, grants, scope_q

from .models import Offer

#: How long the person who recorded an offer for somebody else may correct it.
CORRECTION_WINDOW = dt.timedelta(hours=24)

# Events a recorder may name: running today, or yesterday's or tomorrow's (a fun day that
# ran late, paper forms typed in the next morning).
EVENT_DAYS_EITHER_SIDE = 1


def correction_ends_at(offer: Offer) -> dt.datetime:
    return offer.created + CORRECTION_WINDOW


def is_recorder_of(user, offer: Offer | None) -> bool:
    """The user recorded this offer for somebody else (not their own offer)."""
    return bool(
        offer is not None
        and user is not None
        and user.is_authenticated
        and offer.recorded_by_id == user.pk
        and offer.offered_by_id != user.pk
    )


def recorder_may_correct(user, offer: Offer | None, *, now: dt.datetime | None = None) -> bool:
    """The recorder may still correct the offer: within a day of recording it."""
    if not is_recorder_of(user, offer):
        return False
    return (now or timezone.now()) < correction_ends_at(offer)


def recording_events(*, user, today: dt.date | None = None) -> QuerySet[Event]:
    """Events the user may record offers at: in their recording scope, around today."""
    today = today or timezone.localdate()
    start = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=EVENT_DAYS_EITHER_SIDE), dt.time.min)
    )
    end = timezone.make_aware(
        dt.datetime.combine(today + dt.timedelta(days=EVENT_DAYS_EITHER_SIDE), dt.time.max)
    )
    # A programme-wide event (no area) is open to the recorders of any of its areas.
    programmes = {g.programme_id for g in grants(user) if g.role in RECORDER_ROLES}
    in_scope = scope_q(user, RECORDER_ROLES, area="area", programme="programme") | Q(
        area__isnull=True, programme__in=programmes
    )
    return (
        Event.objects.filter(in_scope)
        .filter(
            status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED],
            starts_at__lte=end,
            ends_at__gte=start,
        )
        .select_related("area", "programme")
        .order_by("starts_at", "pk")
    )
