"""Reach: who registered and came, and the equality profile against the area's population.

Counts are of people (party sizes). Equality figures are only ever aggregated, and any count
from 1 to 4 is suppressed (with a second cell suppressed where one could be worked out from
the total, labelled as hidden rather than as small), so nobody can be picked out. Below
``BREAKDOWN_MIN_RESPONSES`` answers in all no breakdown is shown: with two answers, "fewer than
5" beside zeros would read off both people's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Area, EqualityResponse, Event, PopulationFigure, Programme, Registration
from ..models.equality import DIMENSIONS

SMALL_NUMBER = 5
BREAKDOWN_MIN_RESPONSES = 10
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
    # Hidden only because another cell is small (it could be worked out from the total): the
    # count itself may be large, so it must not be called "fewer than 5".
    hidden_to_protect_others: bool = False
    share: Decimal | None = None  # percentage of responses
    population: Decimal | None = None  # percentage of the area's population
    under_represented: bool = False

    @property
    def shown(self) -> str:
        if not self.suppressed:
            return str(self.count)
        if self.hidden_to_protect_others:
            return _("hidden to protect small numbers")
        return _("fewer than 5")

    @property
    def hidden_text(self) -> str:
        """What a list says instead of the share of a hidden cell."""
        if self.hidden_to_protect_others:
            return _("hidden to protect small numbers")
        return _("fewer than 5 people")


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
    def breakdown_hidden(self) -> bool:
        """Too few answers for any breakdown (the dimensions are then left out)."""
        return 0 < self.responses < BREAKDOWN_MIN_RESPONSES

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
            rest[0].hidden_to_protect_others = True


def area_population(area: Area) -> dict[str, Decimal]:
    """The area's Census shares, as percentages by key (``"age_band:65_74"``)."""
    return dict(PopulationFigure.objects.filter(area=area).values_list("key", "percent"))


def programme_population(programme: Programme) -> dict[str, Decimal]:
    """Each group's share of the programme's population, in one query: its areas' Census
    shares weighted by their populations. Areas without a population or without figures are
    left out, so they neither dilute nor inflate anyone's share."""
    rows = PopulationFigure.objects.filter(
        area__programme=programme, area__population__gt=0
    ).values_list("area_id", "area__population", "key", "percent")
    people: dict[int, int] = {}
    weighted: dict[str, Decimal] = {}
    for area_id, area_people, key, percent in rows:
        people[area_id] = area_people
        weighted[key] = weighted.get(key, Decimal(0)) + percent * area_people
    total = sum(people.values())
    if not total:
        return {}
    return {key: (value / total).quantize(Decimal("0.1")) for key, value in weighted.items()}


def equality_profile(*, events: QuerySet[Event], area: Area | None = None) -> Profile:
    """The equality answers for ``events``, compared with ``area``'s Census figures when given
    (see :func:`_profile` for the rule)."""
    return _profile(events=events, population=area_population(area) if area is not None else {})


def programme_equality_profile(*, programme: Programme, events: QuerySet[Event]) -> Profile:
    """The equality answers for ``events`` (the programme's, or a period of them), compared with
    the programme's weighted population: what the programme reach page and the programme's
    impact report both show."""
    return _profile(events=events, population=programme_population(programme))


def _profile(*, events: QuerySet[Event], population: dict[str, Decimal]) -> Profile:
    """The answers in one aggregate query. A group is flagged under-represented when its share
    of the answers (as shown, to 0.1%) is below ``EVENTS_UNDER_REPRESENTED_RATIO`` of its
    ``population`` share and there are at least ``EVENTS_MIN_RESPONSES_TO_COMPARE`` answers."""
    aggregates = {"total": Count("pk")}
    for dimension, (_label, choices) in DIMENSIONS.items():
        for value in choices.values:
            _name, condition = _field(dimension, value)
            aggregates[f"{dimension}__{value}"] = Count("pk", filter=condition)
    counts = EqualityResponse.objects.filter(event__in=events).aggregate(**aggregates)
    total = counts.pop("total")
    ratio = Decimal(str(settings.EVENTS_UNDER_REPRESENTED_RATIO))
    comparable = bool(population) and total >= settings.EVENTS_MIN_RESPONSES_TO_COMPARE
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
    if total < BREAKDOWN_MIN_RESPONSES:
        dimensions, comparable = [], False
    return Profile(responses=total, dimensions=dimensions, comparable=comparable)
