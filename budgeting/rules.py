"""Who may do what with rounds, bids, money and projects (django-rules).

Two things decide: the person's role in the round's area (engagement.rules), and the round's
phase now (``BidRound.phase_at``). Django answers every ``has_perm`` with True for an active
superuser, so the phase rules are also enforced by the services, which bind everyone.
"""

from __future__ import annotations

import rules
from allauth.account.models import EmailAddress

from engagement.roles import REVIEWER_ROLES, ROUND_STAFF_ROLES
from engagement.rules import holds_role, in_rows, is_coordinator, is_overseer, is_superuser

from .access import bid_q, private_project_q, project_q, round_q
from .models import EDITABLE_STATUSES, BidStatus, ConflictDeclaration, Phase

is_reviewer = holds_role(*REVIEWER_ROLES)
is_staff_viewer = holds_role(*ROUND_STAFF_ROLES)
# Who may open a round, a bid or a project is defined once, with the lists, in budgeting.access.
can_see_round = in_rows(round_q, name="can_see_round")
can_see_bid = in_rows(bid_q, name="can_see_bid")
can_see_project = in_rows(project_q, name="can_see_project")
can_see_private_project = in_rows(private_project_q, name="can_see_private_project")


def _round(obj):
    """The round behind a round, bid or project."""
    if obj is None:
        return None
    if hasattr(obj, "phase_at"):
        return obj
    if hasattr(obj, "round"):
        return obj.round
    if hasattr(obj, "bid"):
        return obj.bid.round
    return None


def _bid(obj):
    return obj.bid if hasattr(obj, "bid") and not hasattr(obj, "round") else obj


def in_phase(*phases: str):
    @rules.predicate(name=f"in_phase_{'_'.join(phases)}")
    def predicate(user, obj=None) -> bool:
        round_ = _round(obj)
        return round_ is not None and round_.phase_at() in phases

    return predicate


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


@rules.predicate
def has_verified_email(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    cached = getattr(user, "_cg_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._cg_verified_email = cached
    return cached


@rules.predicate
def is_bid_owner(user, obj) -> bool:
    bid = _bid(obj)
    owner_id = getattr(bid, "applicant_id", None)
    return bool(user and user.is_authenticated and owner_id is not None and owner_id == user.pk)


@rules.predicate
def is_published_round(user, obj) -> bool:
    round_ = _round(obj)
    return round_ is not None and round_.published


@rules.predicate
def has_no_conflict(user, obj) -> bool:
    bid = _bid(obj)
    if bid is None or not (user and user.is_authenticated):
        return True
    return not ConflictDeclaration.objects.filter(
        bid=bid, kind=ConflictDeclaration.Kind.REVIEWER, reviewer=user
    ).exists()


@rules.predicate
def bid_is_draft(user, bid) -> bool:
    return bid is not None and bid.status == BidStatus.DRAFT


@rules.predicate
def bid_has_changes_requested(user, bid) -> bool:
    return bid is not None and bid.status == BidStatus.CHANGES_REQUESTED


@rules.predicate
def bid_is_withdrawable(user, bid) -> bool:
    return bid is not None and bid.status in (
        *EDITABLE_STATUSES,
        BidStatus.SUBMITTED,
        BidStatus.SHORTLISTED,
    )


@rules.predicate
def bid_is_on_a_ballot(user, bid) -> bool:
    """A PB vote has the bid on its ballot (see ``bids_freeze_for_vote``)."""
    return bid is not None and bid.frozen_for_vote_at is not None


@rules.predicate
def bid_not_draft(user, bid) -> bool:
    return bid is not None and bid.status != BidStatus.DRAFT


@rules.predicate
def project_is_active(user, project) -> bool:
    return project is not None and project.status == project.Status.ACTIVE


BEFORE_VOTING = (Phase.SUBMISSION, Phase.REVIEW, Phase.SHORTLISTING, Phase.AWAITING_VOTE)
REVIEWING = (Phase.SUBMISSION, Phase.REVIEW, Phase.SHORTLISTING)
AFTER_VOTING = (Phase.COUNTING, Phase.RESULTS)

can_edit_bid = is_bid_owner & (
    (bid_is_draft & in_phase(Phase.SUBMISSION)) | (bid_has_changes_requested & in_phase(*REVIEWING))
)

# Rounds and money
rules.add_perm("budgeting.view_round", is_superuser | can_see_round)
rules.add_perm("budgeting.manage_round", is_superuser | is_coordinator)
rules.add_perm("budgeting.view_pot", is_superuser | is_overseer)
rules.add_perm("budgeting.manage_pot", is_superuser | is_coordinator)

# Bids, as the group
rules.add_perm(
    "budgeting.start_bid", is_authenticated & is_published_round & in_phase(Phase.SUBMISSION)
)
rules.add_perm("budgeting.change_bid", can_edit_bid)
rules.add_perm("budgeting.submit_bid", can_edit_bid & has_verified_email)
rules.add_perm(
    "budgeting.withdraw_bid",
    is_bid_owner & bid_is_withdrawable & ~bid_is_on_a_ballot & in_phase(*BEFORE_VOTING),
)
rules.add_perm("budgeting.view_bid", is_superuser | can_see_bid)
rules.add_perm("budgeting.message_bid", bid_not_draft & (is_bid_owner | is_superuser | is_reviewer))

# Review
rules.add_perm("budgeting.view_review_queue", is_superuser | is_staff_viewer)
rules.add_perm(
    "budgeting.review_bid", (is_superuser | is_reviewer) & has_no_conflict & in_phase(*REVIEWING)
)
rules.add_perm(
    "budgeting.decide_bid",
    (is_superuser | is_coordinator) & has_no_conflict & in_phase(*REVIEWING),
)
rules.add_perm("budgeting.declare_conflict", is_superuser | is_reviewer)
rules.add_perm(
    "budgeting.order_ballot",
    (is_superuser | is_coordinator) & in_phase(Phase.SHORTLISTING, Phase.AWAITING_VOTE),
)
rules.add_perm(
    "budgeting.award_bid",
    (is_superuser | is_coordinator) & has_no_conflict & in_phase(*AFTER_VOTING),
)

# Funded projects (the public page needs no permission)
rules.add_perm("budgeting.view_project", is_superuser | can_see_project)
rules.add_perm("budgeting.view_project_private", is_superuser | can_see_private_project)
rules.add_perm("budgeting.add_update", is_bid_owner & project_is_active)
rules.add_perm("budgeting.manage_project", is_superuser | is_coordinator)
rules.add_perm("budgeting.view_overdue", is_superuser | is_overseer)
