"""Setting up a PB vote, opening and closing it, and acting on the result.

Counting is in :mod:`voting.services.counting`; the locks in :mod:`voting.services.locks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import Bid, BidRound, BidStatus
from budgeting.money import format_pence
from budgeting.services.pots import award_create, round_close_unfunded
from budgeting.services.reviews import bids_freeze_for_vote
from engagement.models import Event, User
from engagement.services import DomainError, audit_log
from pbtally import BallotKind, TallyError

from ..models import Ballot, PaperBallot, PBVote, ResultOverride, VoteOption
from ..selectors.election import ballot_rules, round_category_pots, rule_spec, vote_outcome
from .counting import tallies_requeue, tally_request
from .locks import lock_ballots_against_inserts, lock_vote

DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "scoring": {"min_score": 0, "max_score": 5, "score_every_bid": True},
    "approval": {"max_choices": None},
    "choose-1": {},
    "cumulative": {"max_total_points": 10, "max_points_per_bid": 5},
    "ordinal": {"max_choices": 3, "ordinal_places": 3},
    "knapsack": {},
}


def _check_params(ballot_type: str, rule: str, params: dict[str, Any]) -> dict[str, Any]:
    merged = {**DEFAULT_PARAMS.get(ballot_type, {}), **(params or {})}
    merged = {k: v for k, v in merged.items() if v not in (None, "")}
    probe = PBVote(ballot_type=ballot_type, rule=rule, params=merged, budget_pence=0)
    try:
        rules = ballot_rules(probe)
        rule_spec(probe)
    except (TypeError, ValueError, TallyError) as exc:
        raise DomainError(
            _("These ballot settings do not work together: %(why)s") % {"why": exc}
        ) from None
    if (
        rules.kind is BallotKind.CUMULATIVE
        and rules.max_points_per_bid is not None
        and rules.max_total_points is not None
        and rules.max_points_per_bid > rules.max_total_points
    ):
        raise DomainError(
            _(
                "The most points on one bid (%(per_bid)s) cannot be more than the points each "
                "person spreads (%(total)s)."
            )
            % {"per_bid": rules.max_points_per_bid, "total": rules.max_total_points}
        )
    if rules.kind is BallotKind.SCORE and (rules.max_score or 0) <= rules.min_score:
        raise DomainError(_("The highest score must be more than the lowest."))
    if (
        rules.max_choices is not None
        and rules.min_choices is not None
        and rules.min_choices > rules.max_choices
    ):
        raise DomainError(_("The fewest choices cannot be more than the most choices."))
    return merged


def check_category_pots_fit(*, round: BidRound, budget_pence: int) -> None:
    """The count takes every category pot out of the money to allocate first, so together
    they must fit in it. Raises :class:`DomainError` with the figures."""
    pots = sum(round_category_pots(round.pk).values())
    if pots > budget_pence:
        raise DomainError(
            _(
                "The round's category pots add up to %(pots)s, more than the %(budget)s to "
                "allocate. Allocate at least %(pots)s, or make the category pots smaller."
            )
            % {"pots": format_pence(pots), "budget": format_pence(budget_pence)}
        )


@transaction.atomic
def vote_create(
    *,
    actor: User | None,
    event: Event,
    round: BidRound,
    title: str,
    ballot_type: str,
    rule: str,
    budget_pence: int,
    params: dict[str, Any] | None = None,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    codes_must_be_issued: bool = True,
    eligibility_note: str = "",
    equal_shares_integral: bool = False,
    equal_shares_stop_when_exhaustive: bool = True,
    equal_shares_comparison: str = "satisfaction",
) -> PBVote:
    """Set up the vote for a PB event on a round's shortlist, in the round's ballot order.

    The shortlist is copied onto the ballot now (the options), so later changes to bids cannot
    change a ballot people are already voting on, and those bids are frozen in budgeting now
    too: from here on the result becomes awards, which needs every bid on the ballot still
    shortlisted. (Waiting until the vote opens would leave a draft or scheduled vote with a bid
    the group has withdrawn, and results that could never be confirmed.) Audit-logged.
    """
    if event.kind != Event.Kind.PB_EVENT:
        raise DomainError(_("Choose a participatory budgeting event."))
    if event.area_id and event.area_id != round.area_id:
        raise DomainError(_("The event and the round must be in the same area."))
    bids = list(
        round.bids.filter(status=BidStatus.SHORTLISTED).order_by("ballot_position", "number", "pk")
    )
    if not bids:
        raise DomainError(_("The round has no shortlisted bids to vote on."))
    if budget_pence <= 0:
        raise DomainError(_("Enter the money to allocate."))
    check_category_pots_fit(round=round, budget_pence=budget_pence)
    vote = PBVote(
        event=event,
        round=round,
        area=round.area,
        title=title,
        ballot_type=ballot_type,
        rule=rule,
        params={
            **_check_params(ballot_type, rule, params or {}),
            "category_pots": round_category_pots(round.pk),
        },
        budget_pence=budget_pence,
        opens_at=opens_at,
        closes_at=closes_at,
        status=PBVote.Status.SCHEDULED if opens_at else PBVote.Status.DRAFT,
        codes_must_be_issued=codes_must_be_issued,
        eligibility_note=eligibility_note,
        equal_shares_integral=equal_shares_integral,
        equal_shares_stop_when_exhaustive=equal_shares_stop_when_exhaustive,
        equal_shares_comparison=equal_shares_comparison,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    vote.full_clean()
    vote.save()
    VoteOption.objects.bulk_create(
        VoteOption(
            vote=vote,
            position=i,
            project_id=str(bid.pk),
            bid=bid,
            title=bid.title,
            summary=bid.summary,
            cost_pence=bid.amount_requested_pence or 0,
            category=bid.category.name if bid.category_id else "",
        )
        for i, bid in enumerate(bids)
    )
    bids_freeze_for_vote(actor=actor, round=round, bids=bids)
    audit_log(
        actor=actor,
        action="vote.create",
        subject=vote,
        data={"round": round.pk, "event": event.pk, "bids": [b.pk for b in bids]},
    )
    return vote


@transaction.atomic
def vote_open(*, actor: User | None, vote: PBVote) -> PBVote:
    """Open voting now. Audit-logged; opening an open vote changes nothing.

    Freezes the ballot's bids again (``vote_create`` already did; a vote set up before bids
    could be frozen has them frozen here, at the latest). A bid that left the shortlist before
    freezing existed cannot come back; the result override is there for it.
    """
    vote = lock_vote(vote)
    if vote.is_closed():
        raise DomainError(_("This vote has closed and cannot open again."))
    if vote.status == PBVote.Status.OPEN:
        return vote
    if vote.round_id:
        bids = Bid.objects.filter(vote_options__vote=vote, status=BidStatus.SHORTLISTED)
        bids_freeze_for_vote(actor=actor, round=vote.round, bids=list(bids))
    vote.status = PBVote.Status.OPEN
    vote.opened_at = timezone.now()
    vote.save(update_fields=["status", "opened_at", "modified"])
    audit_log(actor=actor, action="vote.open", subject=vote)
    return vote


def _paper_pending(vote: PBVote) -> int:
    return vote.paper_ballots.filter(
        state__in=[PaperBallot.State.AWAITING_SECOND, PaperBallot.State.DISPUTED]
    ).count()


def _lock_for_close(vote: PBVote) -> PBVote:
    # The table lock waits for every ballot being inserted (and holds new ones back), FOR
    # UPDATE for those cast through the full path (they hold FOR SHARE on the vote): the count
    # never misses a ballot that was accepted. Table first, then row (see
    # ``lock_ballots_against_inserts``).
    lock_ballots_against_inserts()
    return lock_vote(vote)


@transaction.atomic
def vote_close(*, actor: User | None, vote: PBVote, force: bool = False) -> PBVote:
    """Close voting now and queue the count.

    Refused while paper ballots wait for a second keying or a supervisor, unless ``force``
    (then they are left out, and the register shows them). Idempotent: closing a closed vote
    only re-queues a count that has not finished. The count is queued after commit; if the
    queue is down the vote stays closed with the count pending (see :func:`votes_sweep`).
    """
    vote = _lock_for_close(vote)
    if vote.status == PBVote.Status.DRAFT:
        raise DomainError(_("This vote never opened."))
    if not force and vote.status != PBVote.Status.CLOSED:
        pending = _paper_pending(vote)
        if pending:
            raise DomainError(
                _(
                    "%(count)s paper ballots still need a second keying or a supervisor. "
                    "Finish them, or close anyway and leave them out."
                )
                % {"count": pending}
            )
    if vote.status != PBVote.Status.CLOSED:
        now = timezone.now()
        vote.status = PBVote.Status.CLOSED
        vote.closed_at = now
        if vote.closes_at is None or vote.closes_at > now:
            vote.closes_at = now
        vote.save(update_fields=["status", "closed_at", "closes_at", "modified"])
        audit_log(
            actor=actor,
            action="vote.close",
            subject=vote,
            data={"ballots": Ballot.objects.filter(vote=vote).count(), "forced": force},
        )
    tally_request(vote)
    return vote


def votes_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Beat, every minute: open and close votes at their set times, and re-queue counts that
    were never queued (Redis was down) or whose worker died. Idempotent."""
    now = now or timezone.now()
    opened = closed = 0
    for vote in PBVote.objects.due_to_open(now).exclude(closes_at__lte=now):
        vote_open(actor=None, vote=vote)
        opened += 1
    for vote in PBVote.objects.due_to_close(now):
        vote_close(actor=None, vote=vote, force=True)
        closed += 1
    return {"opened": opened, "closed": closed, "queued": tallies_requeue(now=now)}


@transaction.atomic
def result_override(
    *, actor: User, vote: PBVote, selected: Sequence[str], reason: str
) -> ResultOverride:
    """Replace the count's outcome with the coordinator's, for a reason that is published with
    the results (e.g. a funded group withdrew). Refused once the results are confirmed, without
    a reason, or if the bids chosen cost more than the budget. Audit-logged."""
    vote = lock_vote(vote)
    if vote.tally_state != PBVote.TallyState.DONE:
        raise DomainError(_("The vote has not been counted yet."))
    if vote.results_confirmed_at is not None:
        raise DomainError(_("The results have been confirmed and can no longer change."))
    if not reason.strip():
        raise DomainError({"reason": [_("Give the reason: it is shown with the results.")]})
    costs = dict(vote.options.values_list("project_id", "cost_pence"))
    unknown = [p for p in selected if p not in costs]
    if unknown or len(set(selected)) != len(selected):
        raise DomainError(_("Choose bids from this ballot, each once."))
    total = sum(costs[p] for p in selected)
    if total > vote.budget_pence:
        raise DomainError(
            _("Those bids cost %(total)s, more than the %(budget)s to allocate.")
            % {"total": format_pence(total), "budget": format_pence(vote.budget_pence)}
        )
    override = ResultOverride(
        vote=vote, selected=list(selected), reason=reason.strip(), made_by=actor
    )
    override.full_clean()
    override.save()
    audit_log(
        actor=actor,
        action="vote.override",
        subject=vote,
        data={"selected": list(selected), "reason": reason.strip()},
    )
    return override


@transaction.atomic
def vote_results_confirm(*, actor: User | None, vote: PBVote) -> list[int]:
    """Fund the bids the vote chose (the override if any) through the bids' award service, and
    mark the other shortlisted bids not funded. All or nothing: if the pot cannot cover every
    award nothing is awarded. Idempotent: bids already funded are left as they are."""
    vote = lock_vote(vote)
    if vote.results_confirmed_at is not None:
        return []
    outcome = vote_outcome(vote)
    if outcome is None:
        raise DomainError(_("The vote has not been counted yet."))
    options = {o.project_id: o for o in vote.options.select_related("bid")}
    awarded: list[int] = []
    for project_id in outcome.selected:
        option = options[project_id]
        bid = option.bid
        if bid is None or bid.status == BidStatus.FUNDED:
            continue
        award = award_create(
            actor=actor, bid=bid, amount_pence=option.cost_pence, check_phase=False
        )
        awarded.append(award.pk)
    if vote.round_id:
        round_close_unfunded(actor=actor, round=vote.round)
    vote.results_confirmed_at = timezone.now()
    vote.save(update_fields=["results_confirmed_at", "modified"])
    audit_log(actor=actor, action="vote.results_confirm", subject=vote, data={"awards": awarded})
    return awarded
