"""Plain data for the World Café rotation planner: people, tables, constraints and plans.

Nothing here imports Django: the planner is pure Python so it can be tested with hypothesis, run in
a Celery worker or a management command alike, and benchmarked without a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

PersonId = int | str
# One round is a list of tables in fixed table order; one table is the people sitting at it.
Round = Sequence[Sequence[PersonId]]

# The domain rule is "tables of 4, never more than 5"; larger tables need an explicit override.
DEFAULT_SEATS = 4
DEFAULT_MAX_SEATS = 5


class RotationError(ValueError):
    """The request itself is malformed (unknown people, bad counts, ...)."""


class InfeasibleError(RotationError):
    """The request is well formed but its hard constraints cannot all be met."""


def _frozen(items: Iterable[str]) -> frozenset[str]:
    return frozenset(str(item).strip().lower() for item in items if str(item).strip())


@dataclass(frozen=True)
class Person:
    """A checked-in participant.

    ``needs`` are table attributes this person must have (``"bsl"``, ``"welsh"``, ``"step-free"``);
    ``staff`` marks police officers, PCSOs and PCC staff, who are spread across tables so that no
    table is dominated by the organisation being held to account.
    """

    id: PersonId
    needs: frozenset[str] = field(default_factory=frozenset)
    staff: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", _frozen(self.needs))


@dataclass(frozen=True)
class Table:
    """A table in the room. A table with a ``host`` keeps that person seated there every round."""

    seats: int = DEFAULT_SEATS
    features: frozenset[str] = field(default_factory=frozenset)
    host: PersonId | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", _frozen(self.features))


@dataclass(frozen=True)
class Constraints:
    """Hard constraints beyond seats, needs and hosts.

    ``forbidden_pairs`` never share a table in the same round (e.g. a victim and a suspect).
    ``together`` groups always share a table and move together (a carer and the person they
    support; an interpreter and a BSL user). ``max_seats`` is the largest table allowed.
    """

    forbidden_pairs: frozenset[frozenset[PersonId]] = field(default_factory=frozenset)
    together: tuple[frozenset[PersonId], ...] = ()
    max_seats: int = DEFAULT_MAX_SEATS

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "forbidden_pairs", frozenset(frozenset(pair) for pair in self.forbidden_pairs)
        )
        object.__setattr__(self, "together", tuple(frozenset(group) for group in self.together))


@dataclass(frozen=True)
class Plan:
    """A seating plan: ``rounds[r][t]`` is who sits at table ``t`` in round ``r``.

    ``repeats`` counts, over every pair of people who are not in the same must-stay-together group,
    the meetings after their first (two people together in three rounds make two repeats). Played
    rounds passed in as ``fixed_rounds`` are included, unchanged, as the first ``kept`` rounds.
    """

    rounds: tuple[tuple[tuple[PersonId, ...], ...], ...]
    hosts: tuple[PersonId | None, ...]
    repeats: int
    max_meetings: int
    kept: int
    method: str

    def as_lists(self) -> list[list[list[PersonId]]]:
        return [[list(table) for table in rnd] for rnd in self.rounds]


def meeting_counts(
    rounds: Iterable[Round], together: Iterable[Iterable[PersonId]] = ()
) -> Counter[frozenset[PersonId]]:
    """How many rounds each pair shared a table, leaving out pairs in the same together-group."""
    exempt = {frozenset(pair) for group in together for pair in combinations(set(group), 2)}
    counts: Counter[frozenset[PersonId]] = Counter()
    for rnd in rounds:
        for table in rnd:
            for a, b in combinations(table, 2):
                pair = frozenset((a, b))
                if pair not in exempt:
                    counts[pair] += 1
    return counts


def count_repeats(rounds: Iterable[Round], together: Iterable[Iterable[PersonId]] = ()) -> int:
    return sum(n - 1 for n in meeting_counts(rounds, together).values())
