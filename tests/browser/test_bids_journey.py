"""The full bid journey in Chromium: draft, errors, live eligibility, submit, changes requested,
resubmit, shortlist. axe-core runs on every page and every state we visit."""

import re

import pytest
from playwright.sync_api import expect

from budgeting.models import Bid, BidStatus
from tests.browser.sessions import sign_in
from tests.budgeting.factories import BidRoundFactory, PriorityFactory
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.browser


def test_full_bid_journey(page, browser, live_server, assert_accessible):
    round_ = BidRoundFactory(
        name="Skegness community bids",
        max_amount_pence=250_000,
        intro="Money for ideas that make Skegness safer.",
    )
    PriorityFactory(round=round_, title="Feeling safe on the seafront")
    applicant = UserFactory(name="Rita Resident")
    coordinator = user_with_role("coordinator", area=round_.area)

    # Anyone can read how to bid.
    page.goto(round_.get_absolute_url())
    expect(page.get_by_role("heading", name="How to bid")).to_be_visible()
    assert_accessible(page)

    sign_in(page, live_server, applicant)
    page.reload()
    page.get_by_role("button", name="Start a bid").click()
    page.wait_for_url(re.compile(r"/step/group/"))
    assert_accessible(page)

    # Errors: HTML in the name and a broken email. The good answer (type) is kept.
    page.get_by_label("Group name").fill("<b>Skegness Lions</b>")
    page.get_by_label("Type of group").select_option("community")
    page.get_by_label("Contact email").fill("not an email")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("write plain text only").first).to_be_visible()
    assert page.get_by_label("Group name").input_value() == "<b>Skegness Lions</b>"
    assert_accessible(page)

    page.get_by_label("Group name").fill("Skegness Lions")
    page.get_by_role("group", name=re.compile("constitution")).get_by_label("Yes").check()
    page.get_by_label("Contact email").fill("rita@example.org")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/idea/"))
    assert_accessible(page)

    page.get_by_label("Title").fill("Seafront lights")
    page.get_by_label("Summary").fill("Solar lights along the seafront path.")
    page.get_by_label("What will it do?").fill("Six solar lights between the pier and the clock.")
    page.get_by_label("Who will benefit, and how?").fill("People walking home at night.")
    page.get_by_label("About how many people will benefit?").fill("500")
    page.get_by_label("Where will it happen?").fill("Seafront path")
    page.get_by_label("Postcode of the place").fill("NG34 7AA")
    live = page.get_by_role("status").filter(has_text="outside")
    live.wait_for()
    assert_accessible(page)  # the live eligibility message
    page.get_by_label("Postcode of the place").fill("PE25 3SA")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/money/"))

    page.get_by_label("How much are you asking for? (£)").fill("3000")
    page.get_by_role("status").filter(has_text="up to £2,500").wait_for()
    assert_accessible(page)
    page.get_by_label("How much are you asking for? (£)").fill("1200")
    page.get_by_label("Item 1").fill("Solar lights")
    page.get_by_label("Cost 1 in pounds").fill("1200")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/priorities/"))
    assert_accessible(page)

    page.get_by_label("Feeling safe on the seafront").check()
    page.get_by_role("group", name=re.compile("children")).get_by_label("No").check()
    page.get_by_role("group", name=re.compile("adults at risk")).get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/files/"))
    assert_accessible(page)

    # A file that is not a photo or a PDF is refused with a clear error.
    page.get_by_label("Photo or document").set_input_files(
        {"name": "lights.png", "mimeType": "image/png", "buffer": b"not really a png"}
    )
    page.get_by_label("What the photo shows, or what the document is").fill("The lights")
    page.get_by_role("button", name="Add this file").click()
    expect(page.get_by_text("not a photo (JPEG or PNG) or a PDF").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Continue to check your bid").click()
    expect(page.get_by_text("Your bid is complete and fits the rules.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the bid").click()
    expect(page.get_by_text("Your bid has been sent")).to_be_visible()
    assert_accessible(page)
    bid = Bid.objects.get(applicant=applicant)
    assert bid.status == BidStatus.SUBMITTED

    # The coordinator asks for changes.
    staff = browser.new_context(base_url=live_server.url, locale="en-GB")
    review = staff.new_page()
    review.set_default_timeout(15000)
    sign_in(review, live_server, coordinator)
    review.goto(f"/pb/rounds/{round_.slug}/review/")
    assert_accessible(review)
    review.get_by_role("link", name="Seafront lights").click()
    assert_accessible(review)
    review.get_by_label("What should the group change?").fill("Please add a quote for the lights.")
    review.get_by_role("button", name="Ask for changes").click()
    expect(review.get_by_text("asked to make changes")).to_be_visible()
    assert_accessible(review)

    # The group sees the message, changes its answer and sends it again.
    page.goto(bid.get_absolute_url())
    # The coordinators' message is at the top of the page, not only in the conversation.
    expect(page.get_by_role("blockquote")).to_have_text("Please add a quote for the lights.")
    assert_accessible(page)
    page.get_by_role("link", name="Change your idea").click()
    page.get_by_label("Summary").fill("Solar lights along the seafront path (quote attached).")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    page.get_by_role("button", name="Send the bid again").click()
    expect(page.get_by_text("Your bid has been sent")).to_be_visible()
    assert_accessible(page)

    # Due diligence, then the shortlist.
    review.reload()
    review.get_by_label("The group exists and is active").check()
    review.get_by_label("The group has a bank account in its own name").check()
    review.get_by_label("The safeguarding policy has been seen (or is not needed)").check()
    review.get_by_role("button", name="Save checks").click()
    expect(review.get_by_text("Checks saved.")).to_be_visible()
    review.get_by_role("button", name="Accept onto the shortlist").click()
    expect(review.get_by_text("The bid is on the shortlist.")).to_be_visible()
    assert_accessible(review)
    review.goto(f"/pb/rounds/{round_.slug}/shortlist/")
    expect(review.get_by_role("heading", name=re.compile("Seafront lights"))).to_be_visible()
    assert_accessible(review)
    staff.close()

    page.goto(bid.get_absolute_url())
    expect(page.get_by_text("Shortlisted").first).to_be_visible()
    assert_accessible(page)
