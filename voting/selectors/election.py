"""A vote as the tally engine sees it, and its outcome: reads shared by the count, the ballot
pages, the results and the reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from budgeting.models import Category
from pbtally import (
    BallotKind,
    BallotRules,
    CategoryPots,
    Election,
    Project,
    RuleSpec,
    parse_rule,
)

from ..ballot_store import load_ballots, pence_to_money
from ..models import PBVote, ResultProposal, TallyRecord, VoteOption

#: BallotRules fields a vote's ``params`` may set (the rest of params: threshold, policy).
RULE_FIELDS = (
    "max_choices",
    "min_choices",
    "max_points_per_bid",
    "max_total_points",
    "min_score",
    "max_score",
    "score_every_bid",
    "ordinal_places",
)


def ballot_rules(vote: PBVote) -> BallotRules:
    params = vote.params or {}
    values = {k: params[k] for k in RULE_FIELDS if params.get(k) is not None}
    kind = BallotKind.parse(vote.ballot_type)
    if kind is BallotKind.ORDINAL and "ordinal_places" not in values and "max_choices" in values:
        values["ordinal_places"] = values["max_choices"]
    return BallotRules(kind=kind, **values)


def rule_spec(vote: PBVote) -> RuleSpec:
    """The rule as the engine runs it: the vote's rule, its stored options and, for a vote on
    a round with category pots, those pots (money a pot leaves unspent moves to the rest)."""
    params = vote.params or {}
    options: dict[str, Any] = {}
    if params.get("policy"):
        options["policy"] = params["policy"]
    if vote.rule.startswith("equalshares"):
        options["integral_endowment"] = vote.equal_shares_integral
        options["stop_when_exhaustive"] = vote.equal_shares_stop_when_exhaustive
        if vote.rule == "equalshares/add1-comparison":
            options["comparison"] = vote.equal_shares_comparison
    pots = category_pots(vote)
    if pots:
        options["pots"] = CategoryPots(
            {name: pence_to_money(pence) for name, pence in pots.items()}, leftover="pool"
        )
    threshold = params.get("threshold") if vote.rule == "greedy-threshold" else None
    return parse_rule(vote.rule, threshold=threshold, **options)


def category_pots(vote: PBVote) -> dict[str, int]:
    """The category pots (name -> pence) the ballot shows and the count applies, in round
    order: copied onto the vote when it is set up (``vote_create``), so the pots voters were
    told about are the pots counted. Votes set up before that copy read the round's."""
    params = vote.params or {}
    if "category_pots" in params:
        return dict(params["category_pots"])
    if vote.round_id is None:
        return {}
    return round_category_pots(vote.round_id)


def round_category_pots(round_id: int) -> dict[str, int]:
    return dict(
        Category.objects.filter(round_id=round_id, budget_pence__gt=0)
        .order_by("order", "name")
        .values_list("name", "budget_pence")
    )


def vote_projects(vote: PBVote, options: Sequence[VoteOption] | None = None) -> list[Project]:
    options = list(vote.options.order_by("position")) if options is None else options
    return [
        Project(o.project_id, pence_to_money(o.cost_pence), o.category or None, o.title)
        for o in options
    ]


def vote_election(vote: PBVote) -> Election:
    """Everything counted so far, as a tally engine election (money in pounds)."""
    rules = ballot_rules(vote)
    ballots, points = load_ballots(
        vote.pk, weighted=rules.kind.weighted and rules.kind != "ordinal"
    )
    return Election(
        projects=vote_projects(vote),
        ballots=ballots,
        budget=pence_to_money(vote.budget_pence),
        rules=rules,
        points=points,
        meta=dict(vote.meta or {}),
    )


@dataclass(frozen=True)
class Outcome:
    """What the results show: the count's selection, or the latest approved change of it.
    A change still waiting for its second coordinator changes nothing."""

    selected: list[str]
    spent_pence: int
    override: ResultProposal | None


def vote_outcome(vote: PBVote) -> Outcome | None:
    record = TallyRecord.objects.filter(vote=vote).first()
    if record is None:
        return None
    override = (
        vote.proposals.filter(kind=ResultProposal.Kind.CHANGE, state=ResultProposal.State.APPROVED)
        .select_related("made_by", "decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if override is None:
        return Outcome(list(record.selected), record.spent_pence, None)
    costs = dict(vote.options.values_list("project_id", "cost_pence"))
    return Outcome(list(override.selected), sum(costs[p] for p in override.selected), override)
