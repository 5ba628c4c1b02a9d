"""The café list shows exactly the cafés whose page the same user may open, for every role held
programme-wide or over one area; the rule and the list's filter are one definition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cafes.access import cafe_q, cafe_scope_q
from cafes.forms import HostForm
from cafes.models import Cafe, HostAssignment
from cafes.selectors import cafe_list
from engagement.models import Role
from engagement.roles import grants
from tests.engagement.factories import EventFactory
from tests.scope import (
    PLACES,
    holds_matches_scope_q,
    href,
    list_matches_detail,
    make_world,
    rule_matches_filter,
)

from .factories import CafeFactory, TableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def cafes_everywhere(world) -> dict[str, Cafe]:
    """A café in every place. The programme-wide table host hosts a table at the programme's
    café and is assigned, with no table yet, at a2's; the area host hosts a table at a1's."""
    cafes = {}
    for place in PLACES:
        programme, area = world.place(place)
        cafes[place] = CafeFactory(event=EventFactory(programme=programme, area=area))
    trained = dt.date(2026, 1, 10)
    for label, place, table in [
        ("table_host@area", "a1", True),
        ("table_host@programme", "programme", True),
        ("table_host@programme", "a2", False),
    ]:
        cafe = cafes[place]
        HostAssignment.objects.create(
            cafe=cafe,
            user=world.users[label],
            table=TableFactory(cafe=cafe) if table else None,
            trained_on=trained,
        )
    return cafes


def test_cafe_list_shows_the_cafes_that_open(world):
    cafes = cafes_everywhere(world)
    problems = list_matches_detail(
        world,
        list_urls=[reverse("cafes:cafe_list")],
        markers={k: href(c.get_absolute_url()) for k, c in cafes.items()},
        detail_urls={k: c.get_absolute_url() for k, c in cafes.items()},
    )
    assert problems == {}


def test_view_cafe_is_the_list_filter(world):
    cafes = list(cafes_everywhere(world).values())
    assert rule_matches_filter(world, "cafes.view_cafe", cafe_q, cafes) == {}


def test_scope_q_is_holds_for_cafes(world):
    cafes = list(cafes_everywhere(world).values())
    assert (
        holds_matches_scope_q(world, cafes, area="event__area", programme="event__programme") == {}
    )
    coordinators = cafe_scope_q(world.users["coordinator@area"], Role.COORDINATOR)
    assert set(Cafe.objects.filter(coordinators)) == {c for c in cafes if c.event.area == world.a1}


def test_only_hosts_whose_role_reaches_the_event_are_offered(world):
    cafes = cafes_everywhere(world)
    offered = {
        place: set(HostForm(cafe=cafe).fields["user"].queryset) for place, cafe in cafes.items()
    }
    area_host, programme_host = world.users["table_host@area"], world.users["table_host@programme"]
    assert offered == {
        "a1": {area_host, programme_host},
        "a2": {programme_host},
        "programme": {programme_host},
        "other": set(),
    }


def test_cafe_list_costs_one_query(world, django_assert_num_queries):
    cafes_everywhere(world)
    user = world.users["table_host@programme"]
    grants(user)  # read once per request, then cached on the user
    with django_assert_num_queries(1):
        assert {c.event.area for c in cafe_list(user=user)} == {None}
