"""The results reveal screen in Chromium, as a projector shows it at 1920×1080 and 1366×768:
"being checked" until two coordinators confirm, then one funded bid per key press, nothing
below the fold, axe-core clean in every state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.voting.voting_helpers import confirm_results, issued_codes, key, make_vote
from voting.services import ballot_cast, vote_close, vote_tally

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", ".test-artifacts/screens"))


def fits(page) -> bool:
    return page.evaluate(
        "document.scrollingElement.scrollHeight <= window.innerHeight"
        " && document.scrollingElement.scrollWidth <= window.innerWidth"
    )


def shown(page) -> str:
    """The words on screen now (innerText leaves hidden elements out)."""
    return page.inner_text("main")


def counted_vote():
    vote = make_vote()
    for code, choices in zip(issued_codes(vote, 3), [[0, 1], [0, 1], [0]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    vote.refresh_from_db()
    return vote


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_the_reveal_shows_confirmed_bids_one_by_one(page, assert_accessible, width, height):
    vote = counted_vote()
    first, second, third, _ = vote.options.order_by("position").values_list("title", flat=True)
    page.set_viewport_size({"width": width, "height": height})

    # The hall screen after close says so and offers the results.
    page.goto(f"/pb/vote/{vote.pk}/live/")
    expect(page.locator("#live-state")).to_have_text("Voting has closed")
    page.get_by_role("link", name="Show the results").click()
    expect(page.get_by_text("The results are being checked")).to_be_visible()
    assert first not in shown(page)
    assert page.locator("nav, footer").count() == 0 and fits(page)
    assert_accessible(page)

    confirm_results(vote)
    page.reload()
    steps = page.locator("[data-step]")
    expect(page.get_by_text("2 bids are funded.")).to_be_visible()
    assert first not in shown(page)
    page.screenshot(path=SHOTS / f"reveal-intro-{width}.png")
    assert fits(page)
    assert_accessible(page)

    page.keyboard.press("Space")
    expect(steps.nth(1)).to_be_visible()
    expect(steps.nth(1).get_by_text(first, exact=True)).to_be_visible()
    expect(page.get_by_text("Funded bid 1 of 2")).to_be_visible()
    assert second not in shown(page)
    title = steps.nth(1).get_by_text(first, exact=True).bounding_box()
    assert title["height"] >= height * 0.08  # readable from the back of the hall
    page.screenshot(path=SHOTS / f"reveal-bid-{width}.png")
    assert fits(page)
    assert_accessible(page)

    page.keyboard.press("ArrowRight")
    expect(steps.nth(2).get_by_text(second, exact=True)).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(steps.nth(1)).to_be_visible()
    page.keyboard.press("PageDown")  # a presenter's clicker
    page.keyboard.press("Space")
    summary = steps.nth(3)
    expect(summary.get_by_role("heading", name="Funded bids")).to_be_visible()
    expect(summary.get_by_text("£2,000")).to_be_visible()
    assert third not in shown(page)
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    page.screenshot(path=SHOTS / f"reveal-summary-{width}.png")
    assert fits(page)
    assert_accessible(page)
    # The buttons do the same for a mouse, and F asks for full screen.
    page.get_by_role("button", name="Back").click()
    expect(steps.nth(2)).to_be_visible()
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null")
