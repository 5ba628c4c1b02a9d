"""Offering, searching and matching in real Chromium, every page state scanned with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from assets.models import ContactLogEntry, Match, Offer
from engagement.models import Role
from tests.assets.factories import individual_offer, make_offer
from tests.factories import PASSWORD, AreaFactory, user_with_role

pytestmark = pytest.mark.browser


def sign_in(page, user, assert_accessible):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$|/dashboard/"))
    assert_accessible(page)


def test_volunteer_logs_an_offer_on_a_phone(phone_page, assert_accessible):
    page = phone_page
    area = AreaFactory(name="Skegness")
    volunteer = user_with_role(Role.VOLUNTEER, area=area)
    sign_in(page, volunteer, assert_accessible)
    page.goto("/assets/offer/")
    assert_accessible(page)
    # Sent without the essentials: clear errors, nothing stored.
    page.get_by_role("button", name="Save the offer").click()
    assert page.get_by_text("This field is required.").first.is_visible()
    assert_accessible(page)
    assert not Offer.objects.exists()

    page.get_by_label("Venue", exact=True).check()
    page.get_by_label("Title").fill("Function room above the Anchor")
    page.get_by_label("A business").check()
    page.get_by_label("Name of the person or organisation").fill("The Anchor")
    page.get_by_label("Area").select_option(label="Skegness")
    page.get_by_label("Postcode").fill("pe25 3ab")
    page.get_by_label("How to get in touch").select_option("phone")
    page.get_by_label("Contact phone").fill("01754 123456")
    page.get_by_label("Accessible venue").check()
    page.get_by_role("button", name="Save the offer").click()
    page.wait_for_url(re.compile(r"/assets/offers/[0-9a-f-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Function room above the Anchor"
    assert_accessible(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    offer = Offer.objects.get()
    assert offer.postcode == "PE25 3AB" and offer.recorded_by == volunteer


def test_searching_the_list_and_the_map(page, assert_accessible):
    area = AreaFactory(name="Skegness")
    make_offer(area=area, title="Church hall with kitchen")
    make_offer(area=area, title="Minibus with driver", kind="equipment", postcode="PE25 1AA")
    individual_offer(area=area, title="Private sewing offer")
    page.goto("/assets/")
    assert_accessible(page)
    assert page.get_by_role("link", name="Church hall with kitchen").is_visible()
    assert not page.get_by_text("Private sewing offer").count()
    page.get_by_label("Search", exact=True).fill("minibus")
    page.get_by_label("Near postcode").fill("PE25")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"q=minibus"))
    assert page.get_by_role("link", name="Minibus with driver").is_visible()
    assert not page.get_by_role("link", name="Church hall with kitchen").count()
    assert page.get_by_text(re.compile(r"km away")).first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Show these offers on a map").click()
    page.wait_for_selector(".offer-map.is-ready .leaflet-interactive")
    assert page.locator(".leaflet-interactive").count() == 1
    assert page.get_by_role("link", name="Minibus with driver").is_visible()
    assert_accessible(page)


def test_map_page_without_javascript_is_the_list(browser, live_server, assert_accessible):
    make_offer(title="Church hall with kitchen")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/assets/map/")
        assert not page.locator("#offer-map").is_visible()
        assert page.get_by_text("The map needs JavaScript").is_visible()
        assert page.get_by_role("link", name="Church hall with kitchen").is_visible()
    finally:
        context.close()


def test_coordinator_matches_an_offer_to_a_need(page, assert_accessible):
    area = AreaFactory(name="Sleaford")
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    make_offer(area=area, title="Church hall with kitchen")
    sign_in(page, coordinator, assert_accessible)
    page.goto("/assets/")
    page.get_by_role("link", name="Needs and matches").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a need").click()
    assert_accessible(page)
    page.get_by_label("What is needed").fill("A hall for the boxing project")
    page.get_by_label("Comes from").select_option("project")
    page.get_by_label("Kind of offer wanted").select_option("venue")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/assets/needs/\d+/$"))
    assert_accessible(page)
    page.get_by_role("button", name="Match “Church hall with kitchen”").click()
    page.wait_for_url(re.compile(r"/assets/matches/\d+/$"))
    assert_accessible(page)
    page.get_by_label("How you got in touch").select_option("phone")
    page.get_by_label("What was said").fill("Rang the hall secretary; free on Thursdays.")
    page.get_by_role("button", name="Add to the contact log").click()
    assert page.get_by_text("Rang the hall secretary").is_visible()
    assert_accessible(page)
    page.get_by_label("Status").select_option("agreed")
    page.get_by_role("button", name="Update the match").click()
    assert page.get_by_text("Match updated.").is_visible()
    assert_accessible(page)
    match = Match.objects.get()
    assert match.status == "agreed" and ContactLogEntry.objects.filter(match=match).count() == 1


def _upload(page, *rows: str) -> None:
    csv = "\n".join(["title,kind,offerer_kind,offerer_name,contact_email", *rows, ""])
    page.get_by_label("Area").select_option(label="Boston")
    page.get_by_label("CSV file").set_input_files(
        {"name": "offers.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Check and import").click()


def test_importing_offers_lists_each_problem_then_imports(page, assert_accessible):
    area = AreaFactory(name="Boston")
    sign_in(page, user_with_role(Role.COORDINATOR, area=area), assert_accessible)
    page.goto("/assets/import/")
    assert_accessible(page)
    _upload(page, "Bus,spaceship,group,X,x@example.org")
    expect(page.get_by_text("Nothing was imported: 1 problem found.")).to_be_visible()
    assert_accessible(page)
    assert not Offer.objects.exists()
    _upload(
        page,
        "Village hall,venue,group,Hall committee,hall@example.org",
        "Lifts,time,group,Good Neighbours,lifts@example.org",
    )
    expect(page.get_by_text("2 offers imported into Boston.")).to_be_visible()
    assert_accessible(page)
    assert set(Offer.objects.values_list("title", flat=True)) == {"Village hall", "Lifts"}


def test_an_edit_after_clearance_sends_the_offer_back_to_the_queue(page, assert_accessible):
    from assets.models import Safeguarding

    area = AreaFactory()
    coordinator = user_with_role(Role.COORDINATOR, programme=area.programme, area=area)
    offer = make_offer(area=area, title="Football coaching for children")
    sign_in(page, coordinator, assert_accessible)
    page.goto("/dashboard/")
    page.locator("#safeguarding-queue-link").click()
    expect(page.get_by_role("heading", name=re.compile("1 offer waiting"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Record a check")).click()
    page.get_by_label("Cleared: it may be shared").check()
    page.get_by_label("What was checked").fill("DBS certificate seen")
    page.get_by_role("button", name="Record the check").click()
    expect(page.get_by_text("Checked and cleared")).to_be_visible()
    assert_accessible(page)
    page.goto("/assets/safeguarding/")
    expect(page.get_by_text("Nothing is waiting for a safeguarding check.")).to_be_visible()
    page.goto(f"/assets/offers/{offer.uuid}/edit/")
    page.get_by_label("Description").fill("Babysit children overnight at my home")
    page.get_by_role("button", name=re.compile("Save")).first.click()
    expect(page.locator(".sharing-held")).to_contain_text("waiting for a safeguarding check")
    assert_accessible(page)
    offer.refresh_from_db()
    assert offer.safeguarding == Safeguarding.PENDING
    page.goto("/assets/safeguarding/")
    expect(page.locator(".sg-row")).to_have_count(1)
    assert_accessible(page)


def test_my_offers_and_the_organisation_check_pages_are_accessible(page, assert_accessible):
    area = AreaFactory()
    coordinator = user_with_role(Role.COORDINATOR, programme=area.programme, area=area)
    offer = make_offer(area=area, organisation_checked=False, offered_by=coordinator)
    sign_in(page, coordinator, assert_accessible)
    page.goto("/assets/mine/")
    expect(page.locator(".my-offer")).to_have_count(1)
    assert_accessible(page)
    page.goto(f"/assets/offers/{offer.uuid}/")
    page.get_by_role("link", name="Check the organisation and publish").click()
    assert_accessible(page)
    page.get_by_label("I checked that this organisation exists and offers this").check()
    page.get_by_label("The contact details are the organisation's, not a private person's").check()
    page.get_by_role("button", name="Record the check and publish").click()
    expect(
        page.get_by_text("Public, and in the Open Referral feed (organisation checked")
    ).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/assets/mine/")
    assert_accessible(page)
