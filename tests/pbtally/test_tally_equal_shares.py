"""Equal shares against a deliberately naive reference: one voter at a time, Fractions, and the
add1 completion re-run for every single unit step. The engine skips steps and merges voters, so
agreement on random elections (including the final virtual budget) checks those shortcuts."""

from __future__ import annotations

import hashlib
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pbtally import (
    Ballot,
    BallotKind,
    BallotRules,
    Election,
    Project,
    StepKind,
    parse_rule,
    tally,
)

SEED = "naive"


def naive_mes(costs, utils, per_voter, keys):
    """utils[i][c] > 0 iff voter i supports c. Returns funded bids in order."""
    n, m = len(utils), len(costs)
    money = [Fraction(per_voter)] * n
    left = {c for c in range(m) if costs[c] > 0 and any(u[c] for u in utils)}
    funded = []
    while True:
        best = None
        for c in sorted(left):
            sup = [i for i in range(n) if utils[i][c]]
            if sum(money[i] for i in sup) < costs[c]:
                continue
            sup.sort(key=lambda i: money[i] / utils[i][c])
            paid, weight = Fraction(0), sum(utils[i][c] for i in sup)
            for i in sup:
                rho = (costs[c] - paid) / weight
                if rho * utils[i][c] <= money[i]:
                    break
                paid, weight = paid + money[i], weight - utils[i][c]
            if best is None or (rho, keys[c]) < (best[0], keys[best[1]]):
                best = (rho, c)
        if best is None:
            return funded
        rho, c = best
        funded.append(c)
        left.discard(c)
        for i in range(n):
            if utils[i][c]:
                money[i] -= min(money[i], rho * utils[i][c])


def naive_add1(costs, utils, budget, keys):
    n = len(utils)
    k, out = 0, naive_mes(costs, utils, Fraction(budget) / n, keys)
    previous = (0, out)
    while True:
        spent = sum(costs[c] for c in out)
        if spent > budget:
            return previous
        if all(c in out or spent + costs[c] > budget for c in range(len(costs))):
            return k, out
        if budget + (k + 1) * n > budget * (n + 1):
            return k, out
        previous = (k, out)
        k += 1
        out = naive_mes(costs, utils, Fraction(budget) / n + k, keys)


@st.composite
def cases(draw: st.DrawFn):
    m = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(1, 80), min_size=m, max_size=m))
    weighted = draw(st.booleans())
    mark = st.integers(1, 4) if weighted else st.just(1)
    types = draw(st.lists(st.dictionaries(st.integers(0, m - 1), mark), min_size=1, max_size=6))
    copies = draw(st.lists(st.integers(1, 5), min_size=len(types), max_size=len(types)))
    ballots = [b for b, times in zip(types, copies, strict=True) for _ in range(times)]
    budget = draw(st.integers(1, sum(costs) + 20))
    return costs, ballots, budget, weighted


@settings(max_examples=150, deadline=None)
@given(cases())
def test_add1_equals_naive_unit_steps(case) -> None:
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
    result = tally(election, "equalshares/add1", seed=SEED)
    # utilities: points for cumulative ballots, cost for approval ballots (engine defaults)
    utils = [
        [(b.get(c, 0) if weighted else costs[c] * (c in b)) for c in range(len(costs))]
        for b in ballots
    ]
    supporters = [sum(1 for u in utils if u[c]) for c in range(len(costs))]
    keys = [
        (-supporters[c], costs[c], hashlib.sha256(f"{SEED}:{ids[c]}".encode()).hexdigest())
        for c in range(len(costs))
    ]
    steps, funded = naive_add1(costs, utils, budget, keys)
    assert list(result.selected) == [ids[c] for c in funded]
    raised = next(s for s in result.steps if s.kind is StepKind.BUDGET_RAISED)
    assert raised.detail["per_voter"] == Fraction(budget, len(ballots)) + steps
    assert raised.detail["runs"] <= steps + 2  # every step, plus the one that overspent


def test_textbook_example() -> None:
    # 4 voters, budget 400 (100 each): three back "x" (300), one backs "y" (100), all back "z".
    projects = [Project("x", 300), Project("y", 110), Project("z", 100)]
    ballots = [Ballot(("x", "z"))] * 3 + [Ballot(("y", "z"))]
    e = Election.from_ballots(projects, ballots, 400, BallotRules())
    result = tally(e, "equalshares")
    # z costs 25 each (rho 1/4 per unit of cost); then x needs 100 from each of three voters
    # who have 75 left, so x is unaffordable, and so is y (110) for its one supporter.
    assert result.selected == ("z",)
    assert result.steps[0].detail["max_payment"] == 25
    completed = tally(e, "equalshares/add1")
    assert set(completed.selected) == {"z", "x"}  # raising shares to 125 makes x affordable
    assert completed.spent == 400


def test_decimal_amounts_match_scaled_integers() -> None:
    def build(scale):
        projects = [
            Project(p, Fraction(c, scale))
            for p, c in (("a", 12345), ("b", 20001), ("c", 7770), ("d", 15000))
        ]
        ballots = [Ballot(tuple(b)) for b in ["ab", "ab", "acd", "bd", "c", "cd", "a"]]
        return Election.from_ballots(projects, ballots, Fraction(40007, scale), BallotRules())

    whole, cents = tally(build(1), "equalshares/add1"), tally(build(100), "equalshares/add1")
    assert whole.selected == cents.selected
    assert cents.spent * 100 == whole.spent


def test_score_utilities_and_add1u_completion() -> None:
    rules = BallotRules(kind=BallotKind.SCORE, max_score=5)
    projects = [Project("big", 90), Project("small", 20), Project("mid", 40)]
    ballots = [Ballot(("big", "small", "mid"), s) for s in [(5, 1, 0), (5, 0, 2), (0, 5, 5)]]
    e = Election.from_ballots(projects, ballots, 100, rules)
    by_score = tally(e, "equalshares")
    by_cost = tally(e, parse_rule("equalshares", utility="cost"))
    assert by_score.rule == by_cost.rule == "equalshares"
    assert by_score.checksum != by_cost.checksum  # the utility is part of the inputs
    finished = tally(e, "equalshares/add1u")
    kinds = [s.kind for s in finished.steps]
    assert StepKind.COMPLETION in kinds
    assert finished.spent <= 100
    left = 100 - finished.spent
    assert all(p.cost > left for p in projects if p.id not in finished.selected)
