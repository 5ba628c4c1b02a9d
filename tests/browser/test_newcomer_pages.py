"""A newcomer's first ten minutes, in Chromium, on the demo `make run` loads: every demo login
signs in through the form, staff land on their dashboard, and the top menu fits on one line
at 1366 px whatever the role. Then a table host's pages: their details on the People page,
"Your table" on their dashboard, and the map's attribution link, at 1366 px and 360 px."""

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cafes.services import host_assign
from engagement.demo import seed_demo
from engagement.models import Role, RoleAssignment
from tests.browser.sessions import sign_in
from tests.cafes.factories import cafe_with_tables
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 768}
NARROW = {"width": 360, "height": 740}
SHOTS = Path(tempfile.gettempdir()) / "newcomer-shots"  # screenshots to look at by hand


def nav_rows(page) -> int:
    """How many lines the top menu takes: the distinct tops of its items' words (an item whose
    words wrap counts its second line too)."""
    return page.evaluate(
        """() => {
            const tops = [];
            for (const link of document.querySelectorAll('.site-header .nav-link')) {
                const range = document.createRange();
                range.selectNodeContents(link);
                for (const rect of range.getClientRects()) {
                    if (rect.width > 0) tops.push(rect.top);
                }
            }
            tops.sort((a, b) => a - b);
            // A button and a link on one line may sit a pixel or two apart; a line is 24 px.
            return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 10).length;
        }"""
    )


def assert_no_sideways_scroll(page, width: int) -> None:
    wide = page.evaluate(
        """(width) => [...document.querySelectorAll('body *')].filter((el) => {
            const r = el.getBoundingClientRect();
            return r.right > width + 1;
        }).slice(0, 5).map((el) => `${el.tagName}.${el.className} ${el.textContent.slice(0, 40)}`)
        """,
        width,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


def test_every_demo_login_signs_in_and_the_menu_fits_on_one_line(
    browser, live_server, assert_accessible
):
    world = seed_demo(log=lambda _line: None)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=WIDE)
    page = context.new_page()
    page.set_default_timeout(15000)
    for label, email, password in world.logins:
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(email)
        page.locator("#id_password").fill(password)
        page.locator("form").get_by_role("button", name="Sign In").click()
        if label == "Resident":
            page.wait_for_url(re.compile(r"/$"))
        else:
            page.wait_for_url(re.compile(r"/dashboard/$"))
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        page.screenshot(path=f"{SHOTS}/menu-{label.replace(' ', '-').lower()}.png")
        assert nav_rows(page) == 1, f"the menu takes {nav_rows(page)} lines for {label}"
        assert page.locator(".site-header .navbar").bounding_box()["height"] < 80
        assert_accessible(page)
        context.clear_cookies()
    context.close()


@pytest.fixture
def hosted():
    programme = ProgrammeFactory(name="Four Towns", slug="four-towns")
    boston = AreaFactory(programme=programme, name="Boston", slug="boston")
    host = user_with_role(Role.TABLE_HOST, area=boston, name="Hana Host")
    coordinator = user_with_role(Role.COORDINATOR, area=boston, name="Ada Area")
    cafe = cafe_with_tables(2, event__area=boston, event__title="Boston World Café")
    host_assign(
        actor=coordinator,
        cafe=cafe,
        user=host,
        trained_on=dt.date(2026, 1, 10),
        table=cafe.tables.get(number=2),
    )
    return programme, boston, host, coordinator, cafe


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "360"])
def test_a_coordinator_records_host_details_and_the_host_finds_their_table(
    browser, live_server, assert_accessible, hosted, viewport
):
    programme, boston, host, coordinator, cafe = hosted
    width = viewport["width"]
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, coordinator)
    page.goto(f"/programmes/{programme.slug}/areas/{boston.slug}/people/")
    expect(page.get_by_text("Table 2, Boston World Café")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit host details: Hana Host").click()
    expect(page.get_by_role("heading", name="Host details: Hana Host")).to_be_visible()
    assert page.title() == "Host details: Hana Host – People – Boston – Common Ground"
    assert_accessible(page)
    page.get_by_label("Trained on").fill("2026-01-10")
    page.get_by_role("textbox", name="Phone").fill("01205 310010")
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Save the host details").click()
    expect(page.get_by_text("Text messages need a UK mobile number.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Phone").fill("07700 900123")
    page.get_by_role("button", name="Save the host details").click()
    expect(page.get_by_text("The host details of Hana Host are saved.")).to_be_visible()
    expect(page.get_by_text("Text message: 07700 900123")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/people-{width}.png", full_page=True)
    assert_no_sideways_scroll(page, width)
    assert_accessible(page)
    assert RoleAssignment.objects.filter(user=host).count() == 1

    context.clear_cookies()
    sign_in(page, live_server, host)
    page.goto("/dashboard/")
    page.get_by_role("link", name="Your table: table 2 at Boston World Café").click()
    page.wait_for_url(re.compile(rf"/cafes/{cafe.pk}/tables/2/$"))
    page.goto("/dashboard/")
    page.screenshot(path=f"{SHOTS}/host-dashboard-{width}.png", full_page=True)
    assert_no_sideways_scroll(page, width)
    assert_accessible(page)
    context.close()


def test_the_offer_maps_attribution_link_is_underlined(page, live_server, assert_accessible):
    page.set_viewport_size(WIDE)
    page.goto("/assets/map/")
    attribution = page.locator(".leaflet-control-attribution a").first
    expect(attribution).to_be_visible()
    assert "underline" in attribution.evaluate("(a) => getComputedStyle(a).textDecorationLine")
    assert_accessible(page)
