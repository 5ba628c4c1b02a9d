"""The other budgeting pages in Chromium with axe-core: rounds, funded projects, money,
monitoring updates and the overdue list, and the round page on a 320px phone."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgeting.models import BidStatus, Phase, Project
from budgeting.services import award_create
from tests.browser.sessions import sign_in
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidFactory, BidRoundFactory, submitted_bid
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def test_round_page_fits_a_phone(phone_page, assert_accessible):
    round_ = BidRoundFactory(name="Skegness community bids")
    phone_page.goto(round_.get_absolute_url())
    expect(phone_page.get_by_role("heading", name="The rules")).to_be_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(phone_page)


def test_money_projects_updates_and_overdue(page, live_server, assert_accessible):
    round_ = BidRoundFactory(phase=Phase.RESULTS, name="Speke PB")
    fund(round_.pot, 500_000, received=200_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, title="Boxing for teenagers")
    project = award_create(actor=None, bid=bid).project
    coordinator = user_with_role("coordinator", area=round_.area)

    page.goto("/pb/")
    assert_accessible(page)
    page.goto("/pb/projects/")
    expect(page.get_by_role("link", name="Boxing for teenagers")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Boxing for teenagers").click()
    expect(page.get_by_text("No progress updates yet.")).to_be_visible()
    assert_accessible(page)

    # The group sends an update; a bad amount is refused first.
    sign_in(page, live_server, bid.applicant)
    page.goto(f"/pb/projects/{project.pk}/update/")
    assert_accessible(page)
    page.get_by_label("What has happened since the last update?").fill("Ten sessions so far.")
    page.get_by_label("Money spent since the last update (£)").fill("-20")
    page.get_by_label("People reached since the last update").fill("25")
    page.get_by_role("button", name="Send update").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Money spent since the last update (£)").fill("300")
    page.get_by_role("button", name="Send update").click()
    expect(page.get_by_text("Ten sessions so far.")).to_be_visible()
    assert_accessible(page)

    # The coordinator: money page, payments, the overdue list.
    page.context.clear_cookies()
    sign_in(page, live_server, coordinator)
    page.goto(f"/pb/rounds/{round_.slug}/money/")
    expect(page.get_by_text("Left to award")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Funder").fill("Speke traders")
    page.get_by_label("Pledged (£)").fill("250")
    page.get_by_role("button", name="Add contribution").click()
    expect(page.get_by_role("cell", name="Speke traders", exact=True)).to_be_visible()
    page.goto(project.get_absolute_url())
    page.get_by_label("What it is for").fill("First half")
    page.get_by_label("Amount (£)").fill("600")
    page.get_by_label("Due").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Add payment").click()
    expect(page.get_by_text("Payment added.")).to_be_visible()
    assert_accessible(page)
    # The schedule does not add up to the award yet, so the page says what is missing.
    expect(page.get_by_text("plan £600 more")).to_be_visible()
    page.get_by_role("link", name=re.compile("Record payment")).click()
    expect(page.get_by_text("has been paid to")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, record the payment").click()
    expect(page.get_by_text("Payment recorded.")).to_be_visible()

    # The group's update waits for the coordinator, who publishes it with a note (more was
    # spent than paid when it was sent).
    page.goto("/pb/updates/waiting/")
    assert_accessible(page)
    page.get_by_role("link", name="Boxing for teenagers").click()
    expect(page.get_by_text("These figures look wrong")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Publish it", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Write a note saying why they stand").first).to_be_visible()
    page.get_by_label("Your note").fill("The club paid up front; receipts seen.")
    page.get_by_label("Publish it", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The update is now on the public page.")).to_be_visible()
    expect(page.get_by_text("The club paid up front; receipts seen.")).to_be_visible()
    assert_accessible(page)

    Project.objects.filter(pk=project.pk).update(
        next_update_due=timezone.localdate() - dt.timedelta(days=5)
    )
    page.goto("/pb/monitoring/overdue/")
    expect(page.get_by_role("link", name="Boxing for teenagers")).to_be_visible()
    assert_accessible(page)


def test_my_bids_lists_the_residents_drafts_and_sent_bids(page, live_server, assert_accessible):
    resident = user_with_role(None)
    sign_in(page, live_server, resident)
    page.goto("/pb/my-bids/")
    assert page.get_by_text("You have not started any bids.").is_visible()
    assert_accessible(page)
    round_ = BidRoundFactory(name="Speke PB")
    BidFactory(round=round_, applicant=resident, title="Benches for the green")
    submitted_bid(round=round_, applicant=resident, title="Boxing for teenagers")
    page.reload()
    expect(page.get_by_role("link", name=re.compile("Benches for the green"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Boxing for teenagers"))).to_be_visible()
    assert_accessible(page)
