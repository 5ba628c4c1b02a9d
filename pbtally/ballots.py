"""Ballot validation: one function that says *why* a ballot is invalid.

Called by the web layer before storing a ballot, and optionally when building an election. Errors
are :class:`BallotError` with a stable ``code`` and ``params`` so the Django layer can show a
translated message ("too many approvals: 6 given, at most 5 allowed").
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import BallotError
from .model import Ballot, BallotKind, BallotRules, Money, Project


def validate_ballot(
    ballot: Ballot,
    rules: BallotRules,
    projects: Mapping[str, Project],
    *,
    budget: Money | None = None,
) -> None:
    """Raise :class:`BallotError` unless ``ballot`` is valid under ``rules``.

    ``budget`` is the election budget, used for knapsack ballots when ``rules.knapsack_budget``
    is not set. Checks run in a fixed order so the same ballot always gets the same reason.
    """
    bids = ballot.bids
    seen: set[str] = set()
    for bid in bids:
        if bid not in projects:
            raise BallotError("unknown_bid", bid=bid)
        if bid in seen:
            raise BallotError("duplicate_bid", bid=bid)
        seen.add(bid)

    kind = rules.kind
    if kind is BallotKind.SCORE:
        _check_scores(ballot, rules, projects)
        return
    _check_count(len(bids), rules, 1 if kind is BallotKind.CHOOSE_ONE else None)
    if kind is BallotKind.CUMULATIVE:
        _check_cumulative(ballot, rules)
        return
    if ballot.points is not None:
        raise BallotError("unexpected_points")
    if kind is BallotKind.KNAPSACK:
        limit = rules.knapsack_budget if rules.knapsack_budget is not None else budget
        total = sum(projects[b].cost for b in bids)
        if limit is not None and total > limit:
            raise BallotError("over_budget", total=total, budget=limit)


def _check_count(count: int, rules: BallotRules, forced_max: int | None) -> None:
    maximum = forced_max if forced_max is not None else rules.max_choices
    if maximum is not None and count > maximum:
        raise BallotError("too_many_choices", count=count, maximum=maximum)
    if rules.min_choices is not None and count < rules.min_choices:
        raise BallotError("too_few_choices", count=count, minimum=rules.min_choices)


def _points(ballot: Ballot) -> tuple[int, ...]:
    points = ballot.points if ballot.points is not None else ()
    if len(points) != len(ballot.bids):
        raise BallotError("points_mismatch", choices=len(ballot.bids), points=len(points))
    for bid, value in zip(ballot.bids, points, strict=True):
        if isinstance(value, bool) or not isinstance(value, int):
            raise BallotError("points_not_integer", bid=bid)
    return points


def _check_cumulative(ballot: Ballot, rules: BallotRules) -> None:
    points = _points(ballot)
    for bid, value in zip(ballot.bids, points, strict=True):
        if value < 0:
            raise BallotError("negative_points", bid=bid, points=value)
        if rules.max_points_per_bid is not None and value > rules.max_points_per_bid:
            raise BallotError(
                "points_over_bid_limit", bid=bid, points=value, maximum=rules.max_points_per_bid
            )
    total = sum(points)
    if rules.max_total_points is not None and total > rules.max_total_points:
        raise BallotError("points_over_total", total=total, maximum=rules.max_total_points)


def _check_scores(ballot: Ballot, rules: BallotRules, projects: Mapping[str, Project]) -> None:
    points = _points(ballot)
    for bid, value in zip(ballot.bids, points, strict=True):
        if value < rules.min_score or (rules.max_score is not None and value > rules.max_score):
            raise BallotError(
                "score_out_of_range",
                bid=bid,
                score=value,
                minimum=rules.min_score,
                maximum=rules.max_score if rules.max_score is not None else "",
            )
    if rules.score_every_bid:
        given = set(ballot.bids)
        for bid in projects:
            if bid not in given:
                raise BallotError("missing_score", bid=bid)
