"""Search on a realistic data set: relevance (PostgreSQL full-text), distance, filters, and the
number of queries a page of results costs."""

import datetime as dt
import random

import pytest
from django.db import transaction
from django.utils import timezone

from assets import selectors
from assets.geo import POSTCODE_CENTRES, haversine_km
from assets.models import Match, Offer
from assets.sample import create_sample_offer, subcategories
from assets.selectors import OfferFilters, area_figures, offer_list, offer_suggestions
from assets.services import match_create, match_update, offer_update, offer_withdraw
from engagement.models import PartnerType, Role
from tests.assets.factories import NeedFactory, make_offer
from tests.factories import (
    AreaFactory,
    PartnerFactory,
    ProgrammeFactory,
    RoleAssignmentFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

AREAS = ["sutton-bridge", "sleaford", "skegness", "gainsborough-south-west"]


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        programme = ProgrammeFactory()
        areas = {slug: AreaFactory(programme=programme, slug=slug, name=slug) for slug in AREAS}
        rng = random.Random(8)
        today = timezone.localdate()
        subs = subcategories()
        for i in range(160):
            create_sample_offer(area=areas[AREAS[i % 4]], rng=rng, today=today, index=i, subs=subs)
        projector = make_offer(
            area=areas["skegness"],
            title="Projector and screen to lend",
            description="Good for film nights.",
            kind="equipment",
        )
        yield {"areas": areas, "projector": projector, "programme": programme}
        transaction.set_rollback(True)


@pytest.fixture
def admin():
    return user_with_role("superuser")


def titles(qs, n=5):
    return [o.title for o in qs[:n]]


def test_title_words_rank_first(data, admin):
    results = offer_list(user=admin, filters=OfferFilters(q="projector"))
    # The projector offer (title) beats the function room that mentions one in its description.
    assert results[0] == data["projector"]
    assert any("projector" in o.description.lower() for o in results[1:])


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("football coaching", "Football coaching for children"),
        ("translation polish", "Polish and Lithuanian translation"),
        ("minibus", "Minibus with driver"),
        ("cooks", "Cooking on a budget sessions"),  # stemming
        ("history talk", "Local history talks"),
    ],
)
def test_typical_queries_find_the_obvious_offer_first(data, admin, query, expected_first):
    results = offer_list(user=admin, filters=OfferFilters(q=query))
    assert titles(results, 1) == [expected_first]
    ranks = [o.rank for o in results[:10]]
    assert ranks == sorted(ranks, reverse=True)


def test_hall_search_returns_venues(data, admin):
    results = list(offer_list(user=admin, filters=OfferFilters(q="hall")))
    assert len(results) > 5
    assert {o.kind for o in results[:5]} <= {"venue"}


def test_websearch_syntax_excludes_words(data, admin):
    results = offer_list(user=admin, filters=OfferFilters(q="hall -sports"))
    assert results.exists()
    assert not any("sports" in o.title.lower() for o in results)


def test_nearest_first_from_a_postcode(data, admin):
    point = POSTCODE_CENTRES["DN21 2"]
    results = list(offer_list(user=admin, filters=OfferFilters(near=point))[:10])
    assert {o.area.slug for o in results} == {"gainsborough-south-west"}
    for o in results:
        assert o.distance_km == pytest.approx(
            haversine_km(point, (o.latitude, o.longitude)), abs=1e-6
        )
    distances = [o.distance_km for o in results]
    assert distances == sorted(distances)


def test_relevance_tempered_by_distance(data, admin):
    near_skeg = offer_list(
        user=admin, filters=OfferFilters(q="church hall", near=POSTCODE_CENTRES["PE25"])
    )
    near_sleaford = offer_list(
        user=admin, filters=OfferFilters(q="church hall", near=POSTCODE_CENTRES["NG34"])
    )
    assert near_skeg[0].title == near_sleaford[0].title == "Church hall with kitchen"
    assert near_skeg[0].area.slug == "skegness"
    assert near_sleaford[0].area.slug == "sleaford"


def test_within_distance(data, admin):
    results = offer_list(
        user=admin, filters=OfferFilters(near=POSTCODE_CENTRES["PE25"], within_km=5)
    )
    assert results.exists()
    assert {o.area.slug for o in results} == {"skegness"}


def test_filters(data, admin):
    areas = data["areas"]
    assert all(
        o.category == "physical"
        for o in offer_list(user=admin, filters=OfferFilters(category="physical"))
    )
    assert all(
        o.kind == "money" for o in offer_list(user=admin, filters=OfferFilters(kind="money"))
    )
    inds = offer_list(user=admin, filters=OfferFilters(offerer="individuals"))
    orgs = offer_list(user=admin, filters=OfferFilters(offerer="organisations"))
    assert inds.count() + orgs.count() == Offer.objects.active().count()
    for flag in ("insured", "dbs_checked", "accessible_venue"):
        qs = offer_list(user=admin, filters=OfferFilters(**{flag: True}))
        assert qs.exists() and all(getattr(o, flag) for o in qs)
    only = offer_list(user=admin, filters=OfferFilters(area=areas["sleaford"]))
    assert {o.area_id for o in only} == {areas["sleaford"].pk}


def test_availability_filter(data, admin):
    today = timezone.localdate()
    later = data["projector"]
    offer_update(actor=None, offer=later, available_from=today + dt.timedelta(days=60))
    now = offer_list(user=admin, filters=OfferFilters(q="projector", available="now"))
    assert later not in list(now)
    offer_update(actor=None, offer=later, available_from=today + dt.timedelta(days=20))
    month = offer_list(user=admin, filters=OfferFilters(q="projector", available="month"))
    assert later in list(month)


def test_fallback_search_without_postgres_full_text(data, admin, monkeypatch):
    monkeypatch.setattr(selectors, "search_enabled", lambda: False)
    results = offer_list(user=admin, filters=OfferFilters(q="Minibus driver"))
    assert results.exists()
    assert all("minibus" in o.title.lower() for o in results)


def test_a_page_of_results_costs_a_fixed_number_of_queries(data, django_assert_num_queries):
    area = data["areas"]["skegness"]
    user = UserFactory()
    RoleAssignmentFactory(
        user=user,
        role=Role.PARTNER,
        programme=area.programme,
        area=area,
        partner=PartnerFactory(type=PartnerType.POLICE),
    )
    user = type(user).objects.get(pk=user.pk)
    # grants, partner types, the page, its tags
    with django_assert_num_queries(4):
        page = list(offer_list(user=user, filters=OfferFilters(q="hall"))[:20])
        for o in page:
            list(o.tags.all())
            o.area.name  # noqa: B018
            o.subcategory  # noqa: B018
    assert page


def test_suggestions_for_a_need(data, admin):
    need = NeedFactory(
        area=data["areas"]["sleaford"],
        title="Hall for a youth boxing club",
        description="A hall with space for 20 on Thursday evenings",
        wanted_kind="venue",
    )
    suggestions = offer_suggestions(user=admin, need=need)
    assert suggestions and all(o.kind == "venue" for o in suggestions)
    assert suggestions[0].area_id == need.area_id
    match_create(actor=admin, need=need, offer=suggestions[0])
    assert suggestions[0] not in offer_suggestions(user=admin, need=need)


def test_suggestions_without_a_wanted_kind_use_the_words(data, admin):
    need = NeedFactory(
        area=data["areas"]["skegness"],
        title="Translation for a leaflet",
        description="Polish speakers",
        wanted_kind="",
    )
    suggestions = offer_suggestions(user=admin, need=need)
    assert suggestions[0].title == "Polish and Lithuanian translation"


def test_area_figures(data):
    area = data["areas"]["skegness"]
    need = NeedFactory(area=area)
    offer = Offer.objects.filter(area=area, safeguarding="not_needed").first()
    match = match_create(actor=None, need=need, offer=offer)
    match_update(actor=None, match=match, status=Match.Status.AGREED)
    match_update(actor=None, match=match, status=Match.Status.DONE)
    offer_withdraw(actor=None, offer=Offer.objects.filter(area=area).last())
    figures = area_figures(area=area)
    active = Offer.objects.filter(area=area, status="active").count()
    assert figures["active_total"] == active
    assert sum(n for _label, n in figures["by_category"]) == active
    assert figures["months"][-1]["new"] == Offer.objects.filter(area=area).count()
    assert figures["months"][-1]["active"] == active
    assert figures["matches_done"] == 1
