"""Free text has limits, and a long word wraps: a 50,000-character note without a space (left
from before the limits, or pasted into the admin) never makes a page wider than the screen."""

import datetime as dt

import pytest
from django.utils import timezone

from engagement.models import TensionAssessment
from engagement.services.tension import tension_update
from tests.browser.sessions import sign_in
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.browser

NOTE = "x" * 50_000

WIDTHS = """() => {
  const main = document.querySelector("main").clientWidth;
  const widest = Math.max(0, ...[...document.querySelectorAll("main table, main .card, main dd")]
    .map(e => e.getBoundingClientRect().width));
  return [document.documentElement.scrollWidth, window.innerWidth, main, widest];
}"""


def _fits(page):
    page_width, viewport, main, widest = page.evaluate(WIDTHS)
    assert page_width <= viewport, f"{page.url}: the page is {page_width} px wide"
    assert widest <= main, f"{page.url}: a table or card is {widest} px wide in {main} px"


def _assessment(area, actor):
    return TensionAssessment.objects.create(
        programme=area.programme,
        area=area,
        title="Long notes",
        incident_date=timezone.localdate() - dt.timedelta(days=3),
        what_happened=NOTE,
        communities_affected=NOTE,
        confidence_assessment="Shaken.",
        owner=actor,
    )


def test_a_50000_character_word_wraps_on_lists_cards_and_history(
    page, live_server, assert_accessible
):
    page.set_viewport_size({"width": 1366, "height": 900})
    event = EventFactory(purpose=NOTE, access_notes=NOTE)
    RegistrationFactory(event=event, access_notes=NOTE, name="Ada Lovelace")
    coordinator = user_with_role("coordinator", area=event.area)
    assessment = _assessment(event.area, coordinator)
    tension_update(actor=coordinator, assessment=assessment, confidence_assessment=NOTE)
    sign_in(page, live_server, coordinator)
    for path in [
        f"/events/{event.slug}/registrations/",
        f"/events/{event.slug}/",
        f"/tension/{assessment.pk}/",
    ]:
        page.goto(path)
        _fits(page)
    assert_accessible(page)
    page.goto(f"/events/{event.slug}/registrations/")
    # The other columns keep their width: a name is not broken letter by letter.
    name = page.get_by_role("cell", name="Ada Lovelace", exact=True)
    lines = name.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td);"
        " return r.getClientRects().length; }"
    )
    assert lines == 1


def test_a_note_over_the_limit_is_refused_in_words(page, live_server, assert_accessible):
    page.set_viewport_size({"width": 1366, "height": 900})
    coordinator = user_with_role("coordinator", area=EventFactory().area)
    sign_in(page, live_server, coordinator)
    page.goto("/tension/new/")
    page.get_by_label("Title").fill("Too long")
    page.get_by_label("Date of the incident").fill(timezone.localdate().isoformat())
    page.get_by_label("What happened").fill("y" * 10_001)
    page.get_by_label("Communities affected").fill("The estate.")
    page.get_by_label("Confidence assessment").fill("Shaken.")
    page.locator("form").get_by_role("button", name="Save").click()
    message = "Please shorten this to 10000 characters or fewer (it has 10001)."
    assert page.get_by_text(message).first.is_visible()
    assert not TensionAssessment.objects.exists()
    _fits(page)
    assert_accessible(page)
