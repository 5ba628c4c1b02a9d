"""The World Café facilitator screen as a projector shows it, at 1366×768 and 1920×1080: no
site menu or footer, and the question, the timer and "where to go next" on screen without
scrolling, even with a long question and a full room; F for full screen; axe-core clean."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cafes import services
from cafes.models import Cafe, Seat
from engagement.models import Role
from tests.browser.sessions import sign_in
from tests.cafes.factories import cafe_with_tables, participants
from tests.factories import user_with_role

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", ".test-artifacts/screens"))

LONG_QUESTION = (
    "Thinking about the last twelve months, what has made you feel safer or less safe when "
    "walking through the town centre, the park or the streets near your home after dark, and "
    "what one thing should the police, the council and local groups do together first?"
)
WELSH_QUESTION = (
    "Gan feddwl am y deuddeg mis diwethaf, beth sydd wedi gwneud i chi deimlo'n fwy diogel "
    "neu'n llai diogel wrth gerdded drwy ganol y dref, y parc neu'r strydoedd ger eich cartref "
    "ar ôl iddi nosi, a beth yw'r un peth y dylai'r heddlu, y cyngor a grwpiau lleol ei wneud "
    "gyda'i gilydd yn gyntaf?"
)


@pytest.fixture
def full_cafe():
    """Eight tables of five, 40 people seated for two rounds, a long question in both languages."""
    cafe = cafe_with_tables(8, seats=5, rounds=2)
    people = participants(cafe, 40)
    tables = list(cafe.tables.order_by("number"))
    for r in (1, 2):
        for i, person in enumerate(people):
            Seat.objects.create(
                cafe=cafe, round_number=r, table=tables[(i * r + r) % 8], participant=person
            )
    Cafe.objects.filter(pk=cafe.pk).update(seating_planned_at=timezone.now(), seating_repeats=0)
    for number in (1, 2):
        services.question_set(
            actor=None,
            cafe=cafe,
            round_number=number,
            text=LONG_QUESTION,
            text_cy=WELSH_QUESTION,
        )
    cafe.refresh_from_db()
    return cafe


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] + box["width"] <= size["width"]
    )


def no_scrolling(page) -> bool:
    return page.evaluate(
        "document.scrollingElement.scrollHeight <= window.innerHeight"
        " && document.scrollingElement.scrollWidth <= window.innerWidth"
    )


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_facilitator_screen_fits_a_projector(
    page, assert_accessible, live_server, full_cafe, width, height
):
    cafe = full_cafe
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    sign_in(page, live_server, coordinator)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/cafes/{cafe.pk}/screen/")
    assert page.locator("nav, footer, .site-header").count() == 0
    expect(page.get_by_role("heading", name="Find your table")).to_be_visible()
    assert no_scrolling(page)
    page.screenshot(path=SHOTS / f"cafe-welcome-{width}.png")
    assert_accessible(page)

    page.get_by_role("button", name="Start round 1").click()
    expect(page.get_by_text("Round 1 has started.")).to_be_visible()
    question = page.get_by_role("heading", level=1)
    expect(question).to_have_text(LONG_QUESTION)
    moves = page.get_by_role("heading", name="Round 2: where to go next")
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^\d+:\d\d$"))
    assert no_scrolling(page)
    for part in (question, timer, moves, page.locator(".moves-list li").last):
        assert on_screen(page, part), part
    # Still readable: the question is not shrunk to nothing, the clock stays large.
    assert question.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 20
    assert timer.bounding_box()["height"] >= height * 0.12
    page.screenshot(path=SHOTS / f"cafe-round-{width}.png")
    assert_accessible(page)

    # Time up: the message takes its place without pushing anything off the screen.
    Cafe.objects.filter(pk=cafe.pk).update(
        round_started_at=timezone.now() - timezone.timedelta(minutes=cafe.round_minutes + 1)
    )
    page.reload()
    expect(page.get_by_text("Time to move to your next table")).to_be_visible()
    assert no_scrolling(page)
    assert_accessible(page)

    # In Welsh the screen shows the Welsh question, and still fits.
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WELSH_QUESTION)
    assert no_scrolling(page)
    page.screenshot(path=SHOTS / f"cafe-welsh-{width}.png")

    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null")
