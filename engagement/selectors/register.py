"""Reads of the engagement register: the search and the gaps table, within what the user sees."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ..access import activity_q, programme_areas_q
from ..models import Area, Audience, EngagementActivity, Strand
from ..roles import STAFF_ROLES


def register_areas(*, user) -> QuerySet[Area]:
    """Areas offered in the register's filter: every area of the programmes whose register the
    user reads."""
    return Area.objects.filter(programme_areas_q(user, STAFF_ROLES)).select_related("programme")


def _in_area(area: Area) -> Q:
    """An area's own activities and its programme's programme-wide ones."""
    return Q(area=area) | Q(area__isnull=True, programme=area.programme_id)


def activity_list(
    *,
    user,
    q: str = "",
    area: Area | None = None,
    strand: str = "",
    kind: str = "",
    audience: str = "",
    police_can_join: bool = False,
) -> QuerySet[EngagementActivity]:
    """Current activities the user may read, filtered, latest start first."""
    qs = EngagementActivity.objects.filter(activity_q(user)).select_related(
        "programme", "area", "partner"
    )
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(partner__name__icontains=q)
        )
    if area is not None:
        qs = qs.filter(_in_area(area))
    if strand:
        qs = qs.filter(strand=strand)
    if kind:
        qs = qs.filter(kind=kind)
    if audience:
        qs = qs.filter(audiences__icontains=f'"{audience}"')
    if police_can_join:
        qs = qs.filter(police_can_join=True)
    return qs.current().order_by("-starts_on", "title")


def activity_gaps(*, user, area: Area | None = None) -> list[tuple[str, list[int]]]:
    """(audience, [count per strand]) over current activities the user may read (in ``area``
    if given), in one query; a zero is a gap."""
    qs = EngagementActivity.objects.filter(activity_q(user)).current()
    if area is not None:
        qs = qs.filter(_in_area(area))
    aggregates = {
        f"{a}__{s}": Count("pk", filter=Q(strand=s, audiences__icontains=f'"{a}"'))
        for a in Audience.values
        for s in Strand.values
    }
    counts = qs.aggregate(**aggregates)
    return [(label, [counts[f"{a}__{s}"] for s in Strand.values]) for a, label in Audience.choices]
