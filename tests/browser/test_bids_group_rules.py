"""The safeguarding and per-group rules through the pages in Chromium: what the group is told
as it types and before sending, what the reviewer sees, the review queue's filter, the round's
public rules; and a renamed group still counted as itself, with the coordinator's merge."""

import re

import pytest
from playwright.sync_api import expect

from budgeting.models import Bid, DBSChecks, Phase
from budgeting.services import bid_draft_save, bid_start, bid_submit
from tests.browser.sessions import sign_in
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.budgeting.test_group_rules import GROUP, _complete
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.browser


def test_safeguarding_is_one_rule_on_every_page(page, browser, live_server, assert_accessible):
    round_ = BidRoundFactory(name="Sleaford safer streets")
    applicant = UserFactory(name="Jo Tenants")
    page.goto(round_.get_absolute_url())
    expect(
        page.get_by_text("must have a safeguarding policy and say who holds DBS")
    ).to_be_visible()

    sign_in(page, live_server, applicant)
    bid = bid_start(actor=applicant, round=round_)
    bid_draft_save(actor=applicant, bid=bid, step=1, fields=GROUP)
    _complete(bid, title="Youth boxing nights")
    page.goto(f"/pb/bids/{bid.pk}/step/priorities/")
    page.get_by_role("group", name=re.compile("children")).get_by_label("Yes").check()
    page.get_by_label("DBS checks").select_option(DBSChecks.NONE)
    page.get_by_role("group", name=re.compile("safeguarding policy")).get_by_label("No").check()
    live = page.get_by_role("status").filter(has_text="needs a safeguarding policy")
    live.wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    expect(page.get_by_text("needs a safeguarding policy").first).to_be_visible()
    expect(page.get_by_text("say who holds DBS checks").first).to_be_visible()
    expect(page.get_by_text("Your bid is complete and fits the rules.")).to_have_count(0)
    assert_accessible(page)

    # A sent bid that breaks the rule (sent before it existed) is flagged to reviewers.
    review_round = BidRoundFactory(phase=Phase.REVIEW, name="Skegness bids")
    unsafe = submitted_bid(
        round=review_round,
        title="Holiday club",
        works_with_children=True,
        dbs_checks=DBSChecks.NONE,
        has_safeguarding_policy=False,
    )
    submitted_bid(round=review_round, title="Seafront lights")
    staff = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(staff, live_server, user_with_role("coordinator", area=review_round.area))
    staff.goto(f"/pb/rounds/{review_round.slug}/review/")
    expect(staff.get_by_text("Not ready: safeguarding")).to_have_count(1)
    staff.get_by_label("Only bids missing safeguarding").check()
    staff.get_by_role("button", name="Filter").click()
    expect(staff.get_by_role("link", name="Holiday club")).to_be_visible()
    expect(staff.get_by_role("link", name="Seafront lights")).to_have_count(0)
    assert_accessible(staff)
    staff.get_by_role("link", name="Holiday club").click()
    box = staff.get_by_role("region", name="Eligibility")
    expect(box.get_by_text("Not ready:")).to_be_visible()
    expect(box.get_by_text("needs a safeguarding policy")).to_be_visible()
    assert unsafe.pk
    assert_accessible(staff)


def test_a_renamed_group_is_still_counted_and_duplicates_merge(
    page, browser, live_server, assert_accessible
):
    round_ = BidRoundFactory(name="Gainsborough bids", max_bids_per_group=1)
    jo = UserFactory(name="Jo Tenants")
    first = bid_start(actor=jo, round=round_)
    bid_draft_save(actor=jo, bid=first, step=1, fields=GROUP)
    _complete(first, title="Walking bus")
    bid_submit(actor=jo, bid=first)

    sign_in(page, live_server, jo)
    page.goto(round_.get_absolute_url())
    page.get_by_role("button", name="Start a bid").click()
    page.wait_for_url(re.compile(r"/step/group/"))
    # The group's record carries over to the next bid.
    assert page.get_by_label("Group name").input_value() == GROUP["group_name"]
    page.get_by_label("Group name").fill("Westholme TRA")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/step/idea/"))
    bid_id = int(re.search(r"/bids/(\d+)/", page.url).group(1))
    _complete(Bid.objects.get(pk=bid_id), title="Speed watch")
    page.goto(f"/pb/bids/{bid_id}/")
    expect(page.get_by_text("already has 1 bid in this round").first).to_be_visible()
    assert_accessible(page)

    # Someone else from the same group makes a second record; the coordinator merges them.
    sam = UserFactory(name="Sam")
    other = bid_start(actor=sam, round=round_)
    bid_draft_save(actor=sam, bid=other, step=1, fields={**GROUP, "group_name": "Westholme T.R.A."})
    staff = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(staff, live_server, user_with_role("coordinator", area=round_.area))
    staff.goto("/pb/setup/organisations/")
    expect(staff.get_by_role("cell", name="Westholme TRA", exact=True)).to_be_visible()
    assert_accessible(staff)
    staff.get_by_label("Keep this record").select_option(label="Westholme TRA (jo@example.org)")
    staff.get_by_label("Merge this duplicate into it").select_option(
        label="Westholme T.R.A. (jo@example.org)"
    )
    staff.get_by_role("button", name="Merge").click()
    expect(staff.get_by_text("Merged: the bids now count towards one group.")).to_be_visible()
    expect(staff.get_by_role("cell", name="Westholme T.R.A.")).to_have_count(0)
    assert_accessible(staff)
    other.refresh_from_db()
    first.refresh_from_db()
    assert other.organisation_id == first.organisation_id
