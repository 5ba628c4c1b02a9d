"""Every foundation page: status and permissions for anonymous, resident, wrong and right roles."""

import json

import pytest
from django.urls import reverse

from engagement.models import AuditEntry, Programme, Role, RoleAssignment, User
from tests.factories import AreaFactory, ProgrammeFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "privacy", "accessibility", "engagement:programme_list"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_render_for_anyone(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'id="main"' in response.content


def test_dashboard_needs_login_and_a_staff_role(client, login):
    url = reverse("dashboard")
    assert client.get(url).status_code == 302  # to sign in
    login(UserFactory())
    assert client.get(url).status_code == 403  # a resident has no dashboard
    coordinator = user_with_role(Role.COORDINATOR)
    login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert coordinator.role_assignments.get().programme.name.encode() in response.content


def test_draft_programme_is_hidden_from_public_but_seen_by_its_staff(client, login):
    draft = ProgrammeFactory(status=Programme.Status.DRAFT)
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 302
    login(UserFactory())
    assert client.get(url).status_code == 403
    assert draft.name not in client.get(reverse("engagement:programme_list")).content.decode()
    login(user_with_role(Role.VOLUNTEER, programme=draft))
    assert client.get(url).status_code == 200


def test_programme_create_by_coordinator_makes_them_its_coordinator(client, login):
    coordinator = user_with_role(Role.COORDINATOR)
    login(coordinator)
    url = reverse("engagement:programme_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Skegness Together",
            "slug": "skegness-together",
            "status": "active",
            "retention_days": 365,
        },
    )
    programme = Programme.objects.get(slug="skegness-together")
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        user=coordinator, programme=programme, role=Role.COORDINATOR, area=None
    ).exists()
    assert AuditEntry.objects.filter(
        action="programme.create", object_id=str(programme.pk)
    ).exists()


@pytest.mark.parametrize("role", [None, Role.VOLUNTEER, Role.PARTNER, Role.PCC_OFFICE])
def test_programme_create_refused_for_other_roles(client, login, role):
    login(user_with_role(role))
    assert client.get(reverse("engagement:programme_create")).status_code == 403


def test_programme_create_rejects_bad_input_and_changes_nothing(client, login):
    login(user_with_role(Role.COORDINATOR))
    before = Programme.objects.count()
    response = client.post(
        reverse("engagement:programme_create"),
        {
            "name": "",
            "slug": "bad slug!",
            "status": "active",
            "retention_days": 5,
            "start_date": "2026-10-01",
            "end_date": "2026-09-01",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "slug" in form.errors and "retention_days" in form.errors
    assert Programme.objects.count() == before


def test_programme_edit_only_by_programme_wide_coordinator(client, login):
    area = AreaFactory()
    programme = area.programme
    url = reverse("engagement:programme_update", kwargs={"slug": programme.slug})
    login(user_with_role(Role.COORDINATOR, area=area))  # area coordinator: not the programme
    assert client.get(url).status_code == 403
    login(user_with_role(Role.COORDINATOR))  # coordinator elsewhere
    assert client.get(url).status_code == 403
    login(user_with_role(Role.COORDINATOR, programme=programme))
    response = client.post(
        url,
        {"name": "Renamed", "slug": programme.slug, "status": "active", "retention_days": 400},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.retention_days) == ("Renamed", 400)


def test_area_pages_by_role(client, login):
    area = AreaFactory(name="Skegness")
    programme = area.programme
    other = AreaFactory(programme=programme)
    detail = area.get_absolute_url()
    edit = reverse("engagement:area_update", args=[programme.slug, area.slug])
    create = reverse("engagement:area_create", args=[programme.slug])
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 302
    login(user_with_role(Role.COORDINATOR, area=other))
    assert client.get(edit).status_code == 403
    assert client.get(create).status_code == 403
    login(user_with_role(Role.COORDINATOR, area=area))
    assert client.get(edit).status_code == 200
    assert client.get(create).status_code == 403  # adding areas is for the whole programme
    login(user_with_role(Role.COORDINATOR, programme=programme))
    response = client.post(create, {"name": "Sleaford", "slug": "sleaford"})
    assert response.status_code == 302
    assert programme.areas.filter(slug="sleaford").exists()
    duplicate = client.post(create, {"name": "Sleaford again", "slug": "sleaford"})
    assert duplicate.status_code == 200
    assert programme.areas.filter(slug="sleaford").count() == 1


def test_superuser_can_do_everything(client, login):
    programme = ProgrammeFactory(status=Programme.Status.DRAFT)
    login(user_with_role("superuser"))
    assert client.get(reverse("dashboard")).status_code == 200
    assert (
        client.get(reverse("engagement:programme_update", args=[programme.slug])).status_code == 200
    )


def test_my_data_download_and_erase(client, login):
    user = user_with_role(Role.VOLUNTEER, name="Vera Volunteer")
    login(user)
    assert client.get(reverse("engagement:my_data")).status_code == 200
    response = client.get(reverse("engagement:my_data_download"))
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["roles"][0]["role"] == "volunteer"
    refused = client.post(reverse("engagement:my_data_erase"), {})
    assert refused.status_code == 200 and User.objects.filter(pk=user.pk).exists()
    response = client.post(reverse("engagement:my_data_erase"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    entry = AuditEntry.objects.get(action="user.erase")
    assert user.email not in json.dumps(entry.data)


def test_my_data_needs_login(client):
    for name in ["engagement:my_data", "engagement:my_data_download", "engagement:my_data_erase"]:
        assert client.get(reverse(name)).status_code == 302


def test_admin_lists_core_models(client, login):
    login(user_with_role("superuser"))
    for model in ["user", "programme", "area", "partner", "roleassignment", "auditentry"]:
        response = client.get(reverse(f"admin:engagement_{model}_changelist"))
        assert response.status_code == 200, model


@pytest.mark.parametrize(
    "model",
    [
        "engagement_event",
        "engagement_registration",
        "engagement_eventmessage",
        "engagement_yousaidwedid",
        "engagement_engagementactivity",
        "engagement_tensionassessment",
        "cafes_cafe",
        "cafes_cafetheme",
        "voting_pbvote",
        "voting_tallyrecord",
    ],
)
def test_admin_lists_operational_models(client, login, model):
    login(user_with_role("superuser"))
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_admin_never_shows_ballots_codes_or_equality_answers():
    from django.contrib import admin

    from engagement.models import EqualityResponse
    from voting.models import Ballot, VotingCode

    for model in (Ballot, VotingCode, EqualityResponse):
        assert model not in admin.site._registry
