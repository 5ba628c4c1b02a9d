"""Reach figures and the equality profile: aggregates only, small numbers hidden."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from engagement.models import EqualityResponse, Event, PopulationFigure, Registration
from engagement.selectors.reach import (
    equality_profile,
    programme_equality_profile,
    programme_population,
    reach_figures,
)
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_reach_counts_people_not_bookings(django_assert_num_queries):
    now = timezone.now()
    event = EventFactory(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1))
    RegistrationFactory(event=event, party_size=3, checked_in_at=now)  # a parent and two children
    RegistrationFactory(event=event)  # no-show
    RegistrationFactory(event=event, source="walk_in", checked_in_at=now, party_size=2)
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    with django_assert_num_queries(2):
        figures = reach_figures(events=Event.objects.filter(pk=event.pk))
    assert figures == {
        "registered": 4,
        "attended": 5,
        "no_shows": 1,
        "walk_ins": 2,
        "waiting": 1,
        "cancelled": 1,
        "events": 1,
    }


def test_no_shows_only_count_once_the_event_has_started():
    event = EventFactory()
    RegistrationFactory(event=event)
    assert reach_figures(events=Event.objects.filter(pk=event.pk))["no_shows"] == 0


def _responses(event, n, **answers):
    EqualityResponse.objects.bulk_create(
        [EqualityResponse(event=event, **answers) for _i in range(n)]
    )


def test_small_numbers_are_suppressed_with_a_second_cell(django_assert_num_queries):
    event = EventFactory()
    _responses(event, 10, age_band="25_44")
    _responses(event, 6, age_band="45_64")
    _responses(event, 2, age_band="16_24")
    with django_assert_num_queries(1):
        profile = equality_profile(events=Event.objects.filter(pk=event.pk))
    age = {c.value: c for c in profile.dimensions[0].cells}
    assert profile.responses == 18
    assert (
        age["16_24"].suppressed
        and age["16_24"].share is None
        and str(age["16_24"].shown) == "fewer than 5"
    )
    # Otherwise 2 could be worked out as 18 - 10 - 6: the next smallest is hidden too, and
    # called hidden, not "fewer than 5" (there are 6).
    assert age["45_64"].suppressed
    assert str(age["45_64"].shown) == "hidden to protect small numbers"
    assert str(age["45_64"].hidden_text) == "hidden to protect small numbers"
    assert not age["25_44"].suppressed and age["25_44"].count == 10


def test_under_represented_groups_are_flagged_against_the_census():
    event = EventFactory()
    PopulationFigure.objects.create(area=event.area, key="age_band:65_74", percent=Decimal("20"))
    PopulationFigure.objects.create(
        area=event.area, key="groups:young_people", percent=Decimal("10")
    )
    _responses(event, 18, age_band="25_44", group_young_people=True)
    _responses(event, 2, age_band="65_74")
    profile = equality_profile(events=Event.objects.filter(pk=event.pk), area=event.area)
    assert profile.comparable
    assert [c.value for c in profile.under_represented] == ["65_74"]


def test_no_comparison_with_too_few_answers():
    event = EventFactory()
    PopulationFigure.objects.create(area=event.area, key="age_band:65_74", percent=Decimal("20"))
    _responses(event, 3, age_band="25_44")
    profile = equality_profile(events=Event.objects.filter(pk=event.pk), area=event.area)
    assert not profile.comparable and profile.under_represented == []


def _programme_with_census():
    """North (10,000 people, 30% aged 16-24) and South (5,000, none): 20.0% across the two.
    West has figures but no population and East a population but no figures: both left out."""
    north = AreaFactory(population=10_000)
    programme = north.programme
    south = AreaFactory(programme=programme, population=5_000)
    west = AreaFactory(programme=programme, population=None)
    AreaFactory(programme=programme, population=20_000)
    for area, percent in [(north, 30), (south, 0), (west, 90)]:
        PopulationFigure.objects.create(area=area, key="age_band:16_24", percent=percent)
    event = EventFactory(area=north)
    _responses(event, 1, age_band="16_24")
    _responses(event, 11, age_band="25_44")
    return programme


def test_programme_population_weights_each_area_by_its_people():
    assert programme_population(_programme_with_census()) == {"age_band:16_24": Decimal("20.0")}


def test_programme_profile_flags_against_the_weighted_population(django_assert_num_queries):
    programme = _programme_with_census()
    with django_assert_num_queries(2):
        profile = programme_equality_profile(programme=programme, events=programme.events.all())
    assert profile.comparable
    young = next(c for c in profile.dimensions[0].cells if c.value == "16_24")
    assert young.population == Decimal("20.0")
    # 1 of 12 answers (8.3%) is below three quarters of 20.0%; the count itself stays hidden.
    assert [c.value for c in profile.under_represented] == ["16_24"] and young.suppressed
    # Without a population to compare with, nothing is flagged.
    assert equality_profile(events=programme.events.all()).under_represented == []


def test_the_ratio_and_minimum_are_the_settings_at_call_time(settings):
    programme = _programme_with_census()
    events = programme.events.all()
    settings.EVENTS_UNDER_REPRESENTED_RATIO = 0.4  # 8.3% is not below 8.0%
    assert programme_equality_profile(programme=programme, events=events).under_represented == []
    settings.EVENTS_UNDER_REPRESENTED_RATIO = 0.75
    settings.EVENTS_MIN_RESPONSES_TO_COMPARE = 13
    assert not programme_equality_profile(programme=programme, events=events).comparable


def test_no_breakdown_for_fewer_than_ten_answers(client):
    """Two answers, both disabled 16 to 24 year-olds: "fewer than 5" beside zeros would say so."""
    from django.urls import reverse

    from tests.factories import user_with_role

    event = EventFactory()
    _responses(event, 2, age_band="16_24", disability="yes")
    profile = equality_profile(events=Event.objects.filter(pk=event.pk))
    assert profile.responses == 2 and profile.breakdown_hidden and profile.dimensions == []
    client.force_login(user_with_role("coordinator", area=event.area))
    page = client.get(reverse("engagement:event_reach", args=[event.slug])).content.decode()
    assert "no breakdown is shown" in page and "fewer than 5" not in page
    _responses(event, 8, age_band="25_44", disability="no")
    assert (
        len(equality_profile(events=Event.objects.filter(pk=event.pk)).dimensions) == 7
    )  # sex, religion too
