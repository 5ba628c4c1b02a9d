"""Community Tension Assessments in the browser: the history of a change, and what stands out."""

import datetime as dt

import pytest
from django.utils import timezone

from engagement.models import TensionAssessment
from engagement.services.tension import tension_create
from tests.browser.sessions import sign_in
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.browser


def test_a_change_shows_in_history_and_high_tension_stands_out(
    page, live_server, assert_accessible
):
    area = AreaFactory(name="Boston")
    writer = user_with_role("coordinator", area=area, name="Ann Pryce")
    today = timezone.localdate()
    assessment = tension_create(
        actor=writer,
        programme=area.programme,
        area=area,
        title="Fire at the community centre",
        incident_date=today - dt.timedelta(days=10),
        what_happened="A fire.",
        communities_affected="The estate.",
        confidence_assessment="Shaken.",
        tension_level=TensionAssessment.Level.MEDIUM,
        next_review_on=today - dt.timedelta(days=2),
    )
    sign_in(page, live_server, user_with_role("coordinator", area=area, name="Bob Tate"))
    page.goto(f"/tension/{assessment.pk}/edit/")
    page.get_by_label("Level of tension").select_option("high")
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_text("The earlier version is kept in its history").is_visible()

    newest = page.locator("ol.history > li").first
    assert "Bob Tate" in newest.get_by_role("heading").inner_text()
    row = newest.get_by_role("row", name="Level of tension")
    assert row.get_by_role("cell").nth(0).inner_text() == "Medium"
    assert row.get_by_role("cell").nth(1).inner_text() == "High"
    assert "Ann Pryce" in page.locator("ol.history > li").last.inner_text()
    assert page.get_by_text("High tension").first.is_visible()
    assert_accessible(page)

    page.goto("/tension/")
    assert page.get_by_text("1 open assessment at high or critical tension").is_visible()
    flagged = page.get_by_role("row", name="Fire at the community centre")
    assert "Overdue:" in flagged.inner_text() and "High" in flagged.inner_text()
    assert_accessible(page)

    page.goto("/dashboard/")
    panel = page.get_by_role("region", name="Community tension: needs attention")
    assert panel.get_by_role("link", name="Fire at the community centre").is_visible()
    assert "Review overdue since" in panel.inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    for path in ["/dashboard/", "/tension/", f"/tension/{assessment.pk}/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page)
