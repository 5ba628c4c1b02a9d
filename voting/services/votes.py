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

from budgeting.models import Bid, BidRound, BidStatus, FundingPot
from budgeting.money import format_pence
from budgeting.services.reviews import bids_freeze_for_vote, bids_unfreeze_after_vote
from engagement.models import Event, User
from engagement.services import DomainError, audit_log
from engagement.validators import validate_plain_text
from pbtally import BallotKind, TallyError

from ..models import Ballot, PaperBallot, PBVote, ResultProposal, VoteOption
from ..selectors.election import ballot_rules, round_category_pots, rule_spec
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


def _check_times(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError({"closes_at": [_("Voting must close after it opens.")]})


def _check_budget(round: BidRound, budget_pence: int, budget_note: str) -> None:
    """The money to allocate must fit what the pot can still award (pledged minus awarded),
    unless the coordinator says why not (e.g. money promised but not yet pledged)."""
    if budget_pence <= 0:
        raise DomainError({"budget": [_("Enter the money to allocate.")]})
    pot = FundingPot.objects.get(pk=round.pot_id)
    left = pot.pledged_pence - pot.awarded_pence
    if budget_pence > left and not budget_note.strip():
        raise DomainError(
            {
                "budget": [
                    _(
                        "%(pot)s can still award %(left)s (%(pledged)s pledged, %(awarded)s "
                        "already awarded), less than the %(budget)s to allocate. Lower the "
                        "amount, or say below why it is right (for example money promised but "
                        "not yet pledged): the reason is shown with the results."
                    )
                    % {
                        "pot": pot.name,
                        "left": format_pence(max(left, 0)),
                        "pledged": format_pence(pot.pledged_pence),
                        "awarded": format_pence(pot.awarded_pence),
                        "budget": format_pence(budget_pence),
                    }
                ]
            }
        )


def _check_one_live_vote(round: BidRound, split: bool, exclude: int | None = None) -> None:
    """One live vote per round, unless every live vote on it says it is one of several
    ballots (a split vote). Locks the round so two set-ups at once are served in turn."""
    BidRound.objects.select_for_update().filter(pk=round.pk).first()
    others = PBVote.objects.live().filter(round=round)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    others = list(others.order_by("created"))
    if not others or (split and all(o.split for o in others)):
        return
    names = ", ".join(f"“{o.title}” ({o.get_status_display().lower()})" for o in others)
    if split:
        text = _(
            "This round already has a vote that is not marked as one of several ballots: "
            "%(votes)s. Mark it so (while it is being set up), or cancel it first."
        )
    else:
        text = _(
            "This round already has a vote: %(votes)s. Cancel or delete it first, or, if the "
            "round's vote is split into several ballots (for example one for young people and "
            "one for adults), tick “one of several ballots” on each."
        )
    raise DomainError(text % {"votes": names})


def _plain(**fields: str) -> None:
    errors = {}
    for name, value in fields.items():
        try:
            validate_plain_text(value)
        except DomainError as exc:
            errors[name] = exc.messages
    if errors:
        raise DomainError(errors)


def _shortlisted_bids(round: BidRound) -> list[Bid]:
    bids = list(
        round.bids.filter(status=BidStatus.SHORTLISTED).order_by("ballot_position", "number", "pk")
    )
    if not bids:
        raise DomainError(_("The round has no shortlisted bids to vote on."))
    return bids


def _copy_options(vote: PBVote, bids: Sequence[Bid]) -> None:
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
    split: bool = False,
    split_note: str = "",
    budget_note: str = "",
    announce_provisional: bool = False,
) -> PBVote:
    """Set up the vote for a PB event on a round's shortlist, in the round's ballot order.

    The shortlist is copied onto the ballot now (the options), so later changes to bids cannot
    change a ballot people are already voting on, and those bids are frozen in budgeting now
    too: from here on the result becomes awards, which needs every bid on the ballot still
    shortlisted. (Waiting until the vote opens would leave a draft or scheduled vote with a bid
    the group has withdrawn, and results that could never be confirmed.)

    Refused when the round already has a live vote (unless both are marked ``split``), and
    when the money to allocate is more than the pot can still award without a ``budget_note``
    saying why. Audit-logged, with the budget note when there is one.
    """
    if event.kind != Event.Kind.PB_EVENT:
        raise DomainError(_("Choose a participatory budgeting event."))
    if event.area_id and event.area_id != round.area_id:
        raise DomainError(_("The event and the round must be in the same area."))
    _plain(
        title=title,
        eligibility_note=eligibility_note,
        split_note=split_note,
        budget_note=budget_note,
    )
    _check_times(opens_at, closes_at)
    _check_one_live_vote(round, split)
    bids = _shortlisted_bids(round)
    _check_budget(round, budget_pence, budget_note)
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
        split=split,
        split_note=split_note.strip() if split else "",
        budget_note=budget_note.strip(),
        announce_provisional=announce_provisional,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    vote.full_clean()
    vote.save()
    _copy_options(vote, bids)
    bids_freeze_for_vote(actor=actor, round=round, bids=bids)
    audit_log(
        actor=actor,
        action="vote.create",
        subject=vote,
        data={
            "round": round.pk,
            "event": event.pk,
            "bids": [b.pk for b in bids],
            "budget": budget_pence,
            "budget_note": vote.budget_note,
            "split": split,
        },
    )
    return vote


def _not_yet_open(vote: PBVote) -> bool:
    return (
        vote.status in (PBVote.Status.DRAFT, PBVote.Status.SCHEDULED)
        and vote.opened_at is None
        and not vote.is_open()
        and not Ballot.objects.filter(vote=vote).exists()
        and not PaperBallot.objects.filter(vote=vote).exists()
    )


@transaction.atomic
def vote_update(
    *,
    actor: User | None,
    vote: PBVote,
    event: Event,
    title: str,
    ballot_type: str,
    rule: str,
    budget_pence: int,
    params: dict[str, Any] | None = None,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    codes_must_be_issued: bool = True,
    eligibility_note: str = "",
    split: bool = False,
    split_note: str = "",
    budget_note: str = "",
    announce_provisional: bool = False,
    equal_shares_integral: bool = False,
    equal_shares_stop_when_exhaustive: bool = True,
    equal_shares_comparison: str = "satisfaction",
) -> PBVote:
    """Change anything about a vote that has not opened yet (the same checks as
    :func:`vote_create`); the ballot is copied again from the shortlist in its current order.
    Refused once voting has opened: then a vote can only be cancelled. Audit-logged with what
    changed."""
    vote = lock_vote(vote)
    if not _not_yet_open(vote):
        raise DomainError(
            _("Voting has opened, so this vote can no longer be changed. You can cancel it.")
        )
    round_ = vote.round
    if event.kind != Event.Kind.PB_EVENT or (event.area_id and event.area_id != round_.area_id):
        raise DomainError(_("Choose a participatory budgeting event in the round's area."))
    _plain(
        title=title,
        eligibility_note=eligibility_note,
        split_note=split_note,
        budget_note=budget_note,
    )
    _check_times(opens_at, closes_at)
    _check_one_live_vote(round_, split, exclude=vote.pk)
    _check_budget(round_, budget_pence, budget_note)
    check_category_pots_fit(round=round_, budget_pence=budget_pence)
    fields = {
        "event": event,
        "title": title,
        "ballot_type": ballot_type,
        "rule": rule,
        "params": {
            **_check_params(ballot_type, rule, params or {}),
            "category_pots": round_category_pots(round_.pk),
        },
        "budget_pence": budget_pence,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "status": PBVote.Status.SCHEDULED if opens_at else PBVote.Status.DRAFT,
        "codes_must_be_issued": codes_must_be_issued,
        "eligibility_note": eligibility_note,
        "split": split,
        "split_note": split_note.strip() if split else "",
        "budget_note": budget_note.strip(),
        "announce_provisional": announce_provisional,
        "equal_shares_integral": equal_shares_integral,
        "equal_shares_stop_when_exhaustive": equal_shares_stop_when_exhaustive,
        "equal_shares_comparison": equal_shares_comparison,
    }
    changed = {
        k: (v.pk if isinstance(v, Event) else v) for k, v in fields.items() if getattr(vote, k) != v
    }
    for name, value in fields.items():
        setattr(vote, name, value)
    vote.full_clean()
    vote.save()
    old_bids = set(vote.options.exclude(bid=None).values_list("bid_id", flat=True))
    vote.options.all().delete()
    bids = _shortlisted_bids(round_)
    _copy_options(vote, bids)
    bids_freeze_for_vote(actor=actor, round=round_, bids=bids)
    _unfreeze_if_free(actor, vote, old_bids - {b.pk for b in bids})
    audit_log(
        actor=actor,
        action="vote.update",
        subject=vote,
        data={k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in changed.items()},
    )
    return vote


def _unfreeze_if_free(actor: User | None, vote: PBVote, bid_ids: set[int]) -> None:
    """Unfreeze the bids that no other live vote has on its ballot."""
    if not bid_ids or vote.round_id is None:
        return
    elsewhere = set(
        VoteOption.objects.filter(bid_id__in=bid_ids, vote__in=PBVote.objects.live())
        .exclude(vote=vote)
        .values_list("bid_id", flat=True)
    )
    free = list(Bid.objects.filter(pk__in=bid_ids - elsewhere))
    if free:
        bids_unfreeze_after_vote(actor=actor, round=vote.round, bids=free)


@transaction.atomic
def vote_delete(*, actor: User | None, vote: PBVote) -> None:
    """Delete a vote that never opened, with its unused cards (and their PDFs, the only copy of
    the codes). Its bids may be withdrawn again unless another vote has them. Audit-logged on
    the round (the vote row is gone)."""
    vote = lock_vote(vote)
    if not _not_yet_open(vote):
        raise DomainError(
            _("Voting has opened, so this vote can no longer be deleted. You can cancel it.")
        )
    round_ = vote.round
    bid_ids = set(vote.options.exclude(bid=None).values_list("bid_id", flat=True))
    documents = [b.document for b in vote.code_batches.select_related("document") if b.document]
    for document in documents:
        if document.file:
            storage, name = document.file.storage, document.file.name
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
    title, pk = vote.title, vote.pk
    vote.delete()
    for document in documents:
        document.delete()
    if round_ is not None and bid_ids:
        bids_unfreeze_after_vote(
            actor=actor,
            round=round_,
            bids=list(
                Bid.objects.filter(pk__in=bid_ids).exclude(
                    vote_options__vote__in=PBVote.objects.live()
                )
            ),
        )
    audit_log(
        actor=actor,
        action="vote.delete",
        subject=round_,
        data={"vote": pk, "title": title},
    )


@transaction.atomic
def vote_cancel(*, actor: User | None, vote: PBVote, reason: str) -> PBVote:
    """Cancel a vote that has opened (a test vote, a vote run in error), for a reason that is
    recorded, shown to staff and, if any ballots were cast, on the vote's public page. A
    cancelled vote never shows results anywhere, takes no more ballots and is never counted or
    confirmed; a proposal waiting for approval is rejected with it. Refused for a vote still
    being set up (delete it) and once the results are confirmed (the money has moved).
    Takes the locks of closing (ballots being inserted finish first). Audit-logged."""
    vote = _lock_for_close(vote)
    if vote.status == PBVote.Status.CANCELLED:
        return vote
    if _not_yet_open(vote):
        raise DomainError(_("This vote has not opened yet: change it or delete it instead."))
    if vote.results_confirmed_at is not None:
        raise DomainError(
            _(
                "The results of this vote are confirmed and the bids funded, so it can no "
                "longer be cancelled. Awards can be revoked one by one on the round's Money page."
            )
        )
    _plain(reason=reason)
    if not reason.strip():
        raise DomainError({"reason": [_("Give the reason the vote is cancelled.")]})
    now = timezone.now()
    vote.status = PBVote.Status.CANCELLED
    vote.cancelled_at = now
    vote.cancelled_by = actor if actor is not None and actor.is_authenticated else None
    vote.cancel_reason = reason.strip()
    if vote.closes_at is None or vote.closes_at > now:
        vote.closes_at = now
    vote.full_clean()
    vote.save()
    vote.proposals.filter(state=ResultProposal.State.PROPOSED).update(
        state=ResultProposal.State.REJECTED,
        decided_at=now,
        decision_note=_("The vote was cancelled."),
    )
    bid_ids = set(vote.options.exclude(bid=None).values_list("bid_id", flat=True))
    _unfreeze_if_free(actor, vote, bid_ids)
    audit_log(
        actor=actor,
        action="vote.cancel",
        subject=vote,
        data={"reason": vote.cancel_reason, "ballots": Ballot.objects.filter(vote=vote).count()},
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
    if vote.status == PBVote.Status.CANCELLED:
        raise DomainError(_("This vote was cancelled and cannot open."))
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
    if vote.status == PBVote.Status.CANCELLED:
        raise DomainError(_("This vote was cancelled."))
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
