"""The Census population form of an area works from the area page."""

import pytest

from engagement.models import PopulationFigure, Role
from tests.browser.sessions import sign_in
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role

pytestmark = pytest.mark.browser


def test_coordinator_enters_census_figures(page, live_server, assert_accessible):
    programme = ProgrammeFactory(slug="four-towns")
    area = AreaFactory(programme=programme, name="Boston", slug="boston")
    sign_in(page, live_server, user_with_role(Role.COORDINATOR, area=area))
    page.goto("/programmes/four-towns/areas/boston/")
    page.get_by_role("link", name="Census population figures").click()
    fields = page.locator("form input[type=number]")
    assert fields.count() > 5
    assert_accessible(page)
    fields.nth(0).fill("150")
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.locator(".invalid-feedback, .errorlist").first.is_visible()
    fields = page.locator("form input[type=number]")
    fields.nth(0).fill("12.5")
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_text("Population figures saved.").is_visible()
    assert PopulationFigure.objects.get(area=area).percent == pytest.approx(12.5)
