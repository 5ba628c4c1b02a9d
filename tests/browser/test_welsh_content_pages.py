"""The pages that gained Welsh boxes or the "not in Welsh yet" note, in Welsh, in Chromium at
1366 and 360 px with axe-core: an event page without Welsh (English marked as English, with a
note) and with it, the event, café question and summary forms with the Welsh box beside the
English, you said/we did, and a bid round's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import YouSaidWeDid
from tests.budgeting.factories import BidRoundFactory
from tests.cafes.factories import CafeFactory
from tests.factories import user_with_role

from .sessions import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 360])
def test_welsh_content_pages(page, live_server, assert_accessible, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    cafe = CafeFactory(purpose="Why we meet", summary="What was said", summary_published=True)
    event = cafe.event
    event.is_public, event.title, event.purpose = True, "Safer streets café", "Talk about safety"
    event.save()
    page.goto(event.get_absolute_url() + "?lang=cy")
    assert page.locator("h1").get_attribute("lang") == "en"
    assert page.locator(".welsh-note").is_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"cy-event-english-{width}.png", full_page=True)

    sign_in(page, live_server, user_with_role("coordinator", area=event.area))
    page.goto(reverse("engagement:event_update", args=[event.slug]))
    assert page.locator("#id_title").input_value() == "Safer streets café"
    page.locator("#id_title_cy").fill("Caffi strydoedd mwy diogel")
    page.locator("#id_purpose_cy").fill("Sgwrs am ddiogelwch")
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"cy-event-form-{width}.png", full_page=True)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    event.refresh_from_db()
    assert (event.title_en, event.title_cy) == ("Safer streets café", "Caffi strydoedd mwy diogel")
    page.goto(event.get_absolute_url())
    assert page.get_by_role("heading", name="Caffi strydoedd mwy diogel").is_visible()
    assert page.locator(".welsh-note").count() == 0
    assert_accessible(page)

    for name in ("question_edit", "summary_edit"):
        kwargs = {"pk": cafe.pk, **({"round": 1} if name == "question_edit" else {})}
        page.goto(reverse(f"cafes:{name}", kwargs=kwargs))
        field = "#id_text_cy" if name == "question_edit" else "#id_summary_cy"
        assert page.locator(field).is_visible()
        assert_accessible(page)
    page.goto(reverse("cafes:summary", kwargs={"pk": cafe.pk}))
    assert page.locator(".welsh-note").is_visible()
    assert_accessible(page)

    YouSaidWeDid.objects.create(
        area=event.area, you_said="Speeding", you_said_cy="Goryrru", we_did="Speed watch",
        owner="Roads policing",
    )  # fmt: skip
    page.goto(reverse("engagement:you_said_we_did", args=[event.programme.slug, event.area.slug]))
    assert "Goryrru" in page.get_by_role("main").inner_text()
    assert page.locator(".welsh-note").is_visible()  # "we did" has no Welsh yet
    assert_accessible(page)

    round_ = BidRoundFactory(name="Safer Skegness", intro="How to bid")
    page.goto(round_.get_absolute_url())
    assert page.locator("h1").get_attribute("lang") == "en"
    assert_accessible(page)
