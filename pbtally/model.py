"""Plain data types shared by the parser, the validators and the rules.

Ballots are stored column-wise as tuples of project *indices* rather than one object per voter:
a city election has ~100,000 ballots and building an object per ballot would cost more than the
whole tally. The web layer builds elections from :class:`Ballot` objects with
:meth:`Election.from_ballots` and never needs to see the index form.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from .errors import BallotError

#: Money is exact: ``int`` when whole, ``Fraction`` for decimal amounts such as 1538904.42.
Money = int | Fraction


def to_money(text: str) -> Money:
    """Parse ``"2000"``, ``"1538904.42"`` or ``"1e6"`` exactly (never through a float)."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        value = Fraction(text)  # raises ValueError for junk; callers wrap it
        return value.numerator if value.denominator == 1 else value


class BallotKind(StrEnum):
    """Ballot types; values are pabulib ``vote_type`` names (``knapsack`` is ours)."""

    APPROVAL = "approval"
    CHOOSE_ONE = "choose-1"
    CUMULATIVE = "cumulative"
    ORDINAL = "ordinal"
    SCORE = "scoring"
    KNAPSACK = "knapsack"

    @classmethod
    def parse(cls, text: str) -> BallotKind:
        """Accept pabulib names and the obvious aliases used in our UI."""
        aliases = {"score": cls.SCORE, "choose_one": cls.CHOOSE_ONE, "choose1": cls.CHOOSE_ONE}
        key = text.strip().lower()
        return aliases.get(key) or cls(key)

    @property
    def weighted(self) -> bool:
        """True when marks carry points (cumulative, scoring, ordinal positions)."""
        return self in (BallotKind.CUMULATIVE, BallotKind.SCORE, BallotKind.ORDINAL)


@dataclass(frozen=True, slots=True)
class Project:
    """A bid. ``id`` is the pabulib ``project_id`` (or our primary key as text)."""

    id: str
    cost: Money
    category: str | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class BallotRules:
    """What a valid ballot looks like. ``None`` means "no limit".

    ``ordinal_places`` is *k* for positional points: with k places the first choice gets k
    points, the second k-1, ... (pabulib's Krakow convention: ``max_length - position``).
    """

    kind: BallotKind = BallotKind.APPROVAL
    max_choices: int | None = None
    min_choices: int | None = None
    max_points_per_bid: int | None = None
    max_total_points: int | None = None
    min_score: int = 0
    max_score: int | None = None
    score_every_bid: bool = False
    knapsack_budget: Money | None = None
    ordinal_places: int | None = None

    @property
    def max_mark(self) -> int | None:
        """Largest support one voter can give one bid (for percentage thresholds)."""
        if self.kind is BallotKind.SCORE:
            return self.max_score
        if self.kind is BallotKind.CUMULATIVE:
            return self.max_points_per_bid or self.max_total_points
        if self.kind is BallotKind.ORDINAL:
            return self.ordinal_places or self.max_choices
        return 1


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's ballot as the web layer sees it: bid ids, plus points when the type has them.

    For ordinal ballots ``bids`` is the ranking, best first, and ``points`` is ``None``.
    """

    bids: tuple[str, ...]
    points: tuple[int, ...] | None = None


@dataclass(slots=True)
class Election:
    """Projects, ballots (index form) and the budget: everything a rule needs.

    ``ballots[v]`` lists project indices in the order the voter gave them; ``points[v]`` holds the
    matching points, or ``points`` is ``None`` when the file/UI gave none (approval-like and
    ordinal ballots).
    """

    projects: list[Project]
    ballots: list[tuple[int, ...]]
    budget: Money
    rules: BallotRules = field(default_factory=BallotRules)
    points: list[tuple[int, ...]] | None = None
    meta: dict[str, str] = field(default_factory=dict)
    voter_ids: list[str] | None = None
    project_extra: list[dict[str, str]] | None = None
    voter_extra: list[dict[str, str]] | None = None

    @classmethod
    def from_ballots(
        cls,
        projects: Sequence[Project],
        ballots: Iterable[Ballot],
        budget: Money,
        rules: BallotRules | None = None,
        *,
        validate: bool = True,
    ) -> Election:
        """Build the index form; with ``validate`` every ballot is checked against ``rules``."""
        from .ballots import validate_ballot  # local: ballots imports this module

        rules = rules or BallotRules()
        index = {p.id: i for i, p in enumerate(projects)}
        by_id = {p.id: p for p in projects}
        rows: list[tuple[int, ...]] = []
        points: list[tuple[int, ...]] = []
        any_points = False
        for ballot in ballots:
            if validate:
                validate_ballot(ballot, rules, by_id, budget=budget)
            try:
                rows.append(tuple(index[b] for b in ballot.bids))
            except KeyError as exc:
                raise BallotError("unknown_bid", bid=exc.args[0]) from None
            if ballot.points is not None:
                any_points = True
                points.append(tuple(ballot.points))
            else:
                points.append((1,) * len(ballot.bids))
        return cls(
            projects=list(projects),
            ballots=rows,
            budget=budget,
            rules=rules,
            points=points if any_points else None,
        )

    @property
    def num_voters(self) -> int:
        return len(self.ballots)

    def marks(self) -> list[tuple[int, ...]] | None:
        """Support each ballot gives each listed bid, or ``None`` when every mark counts one.

        Ordinal rankings become positional points here (k, k-1, ...), so every rule sees
        ordinary weighted marks.
        """
        kind = self.rules.kind
        if kind is BallotKind.ORDINAL:
            places = self.rules.ordinal_places or self.rules.max_choices
            if places is None:
                places = max((len(b) for b in self.ballots), default=0)
            # Positions beyond k (only in unvalidated data) get no support, never negative.
            table = tuple(range(places, 0, -1))
            return [table[: len(b)] + (0,) * (len(b) - places) for b in self.ballots]
        if kind.weighted:
            return self.points
        return None
