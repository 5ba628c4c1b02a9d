"""Reach: who registered and came, and the equality profile against the area's population.

Counts are of people (party sizes). Equality figures are only ever aggregated, and any count
from 1 to 4 is suppressed (with a second cell suppressed where one could be worked out from
the total), so nobody can be picked out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Area, EqualityResponse, Event, PopulationFigure, Registration
from ..models.equality import DIMENSIONS

SMALL_NUMBER = 5
R = Registration.Status


def reach_figures(*, events: QuerySet[Event]) -> dict[str, int]:
    """Registered, attended, no-shows and walk-ins across ``events`` in one query. No-shows
    count only events that have started."""
    confirmed = Q(status=R.CONFIRMED)
    walk_in = Q(source=Registration.Source.WALK_IN)
    started = Q(event__starts_at__lte=timezone.now())
    totals = Registration.objects.filter(event__in=events).aggregate(
        registered=Sum("party_size", filter=confirmed & ~walk_in, default=0),
        attended=Sum("party_size", filter=confirmed & Q(checked_in_at__isnull=False), default=0),
        no_shows=Sum(
            "party_size",
            filter=confirmed & ~walk_in & Q(checked_in_at__isnull=True) & started,
            default=0,
        ),
        walk_ins=Sum("party_size", filter=confirmed & walk_in, default=0),
        waiting=Sum("party_size", filter=Q(status=R.WAITING), default=0),
        cancelled=Count("pk", filter=Q(status=R.CANCELLED)),
    )
    totals["events"] = events.count()
    return totals


@dataclass
class Cell:
    value: str
    label: str
    count: int
    suppressed: bool = False
    share: Decimal | None = None  # percentage of responses
    population: Decimal | None = None  # percentage of the area's population
    under_represented: bool = False

    @property
    def shown(self) -> str:
        return _("fewer than 5") if self.suppressed else str(self.count)


@dataclass
class Dimension:
    name: str
    label: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Profile:
    responses: int
    dimensions: list[Dimension]
    comparable: bool  # enough responses and population figures to compare

    @property
    def under_represented(self) -> list[Cell]:
        return [c for d in self.dimensions for c in d.cells if c.under_represented]


def _field(dimension: str, value: str) -> tuple[str, Q]:
    if dimension == "groups":
        return f"group_{value}", Q(**{f"group_{value}": True})
    return dimension, Q(**{dimension: value})


def _suppress(cells: list[Cell]) -> None:
    for cell in cells:
        cell.suppressed = 0 < cell.count < SMALL_NUMBER
    # One hidden cell in a dimension that adds up to the total could be worked out by
    # subtraction: hide the next smallest too.
    hidden = [c for c in cells if c.suppressed]
    if len(hidden) == 1:
        rest = sorted((c for c in cells if not c.suppressed and c.count > 0), key=lambda c: c.count)
        if rest:
            rest[0].suppressed = True


def equality_profile(*, events: QuerySet[Event], area: Area | None = None) -> Profile:
    """The equality answers for ``events`` in one aggregate query, compared with ``area``'s
    Census figures when given. A group is flagged under-represented when its share of the
    answers is below ``EVENTS_UNDER_REPRESENTED_RATIO`` (default 0.75) of its population share
    and there are at least ``EVENTS_MIN_RESPONSES_TO_COMPARE`` (default 10) answers."""
    aggregates = {"total": Count("pk")}
    for dimension, (_label, choices) in DIMENSIONS.items():
        for value in choices.values:
            _name, condition = _field(dimension, value)
            aggregates[f"{dimension}__{value}"] = Count("pk", filter=condition)
    counts = EqualityResponse.objects.filter(event__in=events).aggregate(**aggregates)
    total = counts.pop("total")
    population = {}
    if area is not None:
        population = dict(PopulationFigure.objects.filter(area=area).values_list("key", "percent"))
    ratio = Decimal(str(getattr(settings, "EVENTS_UNDER_REPRESENTED_RATIO", 0.75)))
    minimum = getattr(settings, "EVENTS_MIN_RESPONSES_TO_COMPARE", 10)
    comparable = bool(population) and total >= minimum
    dimensions = []
    for dimension, (label, choices) in DIMENSIONS.items():
        cells = []
        for value, value_label in choices.choices:
            count = counts[f"{dimension}__{value}"]
            cell = Cell(value=value, label=str(value_label), count=count)
            if total:
                cell.share = (Decimal(count) * 100 / total).quantize(Decimal("0.1"))
            cell.population = population.get(f"{dimension}:{value}")
            if comparable and cell.population:
                cell.under_represented = cell.share < cell.population * ratio
            cells.append(cell)
        if dimension != "groups":
            answered = sum(c.count for c in cells)
            cells.append(Cell(value="", label=str(_("Not answered")), count=total - answered))
        _suppress(cells)
        for cell in cells:
            if cell.suppressed:
                cell.share = None
        dimensions.append(Dimension(name=dimension, label=str(label), cells=cells))
    return Profile(responses=total, dimensions=dimensions, comparable=comparable)
