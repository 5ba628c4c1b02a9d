"""The tally: run a rule on an election and return an auditable :class:`TallyResult`.

Everything here is deterministic. Ties are broken by more supporters, then lower cost, then a
lottery: bids are ordered by ``sha256(seed + ":" + bid id)``, which is reproducible on any Python
version and machine. The seed defaults to the inputs checksum (so re-running the same inputs
draws the same lottery) and is published with the result; pass ``seed`` to use one drawn in
public instead.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from typing import Any

from .errors import RuleError
from .explain import Step, StepKind
from .greedy import run_greedy, support_order
from .mes import MesInput, MesOutcome, replay_payments, scaled_equal_shares
from .model import BallotKind, Election, Money, Project
from .rules import FundingPolicy, RuleSpec, rule_from_meta

#: Bumped whenever a change could alter any outcome; stored with every result.
ENGINE_VERSION = "1.1.0"


@dataclass(frozen=True, slots=True)
class TallyResult:
    """What was funded, why, and enough to prove it was computed from these inputs."""

    rule: str
    selected: tuple[str, ...]  #: bid ids in the order they were funded
    spent: Money
    budget: Money
    steps: tuple[Step, ...]
    checksum: str  #: sha256 of the canonical inputs (see :func:`inputs_checksum`)
    seed: str  #: lottery seed used for the last tie-break criterion
    engine_version: str = ENGINE_VERSION
    partial: dict[str, Money] = field(default_factory=dict)  #: bid -> amount when partly funded

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form; exact non-integer amounts become strings such as ``"1/3"``."""

        def plain(value: Money) -> int | str:
            if isinstance(value, Fraction) and value.denominator != 1:
                return str(value)
            return int(value)

        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "spent": plain(self.spent),
            "budget": plain(self.budget),
            "partial": {k: plain(v) for k, v in self.partial.items()},
            "steps": [s.as_dict() for s in self.steps],
            "checksum": self.checksum,
            "seed": self.seed,
            "engine_version": self.engine_version,
        }


def tally(
    election: Election, rule: RuleSpec | str | None = None, *, seed: str | None = None
) -> TallyResult:
    """Run ``rule`` (a spec, a pabulib rule name, or ``None`` for META's rule) on ``election``."""
    # A rule name goes through META so greedy-threshold picks up min_project_score_threshold.
    spec = rule if isinstance(rule, RuleSpec) else rule_from_meta(election.meta, rule)
    marks = election.marks()
    checksum = inputs_checksum(election, spec, marks)
    seed = checksum if seed is None else seed
    ctx = _Context(election, spec, marks, seed)
    if spec.pots is None:
        ctx.run(set(range(len(election.projects))), election.budget, spec)
    else:
        ctx.run_pots(spec)
    projects = election.projects
    spent = sum((projects[c].cost for c in ctx.funded if c not in ctx.partial), start=0)
    spent += sum(ctx.partial.values(), start=0)
    return TallyResult(
        rule=spec.label,
        selected=tuple(projects[c].id for c in ctx.funded),
        spent=spent,
        budget=election.budget,
        steps=tuple(ctx.steps),
        checksum=checksum,
        seed=seed,
        partial={projects[c].id: v for c, v in ctx.partial.items()},
    )


def inputs_checksum(
    election: Election, spec: RuleSpec, marks: list[tuple[int, ...]] | None = None
) -> str:
    """sha256 over a canonical serialisation of budget, ballot type, projects, ballots and rule.

    Canonical form (UTF-8, ``\\n``-separated): a JSON header with sorted keys; one JSON line per
    project ``[id, cost, category]`` sorted by id (amounts as exact strings); then one JSON line
    per ballot ``[[bid ids], [marks]]`` sorted as strings. Bid ids are sorted inside a ballot
    unless the ballot is ordinal, so storage order never changes the checksum.
    """
    if marks is None:
        marks = election.marks()
    rules = election.rules
    header = {
        "format": 1,
        "budget": str(election.budget),
        "ballot_kind": rules.kind.value,
        "ordinal_places": rules.ordinal_places,
        "rule": spec.canonical(),
    }
    digest = hashlib.sha256()
    digest.update(json.dumps(header, sort_keys=True, separators=(",", ":")).encode())
    lines = sorted(
        json.dumps([p.id, str(p.cost), p.category], ensure_ascii=False, separators=(",", ":"))
        for p in election.projects
    )
    ids = [p.id for p in election.projects]
    quoted = [json.dumps(i, ensure_ascii=False) for i in ids]
    ordered = rules.kind is BallotKind.ORDINAL

    def line(ballot: tuple[int, ...], weights: tuple[int, ...]) -> str:
        # Same text as json.dumps([[ids], [marks]], separators=(",", ":")), built faster.
        pairs = list(zip(ballot, weights, strict=True))
        if not ordered:
            pairs.sort(key=lambda cw: (ids[cw[0]], cw[1]))
        return (
            "[["
            + ",".join(quoted[c] for c, _ in pairs)
            + "],["
            + ",".join(str(w) for _, w in pairs)
            + "]]"
        )

    if marks is None:
        table = {b: line(b, (1,) * len(b)) for b in set(election.ballots)}
        ballot_lines = sorted(map(table.__getitem__, election.ballots))
    else:
        keyed = list(zip(election.ballots, marks, strict=True))
        table2 = {key: line(*key) for key in set(keyed)}
        ballot_lines = sorted(map(table2.__getitem__, keyed))
    for block in ("\n#projects\n", *lines, "\n#ballots\n", "\n".join(ballot_lines)):
        digest.update(block.encode())
        digest.update(b"\n")
    return digest.hexdigest()


class _Context:
    """Shared per-tally state: support totals, tie-break keys, and the steps being written."""

    def __init__(
        self, election: Election, spec: RuleSpec, marks: list[tuple[int, ...]] | None, seed: str
    ) -> None:
        self.election = election
        self.spec = spec
        self.marks = marks
        self.projects = election.projects
        n = len(self.projects)
        self.lottery = [
            hashlib.sha256(f"{seed}:{p.id}".encode()).hexdigest() for p in self.projects
        ]
        self.support, self.supporters = _support_totals(n, election.ballots, marks)
        self.steps: list[Step] = []
        self.funded: list[int] = []
        self.partial: dict[int, Money] = {}
        self._mes: tuple[MesInput, int] | None = None

    def run(self, eligible: set[int], budget: Money, spec: RuleSpec) -> Money:
        """Run ``spec`` on the ``eligible`` bids with ``budget``; return the money left."""
        if spec.name == "equalshares":
            return self._equal_shares(eligible, budget, spec)
        return self._greedy(eligible, budget, spec)

    def _greedy(self, eligible: set[int], budget: Money, spec: RuleSpec) -> Money:
        funded = set(self.funded)
        candidates = [c for c in eligible if c not in funded]
        minimum = self._threshold(spec)
        order, reasons = support_order(
            candidates, self.support, self.supporters, self.projects, self.lottery
        )
        if minimum is not None:
            for c in order:
                if self.support[c] < minimum:
                    p = self.projects[c]
                    self.steps.append(
                        Step(
                            StepKind.BELOW_THRESHOLD,
                            p.id,
                            self.support[c],
                            p.cost,
                            None,
                            {"threshold": minimum},
                        )
                    )
            order = [c for c in order if self.support[c] >= minimum]
        funded, partial, left = run_greedy(
            order, budget, self.projects, self.support, spec.policy, reasons, self.steps
        )
        self.funded.extend(funded)
        self.partial.update(partial)
        return left

    def _threshold(self, spec: RuleSpec) -> Money | None:
        if spec.threshold is not None:
            return spec.threshold
        if spec.threshold_fraction is None:
            return None
        top = self.election.rules.max_mark
        if top is None:
            raise RuleError("bad_threshold", threshold=f"{spec.threshold_fraction * 100}%")
        return spec.threshold_fraction * top * self.election.num_voters

    def _equal_shares(self, eligible: set[int], budget: Money, spec: RuleSpec) -> Money:
        data, unit = self._mes_input(spec)
        outcome = scaled_equal_shares(
            data,
            int(budget * unit),
            unit,
            add1=spec.completion != "none",
            eligible=eligible,
            integral=spec.integral_endowment,
            stop_when_exhaustive=spec.stop_when_exhaustive,
        )
        chosen = set(outcome.selected)
        if spec.comparison != "none":
            greedy_steps: list[Step] = []
            order, reasons = support_order(
                eligible, self.support, self.supporters, self.projects, self.lottery
            )
            greedy, _partial, greedy_left = run_greedy(
                order,
                budget,
                self.projects,
                self.support,
                FundingPolicy.SKIP,
                reasons,
                greedy_steps,
            )
            mes_votes, greedy_votes = _preferences(data, chosen, set(greedy), spec.comparison)
            comparison = Step(
                StepKind.COMPARISON,
                remaining=None,
                detail={
                    "measure": spec.comparison,
                    "prefer_equal_shares": mes_votes,
                    "prefer_greedy": greedy_votes,
                    "kept": "greedy" if greedy_votes > mes_votes else "equalshares",
                    "per_voter": outcome.per_voter,
                },
            )
            if greedy_votes > mes_votes:
                self.funded.extend(greedy)
                self.steps.extend(greedy_steps)
                self.steps.append(comparison)
                return greedy_left
        left = budget
        for r in outcome.rounds:
            p = self.projects[r.project]
            left -= p.cost
            self.funded.append(r.project)
            self.steps.append(
                Step(
                    StepKind.FUNDED,
                    p.id,
                    self.support[r.project],
                    p.cost,
                    left,
                    {"max_payment": r.max_payment},
                )
            )
        why = _unaffordable_reasons(data, outcome, unit, eligible - chosen, self.projects)
        for c in sorted(eligible - chosen, key=lambda c: (-self.support[c], self.lottery[c])):
            p = self.projects[c]
            self.steps.append(
                Step(StepKind.UNAFFORDABLE, p.id, self.support[c], p.cost, left, why.get(c, {}))
            )
        if spec.completion != "none":
            self.steps.append(
                Step(
                    StepKind.BUDGET_RAISED,
                    remaining=left,
                    detail={
                        "per_voter": outcome.per_voter,
                        "runs": outcome.runs,
                        "start_per_voter": _start_share(budget, data.num_voters, spec),
                    },
                )
            )
        if spec.comparison != "none":
            self.steps.append(comparison)
        if spec.completion == "add1u":
            self.steps.append(Step(StepKind.COMPLETION, remaining=left))
            greedy_spec = RuleSpec(policy=FundingPolicy.SKIP)
            left = self._greedy(eligible - chosen, left, greedy_spec)
        return left

    def _mes_input(self, spec: RuleSpec) -> tuple[MesInput, int]:
        """MES data with money scaled to integers; returns it with the scale (one unit)."""
        if self._mes is None:
            weighted = self.marks is not None
            utility = spec.utility or ("score" if weighted else "cost")
            pots = spec.pots.budgets.values() if spec.pots is not None else ()
            self._mes = _build_mes_input(
                self.election,
                self.marks,
                utility,
                pots,
                [
                    (-self.supporters[c], p.cost, self.lottery[c])
                    for c, p in enumerate(self.projects)
                ],
            )
        return self._mes

    def run_pots(self, spec: RuleSpec) -> None:
        assert spec.pots is not None
        pots = spec.pots
        total = sum(pots.budgets.values(), start=0)
        budget = self.election.budget
        if total > budget:
            raise RuleError("bad_category_budget", total=total, budget=budget)
        by_category: dict[str | None, set[int]] = {}
        for c, p in enumerate(self.projects):
            by_category.setdefault(p.category, set()).add(c)
        pool = budget - total
        for category in sorted(pots.budgets):
            pot = pots.budgets[category]
            self.steps.append(Step(StepKind.POT, remaining=pot, detail={"category": category}))
            # A pot whose category has no bids on the ballot funds nothing; its money moves on.
            left = self.run(by_category.get(category, set()), pot, spec)
            if pots.leftover == "pool" and left > 0:
                pool += left
                self.steps.append(
                    Step(
                        StepKind.TRANSFER,
                        remaining=pool,
                        detail={"category": category, "amount": left},
                    )
                )
        if pots.leftover == "pool":
            rest = set(range(len(self.projects))) - set(self.funded)
        else:
            rest = {c for c in by_category.get(None, set()) if c not in self.funded}
        self.steps.append(Step(StepKind.POT, remaining=pool, detail={"category": None}))
        general = RuleSpec(threshold=spec.threshold, threshold_fraction=spec.threshold_fraction)
        self._greedy(rest, pool, general)


def _support_totals(
    n: int, ballots: Sequence[tuple[int, ...]], marks: Sequence[tuple[int, ...]] | None
) -> tuple[list[int], list[int]]:
    """Support (sum of marks) and supporters (voters with a positive mark) per bid."""
    if marks is None:
        counts = Counter(chain.from_iterable(ballots))
        votes = [counts[c] for c in range(n)]
        return votes, list(votes)
    support, supporters = [0] * n, [0] * n
    for (ballot, weights), w in Counter(zip(ballots, marks, strict=True)).items():
        for c, x in zip(ballot, weights, strict=True):
            support[c] += x * w
            if x > 0:
                supporters[c] += w
    return support, supporters


def _build_mes_input(
    election: Election,
    marks: list[tuple[int, ...]] | None,
    utility: str,
    pots: Iterable[Money],
    tie_keys: list[tuple[object, ...]],
) -> tuple[MesInput, int]:
    """Merge identical ballots into weighted voter types and list each bid's utilities.

    ``cost`` utility: a voter's utility is the bid's cost times their mark (the equalshares.net
    default for approval ballots); ``score`` utility: the mark itself. Money is multiplied by
    the least common denominator of all amounts so MES works on integers; that factor (one
    currency unit) is returned too.
    """
    n = len(election.projects)
    unit = 1
    for amount in chain((p.cost for p in election.projects), (election.budget,), pots):
        if isinstance(amount, Fraction):
            unit = math.lcm(unit, amount.denominator)
    costs = [int(p.cost * unit) for p in election.projects]
    if marks is None:
        types = Counter((b, (1,) * len(b)) for b in election.ballots)
    else:
        types = Counter(zip(election.ballots, marks, strict=True))
    weights: list[int] = []
    supporters: list[list[int]] = [[] for _ in range(n)]
    utilities: list[list[int]] = [[] for _ in range(n)]
    for t, ((ballot, weights_of), count) in enumerate(types.items()):
        weights.append(count)
        for c, x in zip(ballot, weights_of, strict=True):
            if x > 0:
                supporters[c].append(t)
                utilities[c].append(x * costs[c] if utility == "cost" else x)
    return MesInput(costs, weights, supporters, utilities, election.num_voters, tie_keys), unit


def _start_share(budget: Money, voters: int, spec: RuleSpec) -> Money:
    """Each voter's share before any completion (whole units with integral endowments)."""
    if voters == 0:
        return 0
    if spec.integral_endowment:
        return math.floor(Fraction(budget) / voters)
    return Fraction(budget) / voters


def _preferences(data: MesInput, mes: set[int], greedy: set[int], measure: str) -> tuple[int, int]:
    """Voters who prefer the equal-shares outcome, and voters who prefer the greedy one.

    ``satisfaction``: a voter prefers the outcome that funds more of the bids they support;
    ``exclusion``: a voter prefers the outcome that funds at least one of their bids when the
    other funds none (the equalshares.net tool's exclusion ratio). Indifferent voters count for
    neither.
    """
    count_mes = [0] * len(data.weights)
    count_greedy = [0] * len(data.weights)
    for c in mes:
        for t in data.supporters[c]:
            count_mes[t] += 1
    for c in greedy:
        for t in data.supporters[c]:
            count_greedy[t] += 1
    prefer_mes = prefer_greedy = 0
    for t, weight in enumerate(data.weights):
        a, b = count_mes[t], count_greedy[t]
        if measure == "exclusion":
            a, b = min(a, 1), min(b, 1)
        if a > b:
            prefer_mes += weight
        elif b > a:
            prefer_greedy += weight
    return prefer_mes, prefer_greedy


def _unaffordable_reasons(
    data: MesInput,
    outcome: MesOutcome,
    unit: int,
    unfunded: set[int],
    projects: Sequence[Project],
) -> dict[int, dict[str, Any]]:
    """For each bid equal shares left out: the funded bids its supporters' shares paid for
    (most paid first) and the money its supporters still held, in currency units."""
    left, paid = replay_payments(data, outcome, unit)
    reasons: dict[int, dict[str, Any]] = {}
    for c in unfunded:
        towards: Counter = Counter()
        held = Fraction(0)
        for t in data.supporters[c]:
            w = data.weights[t]
            held += left[t] * w
            for f, amount in paid.get(t, ()):
                towards[f] += amount * w
        reasons[c] = {
            "paid_for": [projects[f].id for f, _a in towards.most_common()],
            "supporters_had": held / unit,
        }
    return reasons
