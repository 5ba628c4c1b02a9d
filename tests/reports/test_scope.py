"""The reports index lists exactly the dashboards the same user may open, for every role held
programme-wide or over one area; the rule and the index's filters are one definition."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.access import area_report_q, programme_report_q
from tests.scope import client_for, make_world, opens, rule_matches_filter, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_reports_index_lists_the_dashboards_that_open(world):
    programmes = {"programme": world.programme, "other_programme": world.other_programme}
    areas = {"a1": world.a1, "a2": world.a2, "other": world.other}
    programme_urls = {
        k: reverse("reports:programme_dashboard", args=[p.slug]) for k, p in programmes.items()
    }
    area_urls = {
        k: reverse("reports:area_dashboard", args=[a.programme.slug, a.slug])
        for k, a in areas.items()
    }
    programme_of = {"a1": "programme", "a2": "programme", "other": "other_programme"}
    problems = {}
    for label, user in world.users.items():
        client = client_for(user)
        index = [reverse("reports:index")]
        listed = shown(client, index, {k: f'href="{u}"' for k, u in programme_urls.items()})
        listed_areas = shown(client, index, {k: f'href="{u}"' for k, u in area_urls.items()})
        # An area's dashboard is reached from its programme's when the whole programme is listed.
        listed |= listed_areas | {a for a, p in programme_of.items() if p in listed}
        opened = opens(client, programme_urls | area_urls)
        if listed != opened:
            problems[label] = (listed, opened)
    assert problems == {}


def test_view_report_is_the_index_filter(world):
    programmes = [world.programme, world.other_programme]
    areas = [world.a1, world.a2, world.other]
    assert rule_matches_filter(world, "reports.view_report", programme_report_q, programmes) == {}
    assert rule_matches_filter(world, "reports.view_report", area_report_q, areas) == {}
