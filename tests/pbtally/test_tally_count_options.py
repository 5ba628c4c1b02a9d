"""Equal shares as cities run it (integral shares, completion past exhaustive outcomes, the
comparison step), category pots with leftover transfer, and the data behind every "why not".

The small elections are counted by hand in the comments; the generated ones are checked against
a naive unit-step completion written from the definition.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest
from hypothesis import given, settings

from pbtally import (
    Ballot,
    BallotKind,
    BallotRules,
    CategoryPots,
    Election,
    Project,
    RuleError,
    StepKind,
    format_pabulib,
    parse_pabulib,
    parse_rule,
    rule_from_meta,
    tally,
)

from .test_tally_equal_shares import SEED, cases, naive_mes

APPROVAL = BallotRules(kind=BallotKind.APPROVAL)


def approval(costs: dict[str, int], ballots: list[str], budget: int, **kw) -> Election:
    categories = kw.get("categories", {})
    projects = [Project(pid, cost, categories.get(pid)) for pid, cost in costs.items()]
    return Election.from_ballots(projects, [Ballot(tuple(b)) for b in ballots], budget, APPROVAL)


# Five voters, £80: v1 backs a b; v2 and v3 back a b c d; v4 backs c; v5 backs a.
# With cost utilities a bid's price per unit of utility is 1 / (supporters paying in full).
# At £16 each: a's four supporters hold £64 < £80; b (3 supporters, £6.67 each) wins; then d's
# supporters v2, v3 hold £9.33 each < £20. At £17 each they hold £10.33: d is funded too, and
# {b, d} (£40) is exhaustive (a and c no longer fit). Past it, at £20 each a's four supporters
# can pay £80 at 1/4 < 1/3, so a is funded first and takes everything: {a} fits up to £26; at
# £27 b fits after a (£100 > £80), so the completion stops at £26.
VILLAGE = approval({"a": 80, "b": 20, "c": 60, "d": 20}, ["ab", "abcd", "abcd", "c", "a"], 80)


def raised(result):
    return next(s for s in result.steps if s.kind is StepKind.BUDGET_RAISED).detail


def test_completion_stops_at_the_first_exhaustive_outcome_by_default() -> None:
    result = tally(VILLAGE, "equalshares/add1")
    assert result.selected == ("b", "d")
    assert raised(result)["per_voter"] == 17
    assert raised(result)["start_per_voter"] == 16


def test_completion_can_go_on_past_exhaustive_outcomes_while_the_outcome_fits() -> None:
    spec = parse_rule("equalshares/add1", stop_when_exhaustive=False)
    result = tally(VILLAGE, spec)
    assert result.selected == ("a",)
    assert raised(result)["per_voter"] == 26
    assert spec.canonical()["stop_when_exhaustive"] is False


def test_integral_endowment_starts_from_whole_units() -> None:
    # £83 for 5 voters is £16.60 each; integral shares start at £16 and rise by £1. Either
    # way d needs v2 and v3 to hold £10 each after paying £6.67 for b: £16.67 or more.
    e = approval({"a": 80, "b": 20, "c": 60, "d": 20}, ["ab", "abcd", "abcd", "c", "a"], 83)
    fractional = tally(e, "equalshares/add1")
    assert raised(fractional)["start_per_voter"] == Fraction(83, 5)
    assert raised(fractional)["per_voter"] == Fraction(88, 5)  # £17.60
    assert fractional.selected == ("b", "d")
    integral = tally(e, parse_rule("equalshares/add1", integral_endowment=True))
    assert raised(integral)["start_per_voter"] == 16
    assert raised(integral)["per_voter"] == 17
    assert integral.selected == ("b", "d")


def naive_add1_options(costs, utils, budget, keys, *, integral, stop):
    n = len(utils)
    base = Fraction(budget // n) if integral else Fraction(budget, n)
    k, out = 0, naive_mes(costs, utils, base, keys)
    previous = (0, out)
    while True:
        spent = sum(costs[c] for c in out)
        if spent > budget:
            return base + previous[0], previous[1]
        exhaustive = all(c in out or spent + costs[c] > budget for c in range(len(costs)))
        if (exhaustive and stop) or k + 1 > budget:
            return base + k, out
        previous = (k, out)
        k += 1
        out = naive_mes(costs, utils, base + k, keys)


@settings(max_examples=120, deadline=None)
@given(cases())
def test_options_equal_the_naive_unit_steps(case) -> None:
    costs, ballots, budget, weighted = case
    ids = [f"p{i}" for i in range(len(costs))]
    kind = BallotKind.CUMULATIVE if weighted else BallotKind.APPROVAL
    election = Election.from_ballots(
        [Project(i, c) for i, c in zip(ids, costs, strict=True)],
        [
            Ballot(tuple(ids[c] for c in b), tuple(b.values()) if weighted else None)
            for b in ballots
        ],
        budget,
        BallotRules(kind=kind),
        validate=False,
    )
    utils = [
        [(b.get(c, 0) if weighted else costs[c] * (c in b)) for c in range(len(costs))]
        for b in ballots
    ]
    supporters = [sum(1 for u in utils if u[c]) for c in range(len(costs))]
    keys = [
        (-supporters[c], costs[c], hashlib.sha256(f"{SEED}:{ids[c]}".encode()).hexdigest())
        for c in range(len(costs))
    ]
    for integral in (False, True):
        for stop in (False, True):
            spec = parse_rule(
                "equalshares/add1", integral_endowment=integral, stop_when_exhaustive=stop
            )
            result = tally(election, spec, seed=SEED)
            share, funded = naive_add1_options(
                costs, utils, budget, keys, integral=integral, stop=stop
            )
            assert list(result.selected) == [ids[c] for c in funded], (integral, stop)
            assert raised(result)["per_voter"] == share


def test_comparison_by_satisfaction_keeps_equal_shares() -> None:
    # Equal shares (stopping at the exhaustive outcome) funds {b, d}; most votes first funds a
    # (4 votes, £80) and nothing else fits. Funded bids each voter backs, equal shares vs greedy:
    # v1 1-1, v2 2-1, v3 2-1, v4 0-0, v5 0-1: 2 prefer equal shares, 1 greedy.
    result = tally(VILLAGE, "equalshares/add1-comparison")
    assert result.rule == "equalshares/add1-comparison"
    assert result.selected == ("b", "d")
    step = next(s for s in result.steps if s.kind is StepKind.COMPARISON)
    assert step.detail["prefer_equal_shares"] == 2
    assert step.detail["prefer_greedy"] == 1
    assert step.detail["kept"] == "equalshares"


def test_comparison_by_exclusion_switches_to_greedy() -> None:
    # By exclusion (any funded bid at all): equal shares leaves v4 and v5 with none, greedy only
    # v4: v5 prefers greedy, nobody prefers equal shares, so the greedy outcome is kept.
    spec = parse_rule("equalshares/add1-comparison", comparison="exclusion")
    result = tally(VILLAGE, spec)
    assert result.selected == ("a",)
    step = next(s for s in result.steps if s.kind is StepKind.COMPARISON)
    assert (step.detail["prefer_equal_shares"], step.detail["prefer_greedy"]) == (0, 1)
    assert step.detail["kept"] == "greedy"
    skipped = [s.bid for s in result.steps if s.kind is StepKind.SKIPPED]
    assert skipped == ["b", "c", "d"]  # greedy's own reasons explain the unfunded bids


def test_comparison_rule_name_is_read_and_written_in_pabulib() -> None:
    spec = rule_from_meta({"rule": "equalshares/add1-comparison"})
    assert (spec.completion, spec.comparison) == ("add1", "satisfaction")
    assert spec.label == "equalshares/add1-comparison"
    VILLAGE.meta["rule"] = "equalshares/add1-comparison"
    text = format_pabulib(VILLAGE)
    again = parse_pabulib(text)
    assert again.meta["rule"] == "equalshares/add1-comparison"
    assert tally(again).selected == ("b", "d")
    with pytest.raises(RuleError) as caught:
        parse_rule("equalshares/add1", comparison="majority")
    assert caught.value.code == "bad_comparison"


def test_unfunded_bids_name_what_their_supporters_paid_for() -> None:
    # At £17 each: b costs v1, v2, v3 £6.67 each (£10.33 left), d costs v2, v3 £10 each (33p
    # left). a's supporters v1, v2, v3, v5 still hold 10.33 + 0.33 + 0.33 + 17 = £28; they paid
    # £20 towards b and £20 towards d. c's supporters v2, v3, v4 hold £17.67 and paid £20
    # towards d and £13.33 towards b.
    result = tally(VILLAGE, "equalshares/add1")
    why = {s.bid: s.detail for s in result.steps if s.kind is StepKind.UNAFFORDABLE}
    assert why["a"]["paid_for"] == ["b", "d"]
    assert why["a"]["supporters_had"] == 28
    assert why["c"]["paid_for"] == ["d", "b"]
    assert why["c"]["supporters_had"] == Fraction(53, 3)
    assert result.as_dict()["steps"][-2]["detail"]["paid_for"]  # JSON-ready


def test_category_pot_funding_order_by_hand() -> None:
    # £1,000: Young people £400, Streets £300, general £300. Votes: y1 4, y2 3, s1 3, s2 2, g 1.
    # Streets first (pots go by name): s1 £250 funded, s2 £100 does not fit in the £50 left;
    # £50 moves on. Young people: y1 £300 funded, y2 £200 does not fit the £100 left; £100 moves.
    # General pot £300 + £50 + £100 = £450, by votes: y2 £200 funded (£250 left), s2 £100
    # funded (£150 left), g £200 does not fit.
    e = approval(
        {"y1": 300, "y2": 200, "s1": 250, "s2": 100, "g": 200},
        [("y1", "y2", "s1", "s2", "g"), ("y1", "y2", "s1", "s2"), ("y1", "y2", "s1"), ("y1",)],
        1000,
        categories={"y1": "Young people", "y2": "Young people", "s1": "Streets", "s2": "Streets"},
    )
    pots = CategoryPots({"Young people": 400, "Streets": 300})
    result = tally(e, parse_rule("greedy", pots=pots))
    assert result.selected == ("s1", "y1", "y2", "s2")
    assert result.spent == 850
    trail = [(s.kind.value, s.bid or s.detail.get("category"), s.remaining) for s in result.steps]
    assert trail == [
        ("pot", "Streets", 300),
        ("funded", "s1", 50),
        ("skipped", "s2", 50),
        ("transfer", "Streets", 350),
        ("pot", "Young people", 400),
        ("funded", "y1", 100),
        ("skipped", "y2", 100),
        ("transfer", "Young people", 450),
        ("pot", None, 450),
        ("funded", "y2", 250),
        ("funded", "s2", 150),
        ("skipped", "g", 150),
    ]


def test_a_pot_without_bids_moves_all_its_money_on() -> None:
    e = approval({"a": 500, "b": 400}, ["ab", "a"], 900, categories={"a": "Streets"})
    result = tally(e, parse_rule("greedy", pots=CategoryPots({"Streets": 0, "Young people": 300})))
    assert result.selected == ("a", "b")
