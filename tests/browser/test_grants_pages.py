"""The new money and grant pages in Chromium with axe-core: a programme's pots in one step, a
pot's own money page, and a group accepting its grant offer on a 320 px phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgeting.models import BidStatus, Phase
from budgeting.services import award_create, grant_letter_request, milestone_add
from tests.browser.sessions import sign_in
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.documents import wait_for_document
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role

pytestmark = pytest.mark.browser


def test_programme_pots_and_pot_money_pages(page, live_server, assert_accessible, tmp_path):
    programme = ProgrammeFactory(name="Lincolnshire safer places")
    for name in ("Sutton Bridge", "Sleaford"):
        AreaFactory(programme=programme, name=name)
    sign_in(page, live_server, user_with_role("coordinator", programme=programme))
    page.goto(f"/pb/setup/programmes/{programme.slug}/pots/")
    assert_accessible(page)
    page.get_by_label("Name of each pot").fill("Community pot")
    page.get_by_label("Fundraising target in each area (£)").fill("30000")
    page.get_by_label("Seed money for each area (£)").fill("5000")
    page.get_by_label("Who gives the seed money").fill("Police and Crime Commissioner")
    page.get_by_role("button", name="Set up every area's pot").click()
    expect(page.get_by_text("Every area's pot is set up.")).to_be_visible()
    expect(page.get_by_role("link", name="Community pot")).to_have_count(2)
    page.screenshot(path=str(tmp_path / "programme_pots_1366.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("link", name="Community pot").first.click()
    expect(page.get_by_text("Police and Crime Commissioner").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_accessible(page)


def test_a_group_accepts_its_offer_on_a_phone(
    phone_page, live_server, assert_accessible, celery_worker
):
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    fund(round_.pot, 500_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, title="Walking bus")
    project = award_create(actor=None, bid=bid).project
    milestone_add(
        actor=None,
        project=project,
        title="All",
        amount_pence=project.award.amount_pence,
        due_date=timezone.localdate(),
    )
    coordinator = user_with_role("coordinator", area=round_.area)
    wait_for_document(grant_letter_request(actor=coordinator, project=project).pk)
    sign_in(phone_page, live_server, bid.applicant)
    phone_page.goto(project.get_absolute_url())
    expect(phone_page.get_by_role("heading", name="Accept the offer online")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_label("Your full name").fill("Rita Resident")
    phone_page.get_by_label("Your role in the group, e.g. treasurer").fill("Treasurer")
    phone_page.get_by_role("button", name="Accept the grant offer").click()
    expect(phone_page.get_by_text("Offer accepted online by Rita Resident")).to_be_visible()
    assert_accessible(phone_page)
