"""Greedy rules, funding policies, thresholds, tie-breaks, category pots and the result record."""

from __future__ import annotations

import hashlib
import json
import random
from fractions import Fraction

import pytest

from pbtally import (
    ENGINE_VERSION,
    Ballot,
    BallotKind,
    BallotRules,
    CategoryPots,
    Election,
    FundingPolicy,
    Project,
    RuleError,
    StepKind,
    describe,
    inputs_checksum,
    parse_rule,
    tally,
)

APPROVAL = BallotRules(kind=BallotKind.APPROVAL)


def election(costs: dict[str, int], ballots: list[str], budget: int, **kw) -> Election:
    """Approval election; each ballot is a string of one-letter bid ids."""
    projects = [
        Project(pid, cost, kw.get("categories", {}).get(pid)) for pid, cost in costs.items()
    ]
    return Election.from_ballots(projects, [Ballot(tuple(b)) for b in ballots], budget, APPROVAL)


# a: 5 votes, b: 4, c: 3, d: 1 -- b no longer fits after a.
SHOP = election({"a": 600, "b": 500, "c": 300, "d": 100}, ["abcd", "abc", "abc", "ab", "a"], 1000)


def test_greedy_skips_what_does_not_fit() -> None:
    result = tally(SHOP, "greedy")
    assert result.selected == ("a", "c", "d")
    assert result.spent == 1000
    kinds = [(s.kind, s.bid, s.support, s.cost, s.remaining) for s in result.steps]
    assert kinds == [
        (StepKind.FUNDED, "a", 5, 600, 400),
        (StepKind.SKIPPED, "b", 4, 500, 400),
        (StepKind.FUNDED, "c", 3, 300, 100),
        (StepKind.FUNDED, "d", 1, 100, 0),
    ]
    assert describe(result.steps[1], "£") == "bid b skipped: costs £500, only £400 left"
    assert describe(result.steps[0], "£") == "bid a funded: 5 support, costs £600; £400 left"


def test_greedy_no_skip_stops_at_first_misfit() -> None:
    result = tally(SHOP, "greedy-no-skip")
    assert result.selected == ("a",)
    assert result.steps[-1].kind is StepKind.STOPPED


def test_partial_policy_offers_the_remainder() -> None:
    result = tally(SHOP, parse_rule("greedy", policy="partial"))
    assert result.selected == ("a", "b")
    assert result.partial == {"b": 400}
    assert result.spent == 1000
    assert result.steps[-1].kind is StepKind.PARTIAL
    assert result.steps[-1].detail["amount"] == 400


def test_support_is_total_not_per_pound() -> None:
    # c is far cheaper per vote but has fewer votes, so it comes after a.
    result = tally(election({"a": 900, "c": 10}, ["a", "a", "c"], 905), "greedy")
    assert result.selected == ("a",)


def test_threshold_absolute_and_percentage() -> None:
    rules = BallotRules(kind=BallotKind.SCORE, max_score=5)
    projects = [Project("x", 10), Project("y", 10), Project("z", 10)]
    ballots = [Ballot(("x", "y", "z"), s) for s in [(5, 2, 1), (4, 2, 0), (3, 2, 0)]]
    scored = Election.from_ballots(projects, ballots, 100, rules)
    assert tally(scored, parse_rule("greedy-threshold", threshold="6")).selected == ("x", "y")
    # 40% of the maximum 5 is an average of 2: x averages 4, y exactly 2, z 1/3.
    result = tally(scored, parse_rule("greedy-threshold", threshold="40%"))
    assert result.selected == ("x", "y")
    below = [s for s in result.steps if s.kind is StepKind.BELOW_THRESHOLD]
    assert [(s.bid, s.support, s.detail["threshold"]) for s in below] == [("z", 1, 6)]
    assert tally(scored, parse_rule("greedy-threshold", threshold="41%")).selected == ("x",)
    with pytest.raises(RuleError) as caught:
        parse_rule("greedy-threshold")
    assert caught.value.code == "no_threshold"
    with pytest.raises(RuleError):
        parse_rule("greedy-threshold", threshold="lots")


def test_unknown_rule_and_policy() -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule("borda")
    assert caught.value.code == "unknown_rule"
    assert "greedy" in caught.value.params["known"]
    with pytest.raises(RuleError) as caught:
        parse_rule("greedy", policy="maybe")
    assert caught.value.code == "unknown_policy"


def test_tie_break_more_supporters_then_lower_cost() -> None:
    rules = BallotRules(kind=BallotKind.CUMULATIVE)
    projects = [Project("few", 10), Project("many", 10), Project("cheap", 9)]
    # few: 4 points from 1 voter; many: 4 points from 2 voters; cheap: 4 points from 2 voters.
    ballots = [
        Ballot(("few",), (4,)),
        Ballot(("many", "cheap"), (2, 2)),
        Ballot(("many", "cheap"), (2, 2)),
    ]
    result = tally(Election.from_ballots(projects, ballots, 100, rules), "greedy")
    assert result.selected == ("cheap", "many", "few")
    assert [s.detail.get("tie_break") for s in result.steps] == ["cost", "supporters", None]


def test_lottery_is_seeded_sha256_and_published() -> None:
    ids = [f"bid{i}" for i in range(8)]
    tied = Election.from_ballots([Project(i, 10) for i in ids], [Ballot(tuple(ids))], 30, APPROVAL)
    for seed in ("draw at the event", "another"):
        result = tally(tied, "greedy", seed=seed)
        expected = sorted(ids, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
        assert result.selected == tuple(expected[:3])
        assert result.seed == seed
        assert all(s.detail.get("tie_break") == "lottery" for s in result.steps[:-1])
    default = tally(tied, "greedy")
    assert default.seed == default.checksum  # documented default: the inputs checksum
    assert tally(tied, "greedy").selected == default.selected


def test_category_pots_move_leftovers_to_the_general_pool() -> None:
    e = election(
        {"a": 600, "b": 500, "c": 300, "d": 200, "e": 250},
        ["abcde", "abcd", "abc", "ab", "a", "e"],
        1700,
        categories={"a": "youth", "b": "youth", "c": "safety", "d": "safety"},
    )
    pots = CategoryPots({"youth": 700, "safety": 400}, leftover="pool")
    result = tally(e, parse_rule("greedy", pots=pots))
    # safety: c (300) funded, d skipped, 100 moves; youth: a funded, 100 moves; general pool
    # 600 + 200 = 800 funds b (500) then d (200) by support; e (250) no longer fits.
    assert result.selected == ("c", "a", "b", "d")
    transfers = [s for s in result.steps if s.kind is StepKind.TRANSFER]
    assert [(s.detail["category"], s.detail["amount"]) for s in transfers] == [
        ("safety", 100),
        ("youth", 100),
    ]
    kept = tally(e, parse_rule("greedy", pots=CategoryPots(pots.budgets, leftover="keep")))
    assert kept.selected == ("c", "a", "e")  # general pool 600 only for uncategorised bids
    with pytest.raises(RuleError) as caught:
        tally(e, parse_rule("greedy", pots=CategoryPots({"youth": 2000})))
    assert caught.value.code == "bad_category_budget"


def test_checksum_is_canonical() -> None:
    ballots = ["abcd", "abc", "abc", "ab", "a"]
    shuffled = ballots[:]
    random.Random(1).shuffle(shuffled)
    costs = {"a": 600, "b": 500, "c": 300, "d": 100}
    base = tally(election(costs, ballots, 1000), "greedy").checksum
    assert tally(election(costs, [b[::-1] for b in shuffled], 1000), "greedy").checksum == base
    assert len(base) == 64
    changed = [
        tally(election(costs, ballots, 1001), "greedy"),
        tally(election(costs, ballots[:-1], 1000), "greedy"),
        tally(election({**costs, "d": 101}, ballots, 1000), "greedy"),
        tally(election(costs, ballots, 1000), "greedy-no-skip"),
        tally(election(costs, ballots, 1000), parse_rule("greedy", policy="partial")),
    ]
    assert len({base, *(r.checksum for r in changed)}) == 6
    assert inputs_checksum(SHOP, parse_rule("greedy")) == tally(SHOP, "greedy").checksum


def test_result_record_is_json_ready() -> None:
    projects = [Project("a", Fraction(301, 2)), Project("b", 100)]
    e = Election.from_ballots(projects, [Ballot(("a", "b"))], Fraction(501, 2), APPROVAL)
    result = tally(e, "equalshares/add1")
    data = json.loads(json.dumps(result.as_dict()))
    assert data["engine_version"] == ENGINE_VERSION
    assert data["selected"] == ["b", "a"]  # equal rho and supporters: lower cost first
    assert data["spent"] == "501/2"
    assert data["steps"][1] == {
        "kind": "funded",
        "bid": "a",
        "support": 1,
        "cost": "301/2",
        "remaining": 0,
        "detail": {"max_payment": "301/2"},
    }


def test_policy_enum_round_trips() -> None:
    assert parse_rule("greedy-no-skip").policy is FundingPolicy.STOP
    assert parse_rule("greedy-no-skip").label == "greedy-no-skip"
    assert parse_rule("equalshares/add1u").label == "equalshares/add1u"


def test_equal_shares_within_pots_of_decimal_size() -> None:
    e = election(
        {"a": 300, "b": 200, "c": 250, "d": 100},
        ["ab", "ab", "ac", "cd", "d", "bd"],
        1000,
        categories={"a": "youth", "b": "youth", "c": "safety", "d": "safety"},
    )
    pots = CategoryPots({"youth": Fraction(100_001, 200), "safety": Fraction(701, 2)})
    result = tally(e, parse_rule("equalshares/add1", pots=pots))
    starts = [i for i, s in enumerate(result.steps) if s.kind is StepKind.POT]
    for begin, end in zip(starts, starts[1:], strict=False):
        category = result.steps[begin].detail["category"]
        funded = [s for s in result.steps[begin:end] if s.kind is StepKind.FUNDED]
        assert all(s.bid in {"youth": "ab", "safety": "cd"}[category] for s in funded)
        assert sum(s.cost for s in funded) <= pots.budgets[category]
    assert result.spent <= 1000
    left = 1000 - result.spent
    assert all(p.cost > left for p in e.projects if p.id not in result.selected)
