"""A coordinator sets up community bids without the Django admin: a funding pot, then a bid
round, each first with bad input (refused with a clear error, nothing stored), then edits the
round. axe-core checks every page state."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgeting.models import BidRound, FundingPot, Phase
from tests.browser.sessions import sign_in
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.browser

DATE_LABELS = [
    "Bids open",
    "Bids close",
    "Checking ends",
    "Shortlist published",
    "Voting opens",
    "Voting closes",
    "Results published",
]


def _field(page, label: str):
    """The field labelled exactly ``label`` (crispy adds "*" to required fields' labels)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _local(days: float) -> str:
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_coordinator_sets_up_a_pot_and_a_round(page, live_server, assert_accessible):
    area = AreaFactory(name="Sutton Bridge", postcode_prefixes="PE12 9")
    coordinator = user_with_role("coordinator", area=area)
    sign_in(page, live_server, coordinator)

    page.goto("/pb/")
    page.get_by_role("link", name="Set up pots and rounds").click()
    expect(page.get_by_role("heading", name="Set up community bids")).to_be_visible()
    assert_accessible(page)

    # A pot: a negative target is refused and nothing is stored.
    page.get_by_role("link", name="New funding pot").click()
    assert_accessible(page)
    # Areas of different programmes can share a name, so each choice names its programme.
    page.get_by_label("Area").select_option(label=f"Sutton Bridge ({area.programme.name})")
    page.get_by_label("Name").fill("Sutton Bridge community pot")
    page.get_by_label("Fundraising target (£)").fill("-500")
    page.get_by_role("button", name="Save the pot").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("alert").get_by_text("zero or more")).to_be_visible()
    assert_accessible(page)
    assert not FundingPot.objects.exists()
    page.get_by_label("Fundraising target (£)").fill("30,000")
    page.get_by_role("button", name="Save the pot").click()
    expect(page.get_by_text("Funding pot created.")).to_be_visible()
    assert_accessible(page)
    assert FundingPot.objects.get().target_pence == 3_000_000

    # A round from that pot: dates out of order are refused, nothing stored.
    page.get_by_role("link", name="New round from Sutton Bridge community pot").click()
    expect(page.get_by_role("heading", name="New bid round")).to_be_visible()
    assert_accessible(page)
    _field(page, "Name").fill("Sutton Bridge bids 2030")
    page.get_by_label("Published: anyone can see the round").check()
    days = [-1, 1, 2, 3, 4, 5, 6]
    days[1] = -3  # bids would close before they open
    for label, day in zip(DATE_LABELS, days, strict=True):
        _field(page, label).fill(_local(day))
    page.get_by_label("Most a bid may ask for (£)").fill("2,500")
    page.get_by_label("Tenants' and residents' association").check()
    page.get_by_label("How to bid: introduction in English").fill("Money for safer streets.")
    page.get_by_label("How to bid: introduction in Welsh (optional)").fill(
        "Arian ar gyfer strydoedd mwy diogel."
    )
    page.get_by_role("button", name="Save the round").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("alert").get_by_text("This must be after “Bids open”.")).to_be_visible()
    assert_accessible(page)
    assert not BidRound.objects.exists()

    _field(page, "Bids close").fill(_local(1))
    page.get_by_role("button", name="Save the round").click()
    expect(page.get_by_role("heading", name="Set up: Sutton Bridge bids 2030")).to_be_visible()
    assert_accessible(page)
    round_ = BidRound.objects.get()
    assert round_.phase == Phase.SUBMISSION and round_.eligible_group_types == ["tenants"]

    # A priority typed in, then the round changed.
    _field(page, "Priority").fill("Feeling safe walking home")
    page.get_by_role("button", name="Add the priority").click()
    expect(page.get_by_text("Priority added.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change the round").click()
    expect(page.get_by_label("Most a bid may ask for (£)")).to_have_value("2500")
    assert_accessible(page)
    page.get_by_label("Most a bid may ask for (£)").fill("-1")
    page.get_by_role("button", name="Save the round").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Most a bid may ask for (£)").fill("1,000")
    page.get_by_role("button", name="Save the round").click()
    expect(page.get_by_text("Bid round saved.")).to_be_visible()
    expect(page.get_by_text("From £1 to £1,000")).to_be_visible()
    assert_accessible(page)
    round_.refresh_from_db()
    assert round_.max_amount_pence == 100_000

    # The public page shows the rules in plain English.
    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_text("You can ask for between £1 and £1,000.")).to_be_visible()
    expect(page.get_by_text("Feeling safe walking home")).to_be_visible()
    assert_accessible(page)


def test_coordinator_changes_a_category_pot(page, live_server, assert_accessible):
    from budgeting.models import Category
    from budgeting.services import category_create
    from tests.budgeting.conftest import fund
    from tests.budgeting.factories import BidRoundFactory

    round_ = BidRoundFactory()
    fund(round_.pot, 100_000)
    type(round_.pot).objects.filter(pk=round_.pot_id).update(target_pence=100_000)  # £1,000
    category_create(actor=None, round=round_, name="Young people", budget_pence=40_000)
    sign_in(page, live_server, user_with_role("coordinator", area=round_.area))
    page.goto(f"/pb/rounds/{round_.slug}/setup/")
    page.get_by_role("link", name="Edit Young people").click()
    expect(page.get_by_role("heading", name="Young people")).to_be_visible()
    assert_accessible(page)
    # More than the pot: refused with the reason, nothing changed.
    _field(page, "Budget (£)").fill("2,000")
    page.get_by_role("button", name="Save the category pot").click()
    expect(page.get_by_role("alert").get_by_text("more than the pot")).to_be_visible()
    assert_accessible(page)
    assert Category.objects.get().budget_pence == 40_000
    _field(page, "Name").fill("Young people and families")
    _field(page, "Budget (£)").fill("500")
    page.get_by_role("button", name="Save the category pot").click()
    expect(page.get_by_text("Category pot saved.")).to_be_visible()
    assert_accessible(page)
    assert Category.objects.values_list("name", "budget_pence").get() == (
        "Young people and families",
        50_000,
    )
