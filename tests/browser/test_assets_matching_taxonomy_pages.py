"""Needs with place, days and size; matching from a search result; the subcategory page; the
figures with their CSV. Real Chromium, every page state scanned with axe-core."""

import os
import re

import pytest

from assets.models import Match, Need, Subcategory
from engagement.models import Role
from tests.assets.factories import NeedFactory, individual_offer, make_offer
from tests.browser.test_assets_pages import sign_in
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SCREENSHOT_DIR")


def shot(page, name):
    """Screenshots for a person to look at, only when asked for (SCREENSHOT_DIR)."""
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def no_overflow(page):
    width = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(width) <= 0


def test_need_with_days_and_size_then_match_from_a_search_result(page, assert_accessible):
    area = AreaFactory(name="Skegness")
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    make_offer(area=area, title="Saturday hall", schedule="Saturdays only", capacity="seats 80")
    make_offer(area=area, title="Tuesday hall", schedule="Tuesday evenings", capacity="seats 60")
    sign_in(page, coordinator, assert_accessible)
    page.goto("/assets/needs/new/")
    page.get_by_label("What is needed").fill("Hall for the youth club")
    page.get_by_label("Comes from").select_option("project")
    page.get_by_label("Kind of offer wanted").select_option("venue")
    page.get_by_label("Postcode").fill("ZZ99 9ZZ")
    page.get_by_label("Tuesday").check()
    page.get_by_label("How many people").fill("40")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("We do not know where that postcode is yet").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Postcode").fill("PE25 3AB")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/assets/needs/\d+/$"))
    assert_accessible(page)
    shot(page, "need-detail-1366")
    titles = page.locator("#suggest-title ~ ul h3").all_inner_texts()
    assert titles == ["Tuesday hall", "Saturday hall"]
    assert page.get_by_text("only Saturday").is_visible()

    page.get_by_role("link", name="Search all offers in the area").click()
    assert_accessible(page)
    page.get_by_role("link", name="Match “Saturday hall” to a need").click()
    assert_accessible(page)
    shot(page, "offer-match-1366")
    page.get_by_label("Hall for the youth club").check()
    page.get_by_role("button", name="Match to this need").click()
    page.wait_for_url(re.compile(r"/assets/matches/\d+/$"))
    assert_accessible(page)
    match = Match.objects.get()
    assert match.offer.title == "Saturday hall" and match.need == Need.objects.get()


def test_match_from_an_offer_page_on_a_phone(phone_page, assert_accessible):
    page = phone_page
    area = AreaFactory(name="Sleaford")
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    offer = make_offer(area=area, title="Minibus with driver", kind="equipment")
    NeedFactory(area=area, title="Transport to the lunch club")
    sign_in(page, coordinator, assert_accessible)
    page.goto(offer.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Match to a need").click()
    assert_accessible(page)
    no_overflow(page)
    shot(page, "offer-match-360")
    page.get_by_label("Transport to the lunch club").check()
    page.get_by_role("button", name="Match to this need").click()
    page.wait_for_url(re.compile(r"/assets/matches/\d+/$"))
    assert Match.objects.filter(offer=offer).exists()


def test_coordinator_manages_subcategories_from_the_programme(page, assert_accessible):
    area = AreaFactory(name="Gainsborough")
    coordinator = user_with_role(Role.COORDINATOR, programme=area.programme)
    sign_in(page, coordinator, assert_accessible)
    page.goto(area.programme.get_absolute_url())
    page.get_by_role("link", name="Subcategories of offers").click()
    assert_accessible(page)
    page.get_by_label("Category").select_option("physical")
    page.locator("#id_name").fill("Church halls")
    page.get_by_role("button", name="Add subcategory").click()
    assert page.get_by_text("Subcategory added.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rename “Church halls”").click()
    assert_accessible(page)
    page.get_by_label("New name").fill("Faith buildings")
    page.get_by_role("button", name="Rename").click()
    assert page.get_by_text("Subcategory renamed; its offers keep it.").is_visible()
    assert_accessible(page)
    shot(page, "subcategories-1366")
    sub = Subcategory.objects.get(programme=area.programme)
    assert sub.name == "Faith buildings"

    page.goto("/assets/offer/")
    options = page.get_by_label("Subcategory").locator("option").all_inner_texts()
    assert "Physical: Faith buildings" in options
    page.goto("/assets/")
    page.get_by_text("More filters").click()
    page.get_by_label("Subcategory").select_option(label="Physical: Faith buildings")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)

    page.goto(area.programme.get_absolute_url())
    page.get_by_role("link", name="Subcategories of offers").click()
    page.get_by_role("button", name="Retire “Faith buildings”").click()
    assert page.get_by_text("Retired: it is no longer offered for new offers.").is_visible()
    assert_accessible(page)
    page.goto("/assets/offer/")
    options = page.get_by_label("Subcategory").locator("option").all_inner_texts()
    assert "Physical: Faith buildings" not in options


def test_figures_page_and_its_download(browser, live_server, assert_accessible):
    area = AreaFactory(name="Boston")
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    make_offer(area=area, title="Hall")
    individual_offer(area=area)
    NeedFactory(area=area, status=Need.Status.MET)
    for width, height, name in ((1366, 800, "figures-1366"), (360, 740, "figures-360")):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        page = context.new_page()
        sign_in(page, coordinator, assert_accessible)
        page.goto(f"/assets/figures/{area.pk}/")
        assert page.get_by_text("needs met").is_visible()
        assert_accessible(page)
        no_overflow(page)
        shot(page, name)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download these figures (CSV)").click()
        assert download.value.suggested_filename.startswith("figures-boston-")
        context.close()
