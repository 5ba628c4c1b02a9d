"""Ballot validation: each ballot type's limits, with a code and params the web layer translates."""

from __future__ import annotations

import pytest

from pbtally import Ballot, BallotError, BallotKind, BallotRules, Election, Project
from pbtally import validate_ballot as check

PROJECTS = {p.id: p for p in (Project("a", 300), Project("b", 500), Project("c", 900))}


def rejects(ballot: Ballot, rules: BallotRules, code: str, **params: object) -> None:
    with pytest.raises(BallotError) as caught:
        check(ballot, rules, PROJECTS, budget=1000)
    assert caught.value.code == code
    assert caught.value.params == params
    assert str(caught.value) == caught.value.message != code


APPROVAL = BallotRules(kind=BallotKind.APPROVAL, max_choices=2, min_choices=1)


def test_approval_limits() -> None:
    check(Ballot(("a", "b")), APPROVAL, PROJECTS)
    rejects(Ballot(("a", "b", "c")), APPROVAL, "too_many_choices", count=3, maximum=2)
    rejects(Ballot(()), APPROVAL, "too_few_choices", count=0, minimum=1)
    rejects(Ballot(("a", "z")), APPROVAL, "unknown_bid", bid="z")
    rejects(Ballot(("a", "a")), APPROVAL, "duplicate_bid", bid="a")
    rejects(Ballot(("a",), (1,)), APPROVAL, "unexpected_points")


def test_choose_one_allows_exactly_one() -> None:
    rules = BallotRules(kind=BallotKind.CHOOSE_ONE)
    check(Ballot(("c",)), rules, PROJECTS)
    rejects(Ballot(("a", "b")), rules, "too_many_choices", count=2, maximum=1)


def test_cumulative_points() -> None:
    rules = BallotRules(kind=BallotKind.CUMULATIVE, max_points_per_bid=3, max_total_points=5)
    check(Ballot(("a", "b"), (3, 2)), rules, PROJECTS)
    rejects(
        Ballot(("a", "b"), (4, 1)), rules, "points_over_bid_limit", bid="a", points=4, maximum=3
    )
    rejects(Ballot(("a", "b", "c"), (2, 2, 2)), rules, "points_over_total", total=6, maximum=5)
    rejects(Ballot(("a",), (-1,)), rules, "negative_points", bid="a", points=-1)
    rejects(Ballot(("a", "b"), (1,)), rules, "points_mismatch", choices=2, points=1)
    rejects(Ballot(("a",), (1.5,)), rules, "points_not_integer", bid="a")  # type: ignore[arg-type]


def test_score_every_bid_in_range() -> None:
    rules = BallotRules(kind=BallotKind.SCORE, min_score=0, max_score=5, score_every_bid=True)
    check(Ballot(("a", "b", "c"), (0, 5, 3)), rules, PROJECTS)
    rejects(
        Ballot(("a", "b", "c"), (0, 6, 3)),
        rules,
        "score_out_of_range",
        bid="b",
        score=6,
        minimum=0,
        maximum=5,
    )
    rejects(Ballot(("a", "b"), (1, 1)), rules, "missing_score", bid="c")


def test_ordinal_rank_up_to_k() -> None:
    rules = BallotRules(kind=BallotKind.ORDINAL, max_choices=2)
    check(Ballot(("c", "a")), rules, PROJECTS)
    rejects(Ballot(("c", "a", "b")), rules, "too_many_choices", count=3, maximum=2)


def test_knapsack_within_budget() -> None:
    rules = BallotRules(kind=BallotKind.KNAPSACK)
    check(Ballot(("a", "b")), rules, PROJECTS, budget=1000)
    rejects(Ballot(("b", "c")), rules, "over_budget", total=1400, budget=1000)
    tight = BallotRules(kind=BallotKind.KNAPSACK, knapsack_budget=700)
    with pytest.raises(BallotError, match="cost 800, more than the budget of 700"):
        check(Ballot(("a", "b")), tight, PROJECTS, budget=1000)


def test_from_ballots_validates_and_builds_index_form() -> None:
    rules = BallotRules(kind=BallotKind.CUMULATIVE, max_total_points=4)
    projects = list(PROJECTS.values())
    election = Election.from_ballots(
        projects, [Ballot(("b", "a"), (1, 3)), Ballot(("c",), (4,))], 1000, rules
    )
    assert election.ballots == [(1, 0), (2,)]
    assert election.points == [(1, 3), (4,)]
    with pytest.raises(BallotError) as caught:
        Election.from_ballots(projects, [Ballot(("a",), (5,))], 1000, rules)
    assert caught.value.code == "points_over_total"


def test_ordinal_rankings_become_positional_points() -> None:
    rules = BallotRules(kind=BallotKind.ORDINAL, max_choices=3, ordinal_places=3)
    election = Election.from_ballots(
        list(PROJECTS.values()), [Ballot(("c", "a", "b")), Ballot(("a",))], 1000, rules
    )
    assert election.marks() == [(3, 2, 1), (3,)]
