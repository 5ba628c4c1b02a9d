"""Helpers for the voting tests: a PB event with a shortlisted round, a vote, issued codes."""

from __future__ import annotations

import uuid

from budgeting.models import BidStatus
from engagement.models import Event
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory
from tests.factories import user_with_role
from voting.models import PBVote
from voting.services import (
    code_issue,
    codes_generate,
    result_proposal_approve,
    results_confirm_propose,
    vote_create,
    vote_open,
)

COSTS = [120_000, 80_000, 60_000, 50_000]  # pence


def make_vote(
    *,
    ballot_type: str = "approval",
    rule: str = "greedy",
    budget_pence: int = 200_000,
    params: dict | None = None,
    costs: list[int] | None = None,
    open_now: bool = True,
    **kwargs,
) -> PBVote:
    round_ = BidRoundFactory(phase="voting")
    # Pledged, so the money to allocate fits what the pot can still award.
    fund(round_.pot, budget_pence)
    for cost in costs or COSTS:
        submitted_bid(round=round_, amount_requested_pence=cost, status=BidStatus.SHORTLISTED)
    event = EventFactory(area=round_.area, kind=Event.Kind.PB_EVENT, title="PB event")
    vote = vote_create(
        actor=None,
        event=event,
        round=round_,
        title="Skegness decides",
        ballot_type=ballot_type,
        rule=rule,
        budget_pence=budget_pence,
        params=params or {},
        **kwargs,
    )
    if open_now:
        vote = vote_open(actor=None, vote=vote)
    return vote


def issued_codes(vote: PBVote, count: int, *, group: str = "") -> list[str]:
    codes = codes_generate(vote=vote, count=count)
    for code in codes:
        code_issue(actor=None, vote=vote, code=code, eligible=True, voter_group=group)
    return codes


def key() -> str:
    return str(uuid.uuid4())


def coordinators(vote: PBVote, count: int = 2) -> list:
    """``count`` different coordinators for the vote's area (four eyes need two)."""
    return [user_with_role("coordinator", area=vote.area) for _ in range(count)]


def confirm_results(vote: PBVote, proposer=None, approver=None):
    """Confirm the results the way the pages do: one coordinator proposes, another approves.
    Returns the approved proposal."""
    if proposer is None or approver is None:
        proposer, approver = coordinators(vote)
    proposal = results_confirm_propose(actor=proposer, vote=vote)
    return result_proposal_approve(actor=approver, proposal=proposal)
