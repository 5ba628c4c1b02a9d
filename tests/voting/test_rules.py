"""Voting permissions, role by role and phase by phase (open, closed, counted)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import AreaFactory, user_with_role
from voting.services import vote_close, vote_tally

from .voting_helpers import make_vote

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "resident",
    "wrong_area",
    "volunteer",
    "pcc_office",
    "coordinator",
    "superuser",
]
# permission -> roles allowed while open, and after the count
EXPECTED = {
    "voting.manage_vote": ({"coordinator", "superuser"}, {"coordinator", "superuser"}),
    "voting.view_vote_admin": (
        {"volunteer", "pcc_office", "coordinator", "superuser"},
        {"volunteer", "pcc_office", "coordinator", "superuser"},
    ),
    "voting.download_code_cards": ({"coordinator", "superuser"}, {"coordinator", "superuser"}),
    "voting.issue_codes": ({"volunteer", "coordinator", "superuser"}, set()),
    "voting.key_paper": ({"volunteer", "coordinator", "superuser"}, set()),
    "voting.resolve_paper": ({"coordinator", "superuser"}, set()),
    "voting.propose_result": (set(), {"coordinator", "superuser"}),
    "voting.decide_result": (set(), {"coordinator", "superuser"}),
    "voting.cancel_vote": ({"coordinator", "superuser"}, {"coordinator", "superuser"}),
    "voting.change_vote": (set(), set()),
    "voting.view_vote_register": (
        {"pcc_office", "coordinator", "superuser"},
        {"pcc_office", "coordinator", "superuser"},
    ),
}


def user_for(role, vote):
    if role == "anonymous":
        return AnonymousUser()
    if role == "resident":
        return user_with_role(None)
    if role == "wrong_area":
        return user_with_role("coordinator", area=AreaFactory())
    return user_with_role(role, area=vote.area)


@pytest.mark.parametrize("role", ROLES)
def test_voting_permissions(role):
    vote = make_vote()
    user = user_for(role, vote)
    # Django answers True to every has_perm of an active superuser; the services still refuse
    # out-of-phase actions (closed votes, uncounted results) for everyone.
    for perm, (while_open, _after) in EXPECTED.items():
        expected = role in while_open or role == "superuser"
        assert user.has_perm(perm, vote) == expected, (perm, "open")
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    vote.refresh_from_db()
    for perm, (_open, after) in EXPECTED.items():
        expected = role in after or role == "superuser"
        assert user.has_perm(perm, vote) == expected, (perm, "counted")
