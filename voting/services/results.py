"""Results with four eyes: a coordinator proposes (a change to the outcome, or confirming it),
another approves or rejects; nothing moves money or changes the published outcome on one
person's word.

Rules every write here keeps:

- proposer and approver are two different people (also a database constraint);
- both hold the coordinator role for the vote's area or programme, except that the
  programme's named second approver (``Programme.results_second_approver``) may approve or
  reject, so a programme with a single coordinator can still confirm its results;
- nobody with a declared conflict of interest on a bid the proposal touches may propose,
  approve, reject, count again or confirm;
- one proposal waits at a time, and every proposal stays on the public history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgeting.models import BidEmail, BidStatus, FundingPot
from budgeting.money import format_pence
from budgeting.selectors import reviewer_conflicts
from budgeting.services.pots import award_create, round_close_unfunded
from engagement.models import Role, User
from engagement.roles import holds, is_superuser
from engagement.services import DomainError, audit_log
from engagement.validators import validate_plain_text

from ..models import PBVote, ResultProposal, VoteOption
from ..selectors.election import vote_outcome
from .counting import vote_tally_request
from .locks import lock_vote


def is_results_coordinator(user, vote: PBVote) -> bool:
    """May propose about this vote's results: a coordinator for its area or programme."""
    return is_superuser(user) or holds(user, Role.COORDINATOR, vote)


def is_results_approver(user, vote: PBVote) -> bool:
    """May approve or reject a proposal: a coordinator, or the programme's second approver."""
    if is_results_coordinator(user, vote):
        return True
    programme = vote.area.programme if vote.area_id else None
    return bool(
        programme is not None
        and user is not None
        and user.is_authenticated
        and programme.results_second_approver_id == user.pk
    )


def _bid_ids(vote: PBVote, project_ids: Iterable[str]) -> list[int]:
    wanted = set(project_ids)
    return [o.bid_id for o in vote.options.all() if o.project_id in wanted and o.bid_id is not None]


#: What a conflicted coordinator is told at each step: a whole sentence each, for translators.
CONFLICT_REFUSALS = {
    "propose": gettext_lazy(
        "You declared a conflict of interest with %(bids)s, which this change touches, so you "
        "may not propose it. Ask another coordinator for this area."
    ),
    "confirm": gettext_lazy(
        "You declared a conflict of interest with %(bids)s, which is on this ballot, so you may "
        "not confirm these results. Ask another coordinator for this area."
    ),
    "approve": gettext_lazy(
        "You declared a conflict of interest with %(bids)s, which this proposal touches, so you "
        "may not approve it. Ask another coordinator or the programme's second approver."
    ),
    "reject": gettext_lazy(
        "You declared a conflict of interest with %(bids)s, which this proposal touches, so you "
        "may not reject it. Ask another coordinator or the programme's second approver."
    ),
    "count": gettext_lazy(
        "You declared a conflict of interest with %(bids)s, which is on this ballot, so you may "
        "not ask for the count again. Ask another coordinator for this area."
    ),
}


def refuse_if_conflicted(actor, vote: PBVote, project_ids: Iterable[str], step: str) -> None:
    """Refuse, naming the bids, when ``actor`` declared a conflict on any of them."""
    bids = reviewer_conflicts(user=actor, bids=_bid_ids(vote, project_ids))
    if bids:
        raise DomainError(
            str(CONFLICT_REFUSALS[step]) % {"bids": ", ".join(f"“{b.title}”" for b in bids)},
            code="conflict",
        )


def _all_projects(vote: PBVote) -> list[str]:
    return list(vote.options.values_list("project_id", flat=True))


def _check_can_propose(vote: PBVote) -> None:
    if vote.status == PBVote.Status.CANCELLED:
        raise DomainError(_("This vote was cancelled: it has no results."))
    if vote.tally_state != PBVote.TallyState.DONE:
        raise DomainError(_("The vote has not been counted yet."))
    if vote.results_confirmed_at is not None:
        raise DomainError(_("The results have been confirmed and can no longer change."))
    if vote.proposals.filter(state=ResultProposal.State.PROPOSED).exists():
        raise DomainError(
            _(
                "A proposal about these results is already waiting for a second coordinator. "
                "Approve or reject it first."
            )
        )


def _reason(reason: str, *, required: bool) -> str:
    validate_plain_text(reason)
    reason = reason.strip()
    if required and not reason:
        raise DomainError({"reason": [_("Give the reason: it is shown with the results.")]})
    return reason


@transaction.atomic
def result_change_propose(
    *, actor: User, vote: PBVote, selected: Sequence[str], reason: str
) -> ResultProposal:
    """Propose funding ``selected`` instead of the outcome in force (e.g. a funded group
    withdrew), for a plain-text reason published with the results. It changes nothing until
    another coordinator approves it. Refused for bids that cost more than the budget, and for
    a proposer with a conflict on any bid whose outcome it changes. Audit-logged."""
    vote = lock_vote(vote)
    if not is_results_coordinator(actor, vote):
        raise DomainError(_("Only a coordinator for this area can propose a change."))
    _check_can_propose(vote)
    reason = _reason(reason, required=True)
    costs = dict(vote.options.values_list("project_id", "cost_pence"))
    selected = list(selected)
    if any(p not in costs for p in selected) or len(set(selected)) != len(selected):
        raise DomainError(_("Choose bids from this ballot, each once."))
    total = sum(costs[p] for p in selected)
    if total > vote.budget_pence:
        raise DomainError(
            _("Those bids cost %(total)s, more than the %(budget)s to allocate.")
            % {"total": format_pence(total), "budget": format_pence(vote.budget_pence)}
        )
    current = vote_outcome(vote)
    replaced = list(current.selected) if current else []
    touched = set(selected) ^ set(replaced)
    if not touched:
        raise DomainError(_("That is the result already: choose the bids to fund instead."))
    refuse_if_conflicted(actor, vote, touched, "propose")
    proposal = ResultProposal(
        vote=vote,
        kind=ResultProposal.Kind.CHANGE,
        selected=selected,
        replaced=replaced,
        reason=reason,
        made_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    audit_log(
        actor=actor,
        action="vote.result_change.propose",
        subject=vote,
        data={
            "proposal": proposal.pk,
            "selected": selected,
            "replaced": replaced,
            "reason": reason,
        },
    )
    return proposal


@transaction.atomic
def results_confirm_propose(*, actor: User, vote: PBVote, note: str = "") -> ResultProposal:
    """Propose confirming the outcome in force (the count's, or its approved change), which
    funds the bids once another coordinator approves. Refused for a coordinator with a
    conflict on any bid on the ballot (confirming decides them all), and when the confirmation
    could not go through anyway (the reasons say which bid and what to do). Audit-logged."""
    vote = lock_vote(vote)
    if not is_results_coordinator(actor, vote):
        raise DomainError(_("Only a coordinator for this area can propose confirming."))
    _check_can_propose(vote)
    note = _reason(note, required=False)
    refuse_if_conflicted(actor, vote, _all_projects(vote), "confirm")
    outcome = vote_outcome(vote)
    _check_fundable(vote, outcome.selected)
    proposal = ResultProposal(
        vote=vote,
        kind=ResultProposal.Kind.CONFIRM,
        selected=list(outcome.selected),
        replaced=list(outcome.selected),
        reason=note,
        made_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    audit_log(
        actor=actor,
        action="vote.results_confirm.propose",
        subject=vote,
        data={"proposal": proposal.pk, "selected": proposal.selected},
    )
    return proposal


def _lock_proposal(proposal: ResultProposal) -> tuple[PBVote, ResultProposal]:
    vote = lock_vote(proposal.vote)
    proposal = ResultProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != ResultProposal.State.PROPOSED:
        raise DomainError(_("This proposal has already been approved or rejected."))
    return vote, proposal


def _check_decider(actor, vote: PBVote, proposal: ResultProposal, step: str) -> None:
    if actor is None or not actor.is_authenticated:
        raise DomainError(_("Sign in to approve or reject."))
    if actor.pk == proposal.made_by_id:
        raise DomainError(
            _(
                "You proposed this, so a different coordinator (or the programme's second "
                "approver) must approve or reject it."
            )
        )
    if not is_results_approver(actor, vote):
        raise DomainError(
            _(
                "Only another coordinator for this area, or the programme's second approver, "
                "can do this."
            )
        )
    touched = (
        _all_projects(vote)
        if proposal.kind == ResultProposal.Kind.CONFIRM
        else set(proposal.selected) ^ set(proposal.replaced)
    )
    refuse_if_conflicted(actor, vote, touched, step)


@transaction.atomic
def result_proposal_approve(*, actor: User, proposal: ResultProposal) -> ResultProposal:
    """Approve a waiting proposal: a change becomes the published outcome; a confirmation
    funds the bids (all or nothing: if one bid cannot be funded nothing is, and the refusal
    says which and what to do, while the proposal stays waiting). A change approved after a
    confirmation was proposed, or vice versa, is caught: the outcome must still be the one the
    proposal was made on. Audit-logged."""
    vote, proposal = _lock_proposal(proposal)
    _check_decider(actor, vote, proposal, "approve")
    if vote.status == PBVote.Status.CANCELLED or vote.results_confirmed_at is not None:
        raise DomainError(_("These results can no longer change."))
    current = vote_outcome(vote)
    if current is None or list(current.selected) != list(proposal.replaced):
        raise DomainError(
            _("The result has changed since this was proposed: reject it and propose again.")
        )
    proposal.state = ResultProposal.State.APPROVED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save()
    awards: list[int] = []
    if proposal.kind == ResultProposal.Kind.CONFIRM:
        awards = _fund(actor=actor, vote=vote)
    audit_log(
        actor=actor,
        action=f"vote.{proposal.kind}.approve",
        subject=vote,
        data={"proposal": proposal.pk, "by": proposal.made_by_id, "awards": awards},
    )
    return proposal


@transaction.atomic
def result_proposal_reject(*, actor: User, proposal: ResultProposal, reason: str) -> ResultProposal:
    """Reject a waiting proposal, with a plain-text reason kept on the public history."""
    vote, proposal = _lock_proposal(proposal)
    _check_decider(actor, vote, proposal, "reject")
    reason = _reason(reason, required=True)
    proposal.state = ResultProposal.State.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = reason
    proposal.full_clean()
    proposal.save()
    audit_log(
        actor=actor,
        action=f"vote.{proposal.kind}.reject",
        subject=vote,
        data={"proposal": proposal.pk, "reason": reason},
    )
    return proposal


@transaction.atomic
def vote_count_again(*, actor: User, vote: PBVote) -> PBVote:
    """The coordinator's "count again", refused to anyone with a conflict on a bid on the
    ballot (see :func:`voting.services.counting.vote_tally_request`)."""
    if not is_results_coordinator(actor, vote):
        raise DomainError(_("Only a coordinator for this area can ask for the count."))
    refuse_if_conflicted(actor, vote, _all_projects(vote), "count")
    return vote_tally_request(actor=actor, vote=vote)


@transaction.atomic
def vote_announce_provisional(*, actor: User, vote: PBVote, announce: bool) -> PBVote:
    """Choose whether the public sees the results before they are confirmed (marked
    provisional, e.g. to announce them on the night) or "being checked". Audit-logged."""
    vote = lock_vote(vote)
    if vote.status == PBVote.Status.CANCELLED:
        raise DomainError(_("This vote was cancelled: it has no results."))
    if vote.announce_provisional != announce:
        vote.announce_provisional = announce
        vote.save(update_fields=["announce_provisional", "modified"])
        audit_log(
            actor=actor, action="vote.announce_provisional", subject=vote, data={"on": announce}
        )
    return vote


def _check_fundable(vote: PBVote, selected: Sequence[str]) -> None:
    """Every reason funding ``selected`` would fail, each naming the bid and what to do."""
    options = {o.project_id: o for o in vote.options.select_related("bid")}
    problems: list[str] = []
    needed = 0
    for project_id in selected:
        option: VoteOption = options[project_id]
        bid = option.bid
        if bid is None:
            problems.append(
                _("“%(bid)s” is not a bid in a round, so it cannot be funded here.")
                % {"bid": option.title}
            )
            continue
        if bid.status == BidStatus.FUNDED:
            continue
        if bid.status != BidStatus.SHORTLISTED:
            problems.append(
                _(
                    "“%(bid)s” cannot be funded: it is now “%(status)s”. Propose a change to "
                    "the result without it (with the reason), then confirm again."
                )
                % {"bid": option.title, "status": bid.get_status_display()}
            )
            continue
        needed += option.cost_pence
    if vote.round_id:
        pot = FundingPot.objects.get(pk=vote.round.pot_id)
        left = pot.pledged_pence - pot.awarded_pence
        if needed > left:
            problems.append(
                _(
                    "The chosen bids need %(needed)s, but %(pot)s can award only %(left)s "
                    "more (%(pledged)s pledged, %(awarded)s already awarded). Record the "
                    "missing pledge on the round's Money page, or propose a change to the "
                    "result that fits, then confirm again."
                )
                % {
                    "needed": format_pence(needed),
                    "pot": pot.name,
                    "left": format_pence(max(left, 0)),
                    "pledged": format_pence(pot.pledged_pence),
                    "awarded": format_pence(pot.awarded_pence),
                }
            )
    if problems:
        raise DomainError(problems)


def _fund(*, actor: User, vote: PBVote) -> list[int]:
    """Fund the outcome in force and mark the other shortlisted bids not funded, telling each
    group what really happened: funded by the count, or funded or not funded after a change
    (with the published reason). Checks everything first, so it funds all or nothing."""
    outcome = vote_outcome(vote)
    _check_fundable(vote, outcome.selected)
    counted = set(vote.tally.selected)
    reason = outcome.override.reason if outcome.override else ""
    options = {o.project_id: o for o in vote.options.select_related("bid")}
    awarded: list[int] = []
    for project_id in outcome.selected:
        option = options[project_id]
        if option.bid is None or option.bid.status == BidStatus.FUNDED:
            continue
        by_count = project_id in counted
        award = award_create(
            actor=actor,
            bid=option.bid,
            amount_pence=option.cost_pence,
            check_phase=False,
            email_kind=BidEmail.Kind.FUNDED_BY_VOTE
            if by_count
            else BidEmail.Kind.FUNDED_AFTER_CHANGE,
            email_note="" if by_count else reason,
        )
        awarded.append(award.pk)
    # A split vote is one of several ballots for the round: the other ballots' bids are not
    # this one's to close, so the coordinator closes the round once every ballot is confirmed.
    if vote.round_id and not vote.split:
        dropped = {
            options[p].bid_id: reason
            for p in counted - set(outcome.selected)
            if p in options and options[p].bid_id
        }
        round_close_unfunded(actor=actor, round=vote.round, after_change=dropped)
    vote.results_confirmed_at = timezone.now()
    vote.save(update_fields=["results_confirmed_at", "modified"])
    audit_log(actor=actor, action="vote.results_confirm", subject=vote, data={"awards": awarded})
    return awarded
