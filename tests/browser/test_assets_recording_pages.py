"""Recording at an event, correcting, re-confirming, sending a fresh link and importing, in
real Chromium; every page state scanned with axe-core."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from assets.models import Offer
from assets.services import offer_confirm_token
from engagement.models import Role
from tests.assets.factories import individual_offer
from tests.browser.test_assets_pages import sign_in
from tests.engagement.factories import EventFactory
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.browser


def test_volunteer_records_two_offers_at_a_fun_day_and_corrects_one(phone_page, assert_accessible):
    page = phone_page
    area = AreaFactory(name="Sleaford")
    EventFactory(area=area, title="Sleaford fun day", starts_at=timezone.now())
    volunteer = user_with_role(Role.VOLUNTEER, area=area)
    sign_in(page, volunteer, assert_accessible)
    page.goto("/assets/offer/")
    page.get_by_label("Recorded at the event").select_option(label="Sleaford fun day")
    page.get_by_label("Skills", exact=True).check()
    page.get_by_label("Title").fill("Gardening help")
    page.get_by_label("An individual").check()
    page.get_by_label("Name of the person or organisation").fill("Mary Jones")
    page.get_by_label("How to get in touch").select_option("phone")
    page.get_by_label("Contact phone").fill("07700 900123")
    page.get_by_role("checkbox", name="Council").check()
    page.get_by_role("button", name="Save and record another").click()
    page.wait_for_url(re.compile(r"/assets/offer/\?area=\d+&event=\d+$"))
    assert page.get_by_text("Saved: Gardening help").is_visible()
    assert page.get_by_label("Recorded at the event").input_value() != ""
    assert page.get_by_label("Area").input_value() == str(area.pk)
    assert_accessible(page)
    first = Offer.objects.get()
    page.goto(f"/assets/offers/{first.uuid}/")
    assert page.get_by_text("you can correct it until").is_visible()
    assert_accessible(page)
    Offer.objects.filter(pk=first.pk).update(created=timezone.now() - dt.timedelta(days=2))
    page.goto(f"/assets/offers/{first.uuid}/edit/")
    assert page.get_by_role("heading", name="This offer can no longer be corrected by you")
    assert_accessible(page)


def test_reconfirming_when_consent_ends_sooner(page, assert_accessible):
    offer = individual_offer(consent_until=timezone.localdate() + dt.timedelta(days=20))
    page.goto(f"/assets/confirm/{offer_confirm_token(offer)}/")
    assert page.get_by_text("you agreed to share this one only until").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Yes, and share it until")).click()
    assert page.get_by_text(re.compile(r"stays listed until \d+ \w+ \d{4}\.")).is_visible()
    assert page.get_by_text("We will ask you again by email on").is_visible()
    assert_accessible(page)


def test_coordinator_sends_a_fresh_link_and_imports_a_file(page, assert_accessible):
    area = AreaFactory(name="Skegness")
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    offer = individual_offer(area=area, contact_email="jean@example.org")
    sign_in(page, coordinator, assert_accessible)
    page.goto(f"/assets/offers/{offer.uuid}/")
    page.get_by_role("button", name="Send the offerer a fresh link").click()
    assert page.get_by_text("A fresh link is on its way by email to jean@example.org.").is_visible()
    assert_accessible(page)

    page.goto("/assets/import/")
    assert_accessible(page)
    consent = (timezone.localdate() + dt.timedelta(days=300)).strftime("%d/%m/%Y")
    rows = (
        "title,kind,offerer_kind,offerer_name,is_public,consent_until,contact_preference\n"
        f"Sewing and alterations,skills,individual,Jean Smith,no,{consent},coordinator\n"
        "Bikes,Skils,individual,Sam,yes,,coordinator\n"
    )
    page.get_by_label("CSV file").set_input_files(
        {"name": "offers.csv", "mimeType": "text/csv", "buffer": rows.encode()}
    )
    page.get_by_role("button", name="Check and import").click()
    assert page.get_by_text("Nothing was imported").is_visible()
    assert page.get_by_text("Offers from individuals are never shown publicly.").is_visible()
    assert page.get_by_text("Looks like “Sewing and alterations” from Jean Smith").is_visible()
    assert_accessible(page)
