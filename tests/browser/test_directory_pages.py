"""The directory's map clusters, postcode search beyond the demo towns and the access log, in
real Chromium, every page state scanned with axe-core."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from engagement.models import PartnerType, Role
from tests.assets.factories import individual_offer, make_offer
from tests.browser.sessions import sign_in
from tests.factories import (
    AreaFactory,
    PartnerFactory,
    RoleAssignmentFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("CG_SCREENSHOTS", "")


def shot(page, name):
    """Screenshots for a person to look at, only when asked for (CG_SCREENSHOTS=folder)."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def popup_settled(page):
    """Leaflet fades a popup in while it pans the map; axe must read its final colours."""
    page.wait_for_function(
        "() => { const p = document.querySelector('.leaflet-popup');"
        " return p && getComputedStyle(p).opacity === '1'; }"
    )
    page.wait_for_timeout(300)  # the pan that brings the popup into view


def test_offers_sharing_a_point_open_as_one_list(page, assert_accessible):
    area = AreaFactory(name="Skegness")
    for title in ("Main hall", "Kitchen", "Meeting room"):
        make_offer(area=area, title=f"Community centre {title}", postcode="PE25 3AB")
    make_offer(area=area, title="Lifeboat station tours", postcode="PE25 1AA")
    page.goto("/assets/map/")
    page.wait_for_selector(".offer-map.is-ready .offer-cluster")
    expect(page.get_by_text("The map needs JavaScript")).to_be_hidden()
    cluster = page.get_by_role("button", name="3 offers here")
    expect(cluster).to_have_text("3")
    assert page.locator(".offer-cluster").count() == 1  # the lone offer is a plain dot
    assert_accessible(page)
    cluster.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_text("3 offers here")).to_be_visible()
    for title in ("Main hall", "Kitchen", "Meeting room"):
        expect(popup.get_by_role("link", name=f"Community centre {title}")).to_be_visible()
    expect(popup.get_by_role("link", name="Lifeboat station tours")).to_have_count(0)
    popup_settled(page)
    shot(page, "map-cluster-1366")
    assert_accessible(page)
    popup.get_by_role("link", name="Community centre Kitchen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community centre Kitchen")


def test_the_cluster_opens_from_the_keyboard_on_a_phone(phone_page, assert_accessible):
    page = phone_page
    area = AreaFactory(name="Skegness")
    for title in ("Main hall", "Kitchen"):
        make_offer(area=area, title=f"Community centre {title}", postcode="PE25 3AB")
    page.goto("/assets/map/")
    cluster = page.get_by_role("button", name="2 offers here")
    cluster.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content").get_by_role("link")).to_have_count(2)
    popup_settled(page)
    shot(page, "map-cluster-360")
    assert_accessible(page)


def test_searching_near_a_newport_postcode(page, assert_accessible):
    call_command("load_postcodes", "--sample", "onspd", stdout=io.StringIO())
    area = AreaFactory(name="Ringland")
    make_offer(area=area, title="Ringland community hall", postcode="NP19 9BX")
    make_offer(area=area, title="Skegness church hall", postcode="PE25 3AB")
    page.goto("/assets/")
    page.get_by_label("Near postcode").fill("np19 4rs")
    page.get_by_label("Within").select_option("5")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Ringland community hall")).to_be_visible()
    expect(page.get_by_text("1.1 km away")).to_be_visible()
    expect(page.get_by_role("link", name="Skegness church hall")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Near postcode").fill("ZZ98 1AA")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("We could not find the postcode ZZ98 1AA")).to_be_visible()
    shot(page, "search-unknown-postcode")
    assert_accessible(page)
    page.get_by_label("Near postcode").fill("PE25 1QX")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("PE25 1QX has not been used since June 2015")).to_be_visible()
    assert_accessible(page)


def test_a_coordinator_reads_who_looked_at_an_individuals_offer(
    page, live_server, assert_accessible
):
    area = AreaFactory(name="Skegness")
    person = individual_offer(area=area, title="Bike repairs", offerer_name="Jane Doe")
    partner = UserFactory(name="Pat Nosy")
    RoleAssignmentFactory(
        user=partner,
        role=Role.PARTNER,
        programme=area.programme,
        area=area,
        partner=PartnerFactory(type=PartnerType.POLICE),
    )
    sign_in(page, live_server, partner)
    page.goto("/assets/map/")  # seen on the map (and the list beneath it)
    page.goto(person.get_absolute_url())  # and opened
    page.context.clear_cookies()

    coordinator = user_with_role(Role.COORDINATOR, area=area)
    sign_in(page, live_server, coordinator)
    page.goto(person.get_absolute_url())
    page.get_by_role("link", name="Who has looked at this offer").click()
    table = page.get_by_role("table")
    # The header, the partner's look on the map and on the page, and the coordinator's own.
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_text("Saw it on the map")).to_be_visible()
    expect(table.get_by_text("Opened its page")).to_have_count(2)
    expect(table.get_by_text("Pat Nosy").first).to_be_visible()
    shot(page, "who-looked-1366")
    assert_accessible(page)
    page.get_by_label("How", exact=True).select_option(label="Saw it on the map")
    page.get_by_role("button", name="Filter").click()
    expect(table.get_by_role("row")).to_have_count(2)
    page.get_by_label("From").fill("2026-12-10")
    page.get_by_label("To").fill("2026-12-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("The end date cannot be before the start date.")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/assets/who-looked/")
    shot(page, "who-looked-360")
    assert_accessible(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
