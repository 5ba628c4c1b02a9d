"""Every permission, for every role, in every phase of a round.

Each test builds one round in one phase and checks one permission for all roles at once, so a
failure lists every role that got the wrong answer.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from budgeting.models import BidStatus, Phase
from tests.factories import AreaFactory, PartnerFactory, RoleAssignmentFactory, user_with_role

from .factories import BidFactory, BidRoundFactory

ALL_PHASES = [
    Phase.DRAFT,
    Phase.UPCOMING,
    Phase.SUBMISSION,
    Phase.REVIEW,
    Phase.SHORTLISTING,
    Phase.AWAITING_VOTE,
    Phase.VOTING,
    Phase.COUNTING,
    Phase.RESULTS,
]
ROLES = [
    "anonymous",
    "resident",
    "applicant",
    "wrong_area_coordinator",
    "coordinator",
    "programme_coordinator",
    "partner",
    "pcc_office",
    "superuser",
]
STAFF = {"coordinator", "programme_coordinator", "partner", "pcc_office", "superuser"}
COORDINATORS = {"coordinator", "programme_coordinator", "superuser"}
REVIEWING = {Phase.SUBMISSION, Phase.REVIEW, Phase.SHORTLISTING}
SIGNED_IN = set(ROLES) - {"anonymous"}

# permission: (object, bid status, roles allowed, phases allowed)
MATRIX = {
    "budgeting.view_round": ("round", None, set(ROLES), set(ALL_PHASES) - {Phase.DRAFT}),
    "budgeting.start_bid": ("round", None, SIGNED_IN, {Phase.SUBMISSION}),
    "budgeting.change_bid@draft": ("bid", BidStatus.DRAFT, {"applicant"}, {Phase.SUBMISSION}),
    "budgeting.change_bid@changes": ("bid", BidStatus.CHANGES_REQUESTED, {"applicant"}, REVIEWING),
    "budgeting.submit_bid@draft": ("bid", BidStatus.DRAFT, {"applicant"}, {Phase.SUBMISSION}),
    "budgeting.withdraw_bid": (
        "bid",
        BidStatus.SUBMITTED,
        {"applicant"},
        REVIEWING | {Phase.AWAITING_VOTE},
    ),
    "budgeting.view_bid": ("bid", BidStatus.SUBMITTED, STAFF | {"applicant"}, set(ALL_PHASES)),
    "budgeting.message_bid": (
        "bid",
        BidStatus.SUBMITTED,
        (STAFF - {"pcc_office"}) | {"applicant"},
        set(ALL_PHASES),
    ),
    "budgeting.review_bid": ("bid", BidStatus.SUBMITTED, COORDINATORS | {"partner"}, REVIEWING),
    "budgeting.decide_bid": ("bid", BidStatus.SUBMITTED, COORDINATORS, REVIEWING),
    "budgeting.order_ballot": (
        "round",
        None,
        COORDINATORS,
        {Phase.SHORTLISTING, Phase.AWAITING_VOTE},
    ),
    "budgeting.award_bid": (
        "bid",
        BidStatus.SHORTLISTED,
        COORDINATORS,
        {Phase.COUNTING, Phase.RESULTS},
    ),
    "budgeting.view_pot": ("round", None, COORDINATORS | {"pcc_office"}, set(ALL_PHASES)),
    "budgeting.manage_pot": ("round", None, COORDINATORS, set(ALL_PHASES)),
}
# A draft round is still visible to the staff of its area.
DRAFT_VISIBLE = {"budgeting.view_round": STAFF}


def _people(round_):
    area = round_.area
    partner = PartnerFactory()
    people = {
        "anonymous": AnonymousUser(),
        "resident": user_with_role(None),
        "applicant": user_with_role(None),
        "wrong_area_coordinator": user_with_role(
            "coordinator", area=AreaFactory(programme=area.programme)
        ),
        "coordinator": user_with_role("coordinator", area=area),
        "programme_coordinator": user_with_role("coordinator", programme=area.programme),
        "pcc_office": user_with_role("pcc_office", programme=area.programme),
        "superuser": user_with_role("superuser"),
    }
    people["partner"] = user_with_role(None)
    RoleAssignmentFactory(
        user=people["partner"], role="partner", programme=area.programme, area=area, partner=partner
    )
    return people


@pytest.mark.parametrize("phase", ALL_PHASES)
@pytest.mark.parametrize("key", list(MATRIX))
def test_permission_for_every_role(db, key, phase):
    perm = key.split("@")[0]
    target, status, roles, phases = MATRIX[key]
    round_ = BidRoundFactory(phase=phase)
    people = _people(round_)
    obj = round_
    if target == "bid":
        obj = BidFactory(round=round_, applicant=people["applicant"], status=status)
        if status != BidStatus.DRAFT:
            obj.number = 1
            obj.submitted_at = round_.submission_opens
            obj.save()
    expected_roles = roles if phase in phases else set()
    if phase == Phase.DRAFT and perm in DRAFT_VISIBLE:
        expected_roles = DRAFT_VISIBLE[perm]
    # Django gives active superusers every permission; the services still enforce the phase.
    expected_roles = expected_roles | {"superuser"}
    wrong = {
        role: user.has_perm(perm, obj)
        for role, user in people.items()
        if user.has_perm(perm, obj) != (role in expected_roles)
    }
    assert wrong == {}, f"{perm} in {phase}: wrong answer for {wrong}"


def test_declared_conflict_stops_review_and_decision(db):
    from budgeting.services import conflict_declare

    round_ = BidRoundFactory(phase=Phase.REVIEW)
    coordinator = user_with_role("coordinator", area=round_.area)
    bid = BidFactory(round=round_, status=BidStatus.SUBMITTED)
    assert coordinator.has_perm("budgeting.decide_bid", bid)
    conflict_declare(actor=coordinator, bid=bid, reviewer=coordinator, reason="My sister's group")
    assert not coordinator.has_perm("budgeting.review_bid", bid)
    assert not coordinator.has_perm("budgeting.decide_bid", bid)


def test_unverified_email_cannot_submit(db):
    round_ = BidRoundFactory()
    from tests.factories import UserFactory

    user = UserFactory(verified=False)
    bid = BidFactory(round=round_, applicant=user)
    assert user.has_perm("budgeting.change_bid", bid)
    assert not user.has_perm("budgeting.submit_bid", bid)


@pytest.mark.parametrize("status", [BidStatus.SUBMITTED, BidStatus.SHORTLISTED])
def test_no_one_may_withdraw_a_bid_on_a_votes_ballot(db, status):
    from django.utils import timezone

    round_ = BidRoundFactory(phase=Phase.AWAITING_VOTE)
    people = _people(round_)
    bid = BidFactory(round=round_, applicant=people["applicant"], status=status)
    assert people["applicant"].has_perm("budgeting.withdraw_bid", bid)
    bid.frozen_for_vote_at = timezone.now()
    allowed = {r for r, u in people.items() if u.has_perm("budgeting.withdraw_bid", bid)}
    # Django lets active superusers through every rule; the service refuses them too.
    assert allowed == {"superuser"}
