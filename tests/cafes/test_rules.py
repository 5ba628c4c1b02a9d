"""Permissions role by role: anonymous, resident, coordinators of the right and wrong area,
programme coordinator, the table's host, another table's host, a host without the role, the
PCC office, a volunteer and a superuser."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from cafes.models import HostAssignment
from engagement.models import Role, RoleAssignment
from tests.factories import AreaFactory, UserFactory, user_with_role

from .factories import TableFactory, cafe_with_tables, host_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cafe = cafe_with_tables(3)
    area = cafe.event.area
    t1, t2, t3 = cafe.tables.order_by("number")
    other_area = AreaFactory(programme=area.programme)
    unassigned = user_with_role(Role.TABLE_HOST, area=area)
    revoked = host_at(t3)
    RoleAssignment.objects.filter(user=revoked).delete()
    users = {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "coordinator": user_with_role(Role.COORDINATOR, area=area),
        "programme_coordinator": user_with_role(Role.COORDINATOR, programme=area.programme),
        "wrong_area_coordinator": user_with_role(Role.COORDINATOR, area=other_area),
        "host": host_at(t1),
        "other_host": host_at(t2),
        "host_without_assignment": unassigned,
        "host_role_revoked": revoked,
        "pcc": user_with_role(Role.PCC_OFFICE, area=area),
        "volunteer": user_with_role(Role.VOLUNTEER, area=area),
        "superuser": user_with_role("superuser"),
    }
    return cafe, t1, users


def allowed(users, perm, obj) -> set[str]:
    return {name for name, user in users.items() if user.has_perm(perm, obj)}


COORDINATORS = {"coordinator", "programme_coordinator", "superuser"}


def test_planning_is_for_the_areas_coordinators(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.change_cafe", cafe) == COORDINATORS


def test_add_cafe_needs_a_world_cafe_event_in_scope(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.add_cafe", cafe.event) == COORDINATORS


def test_a_host_sees_and_writes_only_their_own_table(world):
    cafe, t1, users = world
    expected = COORDINATORS | {"host"}
    assert allowed(users, "cafes.view_table", t1) == expected
    assert allowed(users, "cafes.write_harvest", t1) == expected
    t2 = cafe.tables.get(number=2)
    assert allowed(users, "cafes.write_harvest", t2) == COORDINATORS | {"other_host"}
    # Assigned to table 3, but no longer a table host: no access.
    t3 = cafe.tables.get(number=3)
    assert HostAssignment.objects.filter(table=t3).exists()
    assert allowed(users, "cafes.write_harvest", t3) == COORDINATORS


def test_the_cafe_overview(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.view_cafe", cafe) == COORDINATORS | {"pcc", "host", "other_host"}


def test_the_facilitator_screen(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.view_screen", cafe) == COORDINATORS | {
        "host",
        "other_host",
        "volunteer",
    }


def test_harvest_across_tables_is_not_for_hosts(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.view_harvest", cafe) == COORDINATORS | {"pcc"}


def test_safeguarding_flags_only_for_the_areas_coordinators(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.view_safeguarding", cafe) == COORDINATORS


def test_summary_public_only_once_published(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.view_summary", cafe) == COORDINATORS | {"pcc"}
    cafe.summary, cafe.summary_published = "What we heard", True
    cafe.save()
    assert allowed(users, "cafes.view_summary", cafe) == set(users)


def test_question_bank_for_coordinators_of_the_programme(world):
    cafe, _t1, users = world
    assert allowed(users, "cafes.manage_question_bank", cafe.event.programme) == COORDINATORS | {
        "wrong_area_coordinator"
    }


def test_a_host_of_another_cafe_sees_nothing_here(world):
    cafe, t1, users = world
    elsewhere = TableFactory(cafe__event__area=cafe.event.area, number=1)
    stranger = host_at(elsewhere)
    assert not stranger.has_perm("cafes.view_table", t1)
    assert not stranger.has_perm("cafes.view_cafe", cafe)
    assert stranger.has_perm("cafes.view_table", elsewhere)


def test_host_training_date_is_kept(world):
    _cafe, t1, _users = world
    assert t1.host_assignment.trained_on == dt.date(2026, 1, 10)
