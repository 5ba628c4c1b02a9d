"""Roles and invitations: who may give what, the last coordinator, expiry, the audit log."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement.models import AuditEntry, Role, RoleAssignment, RoleInvitation
from engagement.privacy import exporters
from engagement.services.invitations import (
    invitation_accept,
    invitation_account_create,
    invitation_from_token,
    invitation_send,
)
from engagement.services.roles import may_grant, role_change, role_revoke
from tests.factories import AreaFactory, ProgrammeFactory, UserFactory, user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    programme = ProgrammeFactory(funder_office_name="Mayor's office")
    return programme, AreaFactory(programme=programme), AreaFactory(programme=programme)


def test_who_may_give_which_role(place):
    programme, boston, louth = place
    lead = user_with_role(Role.COORDINATOR, programme=programme)
    local = user_with_role(Role.COORDINATOR, area=boston)
    host = user_with_role(Role.TABLE_HOST, area=boston)
    assert may_grant(lead, role=Role.COORDINATOR, programme=programme, area=None)
    assert may_grant(lead, role=Role.COORDINATOR, programme=programme, area=louth)
    assert may_grant(local, role=Role.TABLE_HOST, programme=programme, area=boston)
    assert may_grant(local, role=Role.VOLUNTEER, programme=programme, area=boston)
    # Never wider than one's own: not another area, not the programme, not a coordinator.
    assert not may_grant(local, role=Role.TABLE_HOST, programme=programme, area=louth)
    assert not may_grant(local, role=Role.VOLUNTEER, programme=programme, area=None)
    assert not may_grant(local, role=Role.COORDINATOR, programme=programme, area=boston)
    assert not may_grant(host, role=Role.TABLE_HOST, programme=programme, area=boston)
    assert not may_grant(lead, role=Role.COORDINATOR, programme=ProgrammeFactory(), area=None)


def test_invitation_email_in_welsh_then_accept_by_making_an_account(place):
    programme, boston, _louth = place
    local = user_with_role(Role.COORDINATOR, area=boston, name="Cari Cydlynydd")
    invitation = invitation_send(
        actor=local,
        email="Hana@Example.org",
        role=Role.TABLE_HOST,
        programme=programme,
        area=boston,
        language="cy",
    )
    assert run_outbox_tasks() == 1
    email = mail.outbox[-1]
    assert email.to == ["hana@example.org"]
    assert email.extra_headers["Content-Language"] == "cy"
    assert "?lang=cy" in email.body
    token = re.search(r"/invitations/([^/]+)/\?lang=cy", email.body).group(1)
    assert invitation_from_token(token) == invitation
    assert not RoleAssignment.objects.filter(user__email="hana@example.org").exists()

    user, assignment = invitation_account_create(
        invitation=invitation, name="Hana Host", password="a long pass phrase 42"
    )
    assert (assignment.role, assignment.area, assignment.granted_by) == (
        Role.TABLE_HOST,
        boston,
        local,
    )
    assert user.emailaddress_set.get().verified
    with pytest.raises(ValidationError, match="already been accepted"):
        invitation_accept(invitation=invitation, user=user)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"invitation.send", "role.assign", "invitation.accept"} <= actions
    roles = exporters()["account"](user)["roles"]
    assert roles[0]["role"] == Role.TABLE_HOST and roles[0]["given_by"] == "Cari Cydlynydd"


def test_refusals_in_words(place):
    programme, boston, louth = place
    local = user_with_role(Role.COORDINATOR, area=boston)
    with pytest.raises(ValidationError, match="wider than their own"):
        invitation_send(
            actor=local,
            email="x@example.org",
            role=Role.COORDINATOR,
            programme=programme,
            area=boston,
        )
    with pytest.raises(ValidationError, match="wider than their own"):
        invitation_send(
            actor=local, email="x@example.org", role=Role.VOLUNTEER, programme=programme, area=louth
        )
    invitation = invitation_send(
        actor=local, email="x@example.org", role=Role.VOLUNTEER, programme=programme, area=boston
    )
    someone_else = UserFactory(email="y@example.org")
    with pytest.raises(ValidationError, match="This invitation is for x@example.org"):
        invitation_accept(invitation=invitation, user=someone_else)
    RoleInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        invitation_accept(invitation=invitation, user=UserFactory(email="x2@example.org"))
    assert invitation_from_token("forged:token") is None


def test_last_programme_coordinator_cannot_be_removed_or_changed(place):
    programme, boston, _louth = place
    lead = user_with_role(Role.COORDINATOR, programme=programme)
    only = RoleAssignment.objects.get(user=lead)
    with pytest.raises(ValidationError, match="last coordinator"):
        role_revoke(actor=lead, assignment=only, check_scope=True)
    with pytest.raises(ValidationError, match="last coordinator"):
        role_change(actor=lead, assignment=only, role=Role.VOLUNTEER)
    second = user_with_role(Role.COORDINATOR, programme=programme)
    role_revoke(actor=second, assignment=only, check_scope=True)
    assert not RoleAssignment.objects.filter(pk=only.pk).exists()
    assert AuditEntry.objects.filter(action="role.revoke").count() == 1


def test_area_coordinator_changes_and_removes_only_in_their_area(place):
    programme, boston, louth = place
    local = user_with_role(Role.COORDINATOR, area=boston)
    host = RoleAssignment.objects.get(user=user_with_role(Role.TABLE_HOST, area=boston))
    elsewhere = RoleAssignment.objects.get(user=user_with_role(Role.TABLE_HOST, area=louth))
    changed = role_change(actor=local, assignment=host, role=Role.VOLUNTEER)
    assert changed.role == Role.VOLUNTEER
    assert AuditEntry.objects.get(action="role.change").data["before"] == Role.TABLE_HOST
    with pytest.raises(ValidationError, match="wider than their own"):
        role_change(actor=local, assignment=host, role=Role.COORDINATOR)
    with pytest.raises(ValidationError, match="wider than your own"):
        role_revoke(actor=local, assignment=elsewhere, check_scope=True)
