"""Impact reports in real Chromium: the dashboard and an area page axe-clean on a desktop and a
320px phone, and asking for a report that the real worker makes while the page shows progress."""

import pytest

from engagement.models import Role
from tests.browser.sessions import sign_in
from tests.factories import user_with_role
from tests.reports.factories import report_world

pytestmark = pytest.mark.browser


def test_dashboard_request_progress_and_download(
    page, live_server, assert_accessible, celery_worker
):
    world = report_world()
    sign_in(page, live_server, user_with_role(Role.PCC_OFFICE, programme=world.programme))
    page.goto("/")
    page.get_by_role("link", name="Impact reports").click()
    assert_accessible(page)
    page.get_by_role("link", name=world.programme.name).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Impact: {world.programme.name}"
    assert page.locator('[data-fact="bids"]').inner_text() == "3 bids received, totalling £3,600"
    assert page.get_by_role("img", name="Money asked for and awarded, by area").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make the PDF report").click()
    assert page.get_by_text("Your report is being made.").is_visible()
    assert_accessible(page)
    # The page polls the status and reloads once the worker has made the file.
    download = page.get_by_role("link", name="Download")
    download.wait_for(timeout=90_000)
    assert_accessible(page)
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".pdf")


def test_area_page_with_dates_on_a_phone(phone_page, live_server, assert_accessible):
    world = report_world()
    sign_in(phone_page, live_server, user_with_role(Role.COORDINATOR, area=world.north))
    phone_page.goto(f"/reports/{world.programme.slug}/areas/{world.north.slug}/")
    assert phone_page.locator('[data-fact="cafe"]').inner_text() == "4 people came to 1 World Café"
    assert_accessible(phone_page)
    phone_page.get_by_label("From").first.fill("2020-01-01")
    phone_page.get_by_label("To").first.fill("2020-12-31")
    phone_page.get_by_role("button", name="Show these dates").click()
    assert phone_page.locator("#period-label").inner_text() == "1 January 2020 to 31 December 2020"
    assert phone_page.locator('[data-fact="cafe"]').inner_text() == "0 people came to 0 World Cafés"
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(phone_page)


def test_the_report_as_an_accessible_web_page_in_english_and_welsh(
    page, live_server, assert_accessible
):
    world = report_world()
    sign_in(page, live_server, user_with_role(Role.PCC_OFFICE, programme=world.programme))
    page.goto(f"/reports/{world.programme.slug}/")
    page.get_by_role("link", name="Read the report as a web page").click()
    assert page.get_by_role("heading", level=1).inner_text() == world.programme.name
    assert page.get_by_role("heading", name="At a glance").is_visible()
    assert page.get_by_role("img", name="Money asked for and awarded, by area").is_visible()
    assert_accessible(page)
    page.context.add_cookies([{"name": "django_language", "value": "cy", "url": live_server.url}])
    page.reload()
    assert page.get_by_role("heading", name="Cipolwg").is_visible()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert_accessible(page)
