"""In Chromium: the ballot says how much money there is and what each category pot keeps, a
cumulative ballot with all points on one bid goes through, and the results explain the count:
the rule in words, every bid's support, the category pots, and why each unfunded bid lost."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.sessions import sign_in
from tests.factories import user_with_role
from tests.voting.test_count_rules import (
    BALLOTS,
    BENCH,
    SKATE,
    cast_titles,
    category_round,
    vote_on,
)
from tests.voting.voting_helpers import issued_codes, make_vote
from voting.services import vote_close, vote_tally

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir()) / "tally-shots"  # screenshots to look at by hand


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_results_explain_the_count_with_category_pots(page, live_server, assert_accessible):
    vote = vote_on(category_round())
    cast_titles(vote, BALLOTS)
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    sign_in(page, live_server, user_with_role("coordinator", area=vote.area))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/pb/vote/{vote.pk}/results/")
    expect(page.get_by_role("heading", name="The count in plain words")).to_be_visible()
    expect(
        page.get_by_text("The rule: most votes first, skipping bids that no longer fit.")
    ).to_be_visible()
    table = page.get_by_role("table", name="Every bid on the ballot")
    bench = table.get_by_role("row", name=BENCH)
    expect(bench).to_contain_text(
        "Not funded: Needed £2,000, only £1,500 was left in the general pot when its turn came."
    )
    expect(table.get_by_role("row", name=SKATE)).to_contain_text("Funded")
    expect(table.get_by_role("row", name=SKATE)).to_contain_text("Young people")
    pots = page.get_by_role("table", name="Category pots")
    expect(pots.get_by_role("row", name="Young people")).to_contain_text("£4,000")
    expect(pots.get_by_role("row", name=re.compile("^General pot"))).to_contain_text(SKATE)
    expect(page.get_by_text("Money left after the count: £1,500.")).to_be_visible()
    assert_accessible(page)
    shoot(page, "results-1366")
    page.set_viewport_size({"width": 360, "height": 740})
    expect(
        page.locator(".bid-support-list").get_by_text("Not funded: Needed £2,000")
    ).to_be_visible()
    assert_accessible(page)
    shoot(page, "results-360")


def test_cumulative_ballot_puts_every_point_on_one_bid(page, assert_accessible):
    vote = make_vote(
        ballot_type="cumulative", params={"max_total_points": 10, "max_points_per_bid": None}
    )
    (code,) = issued_codes(vote, 1)
    option = vote.options.order_by("position").first()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    expect(page.get_by_text("You may put them all on one bid.")).to_be_visible()
    expect(page.get_by_text("There is £2,000 to share out.")).to_be_visible()
    assert_accessible(page)
    shoot(page, "cumulative-ballot-360")
    page.get_by_label(f"Points for {option.title}").fill("10")
    page.get_by_role("button", name="Review my choices").click()
    expect(page.get_by_text(f"{option.title}: 10 points")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("receipt", exact=False).first).to_be_visible()
    assert vote.ballots.count() == 1
