"""Reads for events: lists, clashes, registrations and live attendance."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from ..access import area_q, event_staff_q, registration_door_q
from ..models import Area, Event, EventMessage, Programme, Registration, Role
from ..roles import scope_q

R = Registration.Status


def event_list(
    *,
    user,
    programme: Programme | None = None,
    area: Area | None = None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    include_past: bool = False,
) -> QuerySet[Event]:
    """Events the public list shows (published, public, programme live), filtered. Upcoming
    only unless ``include_past`` or a start date is given."""
    qs = Event.objects.listed().select_related("programme", "area")
    if programme is not None:
        qs = qs.filter(programme=programme)
    if area is not None:
        qs = qs.filter(area=area)
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(starts_at__date__gte=date_from)
    elif not include_past:
        qs = qs.filter(ends_at__gte=timezone.now())
    if date_to:
        qs = qs.filter(starts_at__date__lte=date_to)
    return qs.order_by("starts_at", "title")


def managed_event_list(*, user) -> QuerySet[Event]:
    """Every event (drafts too) in the programmes and areas where the user is staff."""
    return (
        Event.objects.filter(event_staff_q(user))
        .select_related("programme", "area")
        .annotate(
            booked=Sum("registrations__party_size", filter=Q(registrations__status=R.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=R.WAITING)),
        )
        .order_by("-starts_at")
    )


def event_get(*, slug: str) -> Event:
    return Event.objects.select_related("programme", "area").get(slug=slug)


def event_clashes(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    area: Area | None,
    venue_name: str = "",
    venue_postcode: str = "",
    exclude: Event | None = None,
) -> QuerySet[Event]:
    """Events (not cancelled) overlapping the time at the same venue or in the same area."""
    same_place = Q(pk__in=[])
    if area is not None:
        same_place |= Q(area=area)
    if venue_name.strip():
        venue = Q(venue_name__iexact=venue_name.strip())
        if venue_postcode.strip():
            venue &= Q(venue_postcode__iexact=venue_postcode.strip())
        same_place |= venue
    qs = (
        Event.objects.overlapping(starts_at, ends_at)
        .exclude(status=Event.Status.CANCELLED)
        .filter(same_place)
        .select_related("area")
    )
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("starts_at")


def registration_list(*, user, event: Event, search: str = "") -> QuerySet[Registration]:
    """The event's bookings (not cancelled) that ``user`` may read, by status and name."""
    qs = (
        event.registrations.filter(registration_door_q(user))
        .exclude(status=R.CANCELLED)
        .select_related("checked_in_by")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=EventMessage.objects.order_by("-created", "-pk"),
                to_attr="recent_messages",
            )
        )
    )
    if search.strip():
        qs = qs.search(search)
    return qs.order_by("status", "name")


def attendance_figures(*, event: Event) -> dict[str, int]:
    """Live numbers for the door and the coordinator's screen, in one query. People, not
    bookings: a booking for a parent and two children counts 3."""
    people = "party_size"
    confirmed = Q(status=R.CONFIRMED)
    walk_in = Q(source=Registration.Source.WALK_IN)
    totals = event.registrations.aggregate(
        booked=Sum(people, filter=confirmed & ~walk_in, default=0),
        arrived=Sum(
            people, filter=confirmed & ~walk_in & Q(checked_in_at__isnull=False), default=0
        ),
        walk_ins=Sum(people, filter=confirmed & walk_in, default=0),
        waiting=Sum(people, filter=Q(status=R.WAITING), default=0),
        offered=Sum(people, filter=Q(status=R.OFFERED), default=0),
        bookings_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    totals["present"] = totals["arrived"] + totals["walk_ins"]
    totals["expected"] = totals["booked"] - totals["arrived"]
    totals["capacity"] = event.capacity
    totals["over_capacity"] = max(0, totals["present"] - (event.capacity or totals["present"]))
    return totals


def still_expected(*, event: Event) -> QuerySet[Registration]:
    """Confirmed bookings nobody has checked in yet, by name (the door's "still to come")."""
    return (
        event.registrations.filter(status=R.CONFIRMED, checked_in_at__isnull=True)
        .exclude(source=Registration.Source.WALK_IN)
        .order_by("name")
    )


def arrivals_over_time(*, event: Event, step_minutes: int = 10) -> list[dict]:
    """People checked in (walk-ins included) in each ``step_minutes`` from the first arrival,
    with the running total, for the live page's chart."""
    import datetime as dt

    rows = list(
        event.registrations.filter(status=R.CONFIRMED, checked_in_at__isnull=False)
        .order_by("checked_in_at")
        .values_list("checked_in_at", "party_size")
    )
    if not rows:
        return []
    step = dt.timedelta(minutes=step_minutes)
    start = rows[0][0].replace(second=0, microsecond=0)
    start -= dt.timedelta(minutes=start.minute % step_minutes)
    buckets: dict[int, int] = {}
    for at, people in rows:
        index = int((at - start) // step)
        buckets[index] = buckets.get(index, 0) + people
    out, total = [], 0
    for index in range(max(buckets) + 1):
        total += buckets.get(index, 0)
        out.append({"at": start + index * step, "arrived": buckets.get(index, 0), "total": total})
    return out


def message_problems(*, event: Event) -> QuerySet[EventMessage]:
    """Emails that failed (after retries) or are still waiting, for the coordinator."""
    return (
        EventMessage.objects.filter(registration__event=event)
        .exclude(status__in=[EventMessage.Status.SENT, EventMessage.Status.SKIPPED])
        .select_related("registration")
        .order_by("-modified")
    )


def message_summary(*, event: Event) -> dict[str, int]:
    """How many of the event's emails are in each state, keyed by the state's (translated)
    label, in the states' order."""
    rows = (
        EventMessage.objects.filter(registration__event=event)
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    return {
        str(status.label): counts[status.value]
        for status in EventMessage.Status
        if status.value in counts
    }


def coordinated_areas(*, user) -> QuerySet[Area]:
    """Areas where the user may create events (coordinator of the area or its programme)."""
    return Area.objects.filter(area_q(user, Role.COORDINATOR)).select_related("programme")


def coordinated_programmes(*, user) -> QuerySet[Programme]:
    """Programmes where the user may create a programme-wide event (a programme-wide role)."""
    return Programme.objects.filter(scope_q(user, Role.COORDINATOR, area=None, programme="pk"))
