"""Cross-check the engine against pabutools (the academic reference) on random small elections.

pabutools is given a tie-breaking rule equal to ours (more supporters, lower cost, seeded
lottery), so every outcome must agree exactly, including the add1 (budget-increase) completion.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
)
from pabutools.election import Project as PabuProject
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule

from pbtally import Ballot, BallotKind, BallotRules, Election, Project, RuleSpec, parse_rule, tally

SEED = "cross-check"


@dataclass
class Case:
    costs: list[int]
    ballots: list[dict[int, int]]  # project index -> points (1 for approval)
    budget: int


@st.composite
def elections(draw: st.DrawFn, weighted: bool = False) -> Case:
    m = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(1, 60), min_size=m, max_size=m))
    points = st.integers(1, 3) if weighted else st.just(1)
    ballot = st.dictionaries(st.integers(0, m - 1), points, max_size=m)
    ballots = draw(st.lists(ballot, min_size=1, max_size=12))
    budget = draw(st.integers(1, sum(costs) + 10))
    return Case(costs, ballots, budget)


def ours(case: Case, rule: str | RuleSpec, weighted: bool) -> list[str]:
    projects = [Project(f"p{i}", c) for i, c in enumerate(case.costs)]
    kind = BallotKind.CUMULATIVE if weighted else BallotKind.APPROVAL
    ballots = [
        Ballot(tuple(f"p{c}" for c in b), tuple(b.values()) if weighted else None)
        for b in case.ballots
    ]
    election = Election.from_ballots(
        projects, ballots, case.budget, BallotRules(kind=kind), validate=False
    )
    return list(tally(election, rule, seed=SEED).selected)


def theirs(case: Case, rule: str, weighted: bool) -> list[str]:
    projects = [PabuProject(f"p{i}", c) for i, c in enumerate(case.costs)]
    instance = Instance(projects, budget_limit=case.budget)
    if weighted:
        profile = CumulativeProfile(
            [CumulativeBallot({projects[c]: x for c, x in b.items()}) for b in case.ballots],
            instance=instance,
        )
        sat = Additive_Cardinal_Sat
    else:
        profile = ApprovalProfile(
            [ApprovalBallot(projects[c] for c in b) for b in case.ballots], instance=instance
        )
        sat = Cost_Sat

    supporters = {p.name: sum(1 for b in case.ballots if i in b) for i, p in enumerate(projects)}
    support = {p.name: sum(b.get(i, 0) for b in case.ballots) for i, p in enumerate(projects)}

    def lottery(name: str) -> str:
        return hashlib.sha256(f"{SEED}:{name}".encode()).hexdigest()

    if rule == "greedy":
        key = TieBreakingRule(
            lambda _i, _p, proj: (
                -support[proj.name],
                -supporters[proj.name],
                proj.cost,
                lottery(proj.name),
            )
        )
        out = greedy_utilitarian_welfare(instance, profile, sat_class=sat, tie_breaking=key)
        return sorted((p.name for p in out), key=lambda n: key.func(None, None, _by(projects, n)))
    key = TieBreakingRule(
        lambda _i, _p, proj: (-supporters[proj.name], proj.cost, lottery(proj.name))
    )
    mes = {"sat_class": sat, "tie_breaking": key}
    n = len(case.ballots)
    if rule == "equalshares":
        out = method_of_equal_shares(instance, profile, **mes)
    elif rule == "equalshares/add1":
        out = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, mes, budget_step=n
        )
    elif rule == "equalshares/add1-past-exhaustive":
        out = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, mes, budget_step=n, exhaustive_stop=False
        )
    else:  # add1 then greedy by support (our greedy completion)
        out = completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [
                {"rule": method_of_equal_shares, "rule_params": mes, "budget_step": n},
                {"sat_class": Cost_Sat, "tie_breaking": _greedy_key(support, supporters)},
            ],
        )
    return [p.name for p in out]


def _greedy_key(support: dict[str, int], supporters: dict[str, int]) -> TieBreakingRule:
    return TieBreakingRule(
        lambda _i, _p, proj: (
            -support[proj.name],
            -supporters[proj.name],
            proj.cost,
            hashlib.sha256(f"{SEED}:{proj.name}".encode()).hexdigest(),
        )
    )


def _by(projects: list[PabuProject], name: str) -> PabuProject:
    return next(p for p in projects if p.name == name)


common = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(elections())
def test_approval_greedy_matches_pabutools(case: Case) -> None:
    assert ours(case, "greedy", False) == theirs(case, "greedy", False)


@common
@given(elections())
def test_approval_equal_shares_matches_pabutools(case: Case) -> None:
    assert ours(case, "equalshares", False) == theirs(case, "equalshares", False)


@common
@given(elections())
def test_approval_equal_shares_add1_matches_pabutools(case: Case) -> None:
    assert ours(case, "equalshares/add1", False) == theirs(case, "equalshares/add1", False)


@common
@given(elections(weighted=True))
def test_cumulative_equal_shares_add1_matches_pabutools(case: Case) -> None:
    assert ours(case, "equalshares/add1", True) == theirs(case, "equalshares/add1", True)


@common
@given(elections())
def test_add1_then_greedy_matches_pabutools(case: Case) -> None:
    assert sorted(ours(case, "equalshares/add1u", False)) == sorted(
        theirs(case, "equalshares/add1u", False)
    )


@common
@given(elections())
def test_add1_past_exhaustive_outcomes_matches_pabutools(case: Case) -> None:
    # pabutools' exhaustive_stop=False: raise the budget until the outcome no longer fits.
    spec = parse_rule("equalshares/add1", stop_when_exhaustive=False)
    assert ours(case, spec, False) == theirs(case, "equalshares/add1-past-exhaustive", False)
