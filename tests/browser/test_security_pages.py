"""The pages the security fixes added or changed, in Chromium at 1366 and 360 px, with axe-core:
a refused search, and the reach page with too few equality answers for a breakdown."""

from __future__ import annotations

import pytest

from engagement.models import EqualityResponse
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role

from .sessions import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 360])
def test_refused_search_and_hidden_breakdown_pages(
    page, live_server, assert_accessible, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    event = EventFactory()
    RegistrationFactory(event=event)
    EqualityResponse.objects.create(event=event, age_band="16_24")
    sign_in(page, live_server, user_with_role("coordinator", area=event.area))
    response = page.goto(f"/events/{event.slug}/registrations/?q=%00")
    assert response.status == 400
    assert "cannot be searched for" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"refused-{width}.png")
    page.goto(f"/events/{event.slug}/reach/")
    assert "no breakdown is shown" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"reach-{width}.png", full_page=True)
