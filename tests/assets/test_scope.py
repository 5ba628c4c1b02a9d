"""The asset lists (offers, needs, figures) show exactly what the same user may open, for every
role held programme-wide or over one area; each rule and its list's filter are one definition."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assets.access import need_q, offer_scope_q, visible_q
from engagement.access import area_q
from engagement.roles import OVERSIGHT_ROLES
from tests.scope import (
    AREA_PLACES,
    holds_matches_scope_q,
    href,
    list_matches_detail,
    make_world,
    rule_matches_filter,
)

from .factories import NeedFactory, individual_offer, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def offers_everywhere(world) -> dict:
    offers = {}
    for place in AREA_PLACES:
        area = world.area(place)
        offers[f"public@{place}"] = make_offer(area=area)
        offers[f"shared@{place}"] = make_offer(area=area, is_public=False)
        offers[f"individual@{place}"] = individual_offer(area=area)
    return offers


def test_offer_directory_shows_the_offers_that_open(world):
    offers = offers_everywhere(world)
    problems = list_matches_detail(
        world,
        list_urls=[reverse("assets:offer_list")],
        markers={k: href(o.get_absolute_url()) for k, o in offers.items()},
        detail_urls={k: o.get_absolute_url() for k, o in offers.items()},
    )
    assert problems == {}


def test_need_list_shows_the_needs_that_open(world):
    needs = {place: NeedFactory(area=world.area(place)) for place in AREA_PLACES}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("assets:need_list")],
        markers={k: href(n.get_absolute_url()) for k, n in needs.items()},
        detail_urls={k: n.get_absolute_url() for k, n in needs.items()},
    )
    assert problems == {}


def test_figures_index_lists_the_areas_whose_figures_open(world):
    urls = {place: reverse("assets:figures", args=[world.area(place).pk]) for place in AREA_PLACES}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("assets:figures_index")],
        markers={k: href(url) for k, url in urls.items()},
        detail_urls=urls,
    )
    assert problems == {}


def test_each_rule_agrees_with_its_list_filter(world):
    offers = list(offers_everywhere(world).values())
    needs = [NeedFactory(area=world.area(place)) for place in AREA_PLACES]
    areas = [world.a1, world.a2, world.other]
    figures_q = lambda user: area_q(user, OVERSIGHT_ROLES)  # noqa: E731
    assert rule_matches_filter(world, "assets.view_offer", visible_q, offers) == {}
    assert rule_matches_filter(world, "assets.manage_needs", need_q, needs) == {}
    assert rule_matches_filter(world, "assets.view_figures", figures_q, areas) == {}


def test_scope_q_is_holds_for_offers_and_needs(world):
    offers = list(offers_everywhere(world).values())
    needs = [NeedFactory(area=world.area(place)) for place in AREA_PLACES]
    for objects in (offers, needs):
        assert holds_matches_scope_q(world, objects, area="area", programme="area__programme") == {}
    coordinator = world.users["coordinator@area"]
    assert {
        o.area for o in type(offers[0]).objects.filter(offer_scope_q(coordinator, "coordinator"))
    } == {world.a1}
