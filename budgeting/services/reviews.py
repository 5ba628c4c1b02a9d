"""The coordinators' side: due diligence, asking for changes, shortlisting or rejecting,
conflicts of interest and the ballot order."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from statistics import median

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log
from engagement.validators import validate_plain_text

from ..ballot_order import BallotItem, balanced_order, size_band
from ..eligibility import bid_eligibility
from ..models import (
    BallotDraw,
    Bid,
    BidMessage,
    BidRound,
    BidStatus,
    Category,
    ConflictDeclaration,
    DueDiligence,
    Phase,
)
from ..rules import REVIEWING
from .bids import bid_answers_fingerprint
from .emails import bid_email_for_message


def _lock_bid(bid: Bid) -> Bid:
    return Bid.objects.select_for_update().select_related("round__area").get(pk=bid.pk)


def _check_reviewing(bid: Bid, actor: User | None) -> None:
    if bid.round.phase_at() not in REVIEWING:
        raise DomainError(_("Bids in this round can no longer be reviewed."))
    if (
        actor is not None
        and ConflictDeclaration.objects.filter(
            bid=bid, kind=ConflictDeclaration.Kind.REVIEWER, reviewer=actor
        ).exists()
    ):
        raise DomainError(_("You have declared a conflict of interest with this bid."))


def _check_not_on_a_ballot(bid: Bid, refusal: str) -> None:
    # The vote's result becomes awards, and only a shortlisted bid can be awarded.
    if bid.frozen_for_vote_at is not None:
        raise DomainError(refusal)


def _tell_group(bid: Bid, actor: User | None, kind: str, body: str) -> BidMessage:
    """Post the decision on the bid's page and queue the email to the group (sent on commit)."""
    validate_plain_text(body)
    message = BidMessage.objects.create(bid=bid, author=actor, kind=kind, body=body.strip())
    bid_email_for_message(message=message)
    return message


@transaction.atomic
def due_diligence_save(
    *,
    actor: User | None,
    bid: Bid,
    group_exists: bool,
    bank_account: bool,
    safeguarding_policy: bool,
    notes: str = "",
) -> DueDiligence:
    """Record the checks on the group. Audit-logged (it decides whether money can be paid)."""
    bid = _lock_bid(bid)
    _check_reviewing(bid, actor)
    validate_plain_text(notes)
    record, _created = DueDiligence.objects.get_or_create(bid=bid)
    record.group_exists = group_exists
    record.bank_account = bank_account
    record.safeguarding_policy = safeguarding_policy
    record.notes = notes
    record.checked_by = actor
    record.full_clean()
    record.save()
    audit_log(
        actor=actor,
        action="bid.due_diligence",
        subject=bid,
        data={
            "group_exists": group_exists,
            "bank_account": bank_account,
            "safeguarding_policy": safeguarding_policy,
        },
    )
    return record


@transaction.atomic
def bid_request_changes(*, actor: User | None, bid: Bid, message: str) -> Bid:
    """Send the bid back to the group with what to change; they can edit and re-send it."""
    bid = _lock_bid(bid)
    _check_reviewing(bid, actor)
    if bid.status not in (BidStatus.SUBMITTED, BidStatus.SHORTLISTED):
        raise DomainError(_("Changes can be asked for only on a bid that has been sent."))
    _check_not_on_a_ballot(
        bid, _("This bid is on the ballot of a PB vote, so changes can no longer be asked for.")
    )
    if not message.strip():
        raise DomainError({"message": [_("Say what the group needs to change.")]})
    bid.status = BidStatus.CHANGES_REQUESTED
    bid.ballot_position = None
    bid.answers_when_changes_asked = bid_answers_fingerprint(bid)
    bid.save(update_fields=["status", "ballot_position", "answers_when_changes_asked", "modified"])
    _tell_group(bid, actor, BidMessage.Kind.CHANGES_REQUESTED, message)
    audit_log(actor=actor, action="bid.request_changes", subject=bid)
    return bid


@transaction.atomic
def bid_shortlist(
    *, actor: User | None, bid: Bid, category: Category | None = None, message: str = ""
) -> Bid:
    """Accept a sent bid onto the shortlist. It must still meet the rules and have passed due
    diligence. The group's own name becomes a voter-group conflict: applicants may not score
    their own bid at the event."""
    bid = _lock_bid(bid)
    _check_reviewing(bid, actor)
    if bid.status != BidStatus.SUBMITTED:
        raise DomainError(_("Only a sent bid can be shortlisted."))
    reasons = bid_eligibility(bid)
    if reasons:
        raise DomainError([r.message for r in reasons])
    diligence = DueDiligence.objects.filter(bid=bid).first()
    if diligence is None or not diligence.complete:
        raise DomainError(_("Finish the due diligence checks before shortlisting."))
    if category is not None and category.round_id != bid.round_id:
        raise DomainError(_("Choose one of this round's categories."))
    bid.status = BidStatus.SHORTLISTED
    bid.category = category
    bid.decision_reason = ""
    bid.save(update_fields=["status", "category", "decision_reason", "modified"])
    ConflictDeclaration.objects.get_or_create(
        bid=bid,
        kind=ConflictDeclaration.Kind.VOTER_GROUP,
        voter_group=bid.group_key or bid.group_name,
        defaults={"reason": _("The applicant group"), "declared_by": actor},
    )
    _tell_group(
        bid,
        actor,
        BidMessage.Kind.SHORTLISTED,
        message.strip() or _("Good news: your bid is on the shortlist for the vote."),
    )
    audit_log(actor=actor, action="bid.shortlist", subject=bid)
    return bid


@transaction.atomic
def bid_reject(*, actor: User | None, bid: Bid, reason: str) -> Bid:
    """Turn a bid down with a reason the group will see."""
    bid = _lock_bid(bid)
    _check_reviewing(bid, actor)
    if bid.status not in (BidStatus.SUBMITTED, BidStatus.CHANGES_REQUESTED, BidStatus.SHORTLISTED):
        raise DomainError(_("This bid cannot be turned down now."))
    _check_not_on_a_ballot(
        bid, _("This bid is on the ballot of a PB vote, so it can no longer be turned down.")
    )
    if not reason.strip():
        raise DomainError({"reason": [_("Give the group a reason.")]})
    validate_plain_text(reason)
    bid.status = BidStatus.REJECTED
    bid.decision_reason = reason.strip()
    bid.ballot_position = None
    bid.save(update_fields=["status", "decision_reason", "ballot_position", "modified"])
    _tell_group(bid, actor, BidMessage.Kind.REJECTED, reason)
    audit_log(actor=actor, action="bid.reject", subject=bid)
    return bid


@transaction.atomic
def conflict_declare(
    *,
    actor: User | None,
    bid: Bid,
    reason: str,
    reviewer: User | None = None,
    voter_group: str = "",
) -> ConflictDeclaration:
    """Record a conflict of interest: a reviewer's (who then cannot review or decide on the bid)
    or a voter group's (whose members may not score the bid at the event). Idempotent."""
    if (reviewer is None) == (not voter_group.strip()):
        raise DomainError(_("Name either a reviewer or a voter group."))
    if not reason.strip():
        raise DomainError({"reason": [_("Say what the conflict is.")]})
    validate_plain_text(reason)
    validate_plain_text(voter_group)
    kind = ConflictDeclaration.Kind.REVIEWER if reviewer else ConflictDeclaration.Kind.VOTER_GROUP
    declaration, created = ConflictDeclaration.objects.get_or_create(
        bid=bid,
        kind=kind,
        reviewer=reviewer,
        voter_group=voter_group.strip(),
        defaults={"reason": reason.strip(), "declared_by": actor},
    )
    if created:
        audit_log(
            actor=actor,
            action="bid.conflict_declare",
            subject=bid,
            data={"kind": kind, "reviewer": reviewer.pk if reviewer else None},
        )
    return declaration


@transaction.atomic
def ballot_order_draw(
    *, actor: User | None, round: BidRound, seed: str | None = None, reason: str = ""
) -> list[Bid]:
    """Put the shortlist in a balanced random order (see ``ballot_order``) and store it with
    its seed, as one more :class:`BallotDraw` (who, when, why: all listed publicly). The first
    draw needs no reason; every later one does. Allowed until voting opens, and never once the
    bids are on a vote's ballot (the ballot copied the order). Drawing again with the same seed
    gives the same order."""
    round_ = BidRound.objects.select_for_update().get(pk=round.pk)
    if round_.phase_at() not in (Phase.SHORTLISTING, Phase.AWAITING_VOTE):
        raise DomainError(_("The ballot order can be drawn only after checking and before voting."))
    bids = list(Bid.objects.select_for_update().filter(round=round_, status=BidStatus.SHORTLISTED))
    if not bids:
        raise DomainError(_("There are no shortlisted bids yet."))
    if any(b.frozen_for_vote_at is not None for b in bids):
        raise DomainError(
            _(
                "The ballot order is fixed: the shortlist is already on a vote's ballot. "
                "Delete or cancel that vote first if the order really must change."
            )
        )
    validate_plain_text(reason)
    earlier = round_.ballot_draws.order_by("-number").first()
    if (earlier is not None or round_.ballot_ordered_at) and not reason.strip():
        raise DomainError(
            {
                "reason": [
                    _(
                        "The ballot order has been drawn already. Say why it must be drawn "
                        "again: the reason is published on the shortlist page with every draw."
                    )
                ]
            }
        )
    seed = seed or secrets.token_hex(8)
    cut = median(b.amount_requested_pence or 0 for b in bids)
    items = [
        BallotItem(b.pk, (b.category_id or 0, size_band(b.amount_requested_pence or 0, cut)))
        for b in bids
    ]
    order = balanced_order(items, seed)
    by_id = {b.pk: b for b in bids}
    # Clear first so the unique (round, position) constraint never sees two bids in one place.
    Bid.objects.filter(round=round_).exclude(ballot_position=None).update(ballot_position=None)
    for position, bid_id in enumerate(order, start=1):
        by_id[bid_id].ballot_position = position
    Bid.objects.bulk_update(bids, ["ballot_position"])
    round_.ballot_seed = seed
    round_.ballot_ordered_at = timezone.now()
    round_.save(update_fields=["ballot_seed", "ballot_ordered_at", "modified"])
    draw = BallotDraw(
        round=round_,
        seed=seed,
        order=order,
        drawn_by=actor if actor is not None and actor.is_authenticated else None,
        reason=reason.strip(),
        number=(earlier.number if earlier else 0) + 1,
    )
    draw.full_clean()
    draw.save()
    audit_log(
        actor=actor,
        action="round.ballot_order",
        subject=round_,
        data={"seed": seed, "bids": order, "draw": draw.number, "reason": draw.reason},
    )
    return [by_id[i] for i in order]


@transaction.atomic
def bids_freeze_for_vote(*, actor: User | None, round: BidRound, bids: Sequence[Bid]) -> int:
    """Fix ``bids`` as they are for a PB vote that puts them on its ballot: from now on the
    group cannot withdraw them and the coordinators cannot turn them down or send them back,
    so the vote's result can always be confirmed as awards. Every bid must belong to ``round``
    and be shortlisted; the rows are locked first, so a withdrawal that got in before is seen
    and refused here. Freezing a frozen bid changes nothing. Audit-logged when something
    changed; returns the number of bids newly frozen.
    """
    ids = [bid.pk for bid in bids]
    locked = list(Bid.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(set(ids)) or any(bid.round_id != round.pk for bid in locked):
        raise DomainError(_("Choose bids from this round."))
    not_shortlisted = [bid for bid in locked if bid.status != BidStatus.SHORTLISTED]
    if not_shortlisted:
        raise DomainError(
            _("These bids are no longer on the shortlist: %(bids)s")
            % {"bids": ", ".join(str(bid) for bid in not_shortlisted)}
        )
    now = timezone.now()
    newly = [bid.pk for bid in locked if bid.frozen_for_vote_at is None]
    if newly:
        Bid.objects.filter(pk__in=newly).update(frozen_for_vote_at=now, modified=now)
        audit_log(actor=actor, action="round.bids_freeze", subject=round, data={"bids": newly})
    return len(newly)


@transaction.atomic
def bids_unfreeze_after_vote(*, actor: User | None, round: BidRound, bids: Sequence[Bid]) -> int:
    """Undo :func:`bids_freeze_for_vote` for ``bids`` when the vote that put them on its ballot
    was deleted or cancelled before any money moved, so the groups may withdraw again. The
    caller passes only bids that are on no other live ballot. Audit-logged; returns how many
    bids were unfrozen."""
    ids = [bid.pk for bid in bids]
    locked = list(
        Bid.objects.select_for_update()
        .filter(pk__in=ids, round=round, status=BidStatus.SHORTLISTED)
        .exclude(frozen_for_vote_at=None)
        .order_by("pk")
    )
    if locked:
        Bid.objects.filter(pk__in=[b.pk for b in locked]).update(
            frozen_for_vote_at=None, modified=timezone.now()
        )
        audit_log(
            actor=actor,
            action="round.bids_unfreeze",
            subject=round,
            data={"bids": [b.pk for b in locked]},
        )
    return len(locked)


def review_handover(*, actor: User, bid: Bid, to: User) -> BidMessage:
    """A reviewer with a declared conflict hands the bid to someone who may review it: an
    internal note on the bid (staff see it in the conversation) and an audit entry."""
    from ..selectors.bids import unconflicted_reviewers

    if to not in unconflicted_reviewers(bid=bid):
        raise DomainError(_("Choose someone who may review this bid and has no conflict on it."))
    note = BidMessage(
        bid=bid,
        author=actor,
        kind=BidMessage.Kind.NOTE,
        body=_("%(from)s has a conflict of interest and handed this bid to %(to)s to review.")
        % {"from": actor.name or actor.email, "to": to.name or to.email},
    )
    note.full_clean()
    note.save()
    audit_log(actor=actor, action="bid.review_handover", subject=bid, data={"to": to.pk})
    return note
