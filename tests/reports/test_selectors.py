"""The report selector against database aggregates on a small programme built for the purpose."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cafes.models import HarvestNote
from engagement.models import EqualityResponse, PopulationFigure
from reports.selectors import Period, impact_report, key_facts
from tests.cafes.factories import CafeFactory, TableFactory
from tests.factories import AreaFactory

from .factories import report_world

pytestmark = pytest.mark.django_db


def test_key_facts_for_the_programme():
    world = report_world()
    facts = key_facts(programme=world.programme)
    assert (facts.cafe_events, facts.cafe_people) == (1, 4)  # the future café is not counted
    assert (facts.pb_events, facts.pb_people) == (1, 3)
    assert (facts.events, facts.people) == (2, 7)
    assert facts.helpers == 2  # the volunteer and the table host, not the coordinator
    assert (facts.bids, facts.bids_pence) == (3, 360_000)  # no draft, no withdrawn bid
    assert (facts.funded, facts.awarded_pence) == (1, 120_000)  # the revoked award is out
    assert facts.pledged_pence == 800_000
    assert (facts.pcc_pence, facts.match_pence, facts.received_pence) == (500_000, 300_000, 600_000)
    assert facts.target_pence == 3_000_000
    assert facts.target_percent == 27
    assert (facts.offers, facts.offers_matched) == (2, 1)


def test_an_area_sees_only_its_own_figures():
    world = report_world()
    south = key_facts(programme=world.programme, area=world.south)
    assert (south.events, south.people, south.pb_people, south.cafe_people) == (1, 3, 3, 0)
    assert (south.bids, south.funded, south.pledged_pence, south.offers) == (0, 0, 0, 0)
    assert south.helpers == 1


def test_period_leaves_out_what_happened_outside_it():
    world = report_world()
    today = timezone.localdate()
    later = Period(today + dt.timedelta(days=1), today + dt.timedelta(days=30))
    facts = key_facts(programme=world.programme, period=later)
    assert (facts.events, facts.bids, facts.funded, facts.pledged_pence, facts.offers) == (
        0,
        0,
        0,
        0,
        0,
    )
    earlier = Period(today - dt.timedelta(days=11), today - dt.timedelta(days=9))
    assert key_facts(programme=world.programme, period=earlier).people == 7


def test_area_rows_and_population():
    world = report_world()
    report = impact_report(programme=world.programme)
    rows = {row.area.slug: row for row in report.areas}
    assert (rows["north"].people, str(rows["north"].per_thousand)) == (4, "0.4")
    assert (rows["south"].people, str(rows["south"].per_thousand)) == (3, "0.6")
    assert (rows["north"].bids, rows["north"].awarded_pence) == (3, 120_000)
    assert report.population == 15_000
    assert report.attendance_by_month and sum(n for _m, n in report.attendance_by_month) == 7
    assert report.money_by_category == [("General pot", 120_000)]
    assert [p.bid.title for p in report.projects] == ["Idea 0"]


def test_query_count_does_not_grow_with_bids():
    small = report_world(bids=3)
    with CaptureQueriesContext(connection) as few:
        impact_report(programme=small.programme)
    large = report_world(bids=12)
    with CaptureQueriesContext(connection) as many:
        impact_report(programme=large.programme)
    assert len(many) == len(few)


def test_who_is_missing_compares_with_the_weighted_population():
    world = report_world()
    events = list(world.programme.events.all())
    for i in range(12):
        EqualityResponse.objects.create(event=events[0], age_band="65_74" if i else "16_24")
    PopulationFigure.objects.create(area=world.north, key="age_band:16_24", percent=30)
    PopulationFigure.objects.create(area=world.south, key="age_band:16_24", percent=0)
    report = impact_report(programme=world.programme)
    age = next(d for d in report.profile.dimensions if d.name == "age_band")
    young = next(c for c in age.cells if c.value == "16_24")
    assert str(young.population) == "20.0"  # (30 × 10,000 + 0 × 5,000) / 15,000
    assert young.under_represented
    assert young.suppressed  # 1 person: still hidden
    assert report.profile.comparable


def test_only_quotes_with_consent_are_reported():
    world = report_world()
    event = world.programme.events.get(title="Café")
    cafe = CafeFactory(event=event)
    table = TableFactory(cafe=cafe)
    for text, who in [("Named", "Sue, a parent"), ("Anonymous", "")]:
        HarvestNote.objects.create(
            cafe=cafe,
            table=table,
            round_number=1,
            kind=HarvestNote.Kind.QUOTE,
            text=text,
            attribution=who,
            attribution_consent=bool(who),
        )
    theme = cafe.themes.create(name="Speeding")
    theme.notes.set(cafe.notes.all())
    report = impact_report(programme=world.programme)
    assert [q.text for q in report.quotes] == ["Named"]
    assert [(t.name, t.notes) for t in report.themes] == [("Speeding", 2)]


def test_an_area_of_another_programme_is_refused():
    world = report_world()
    with pytest.raises(ValueError):
        impact_report(programme=world.programme, area=AreaFactory())
