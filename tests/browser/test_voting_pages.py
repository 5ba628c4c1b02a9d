"""PB voting in real Chromium: a ballot by QR link on a 320 px phone by keyboard only, by typed
code with review and receipt, a used code refused, a ballot cast with no signal and sent later,
paper double entry, the hall screen, results and announcement, and the coordinator's pages.
axe-core runs on every page state."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from django.conf import settings
from django.test import Client

from budgeting import codes as codelib
from budgeting.models import Ballot, PaperBallot, PBVote, VotingCode
from budgeting.services import ballot_cast, vote_close, vote_tally
from engagement.models import Event
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.budgeting.voting_helpers import issued_codes, key, make_vote
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def titles(vote):
    return [o.title for o in vote.options.order_by("position")]


def no_horizontal_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def receipt_in(url):
    return re.search(r"/receipt/([^/]+)/", url).group(1)


def test_vote_by_qr_link_on_a_small_phone_by_keyboard_only(phone_page, assert_accessible):
    page = phone_page
    vote = make_vote(ballot_type="approval", params={"max_choices": 2})
    (code,) = issued_codes(vote, 1)
    first, _second, third, _fourth = titles(vote)
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    expect(page.get_by_role("heading", name=vote.title)).to_be_visible()
    expect(page.get_by_text("Tick the bids you support (up to 2).")).to_be_visible()
    assert no_horizontal_overflow(page)
    assert_accessible(page)

    tab_to(page, "#choice-0")
    page.keyboard.press("Space")
    tab_to(page, "#choice-2")
    page.keyboard.press("Space")
    tab_to(page, "button[name=review]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/review/$"))
    review = page.locator(".review-list")
    expect(review.get_by_text(first)).to_be_visible()
    expect(review.get_by_text(third)).to_be_visible()
    assert review.locator("li").count() == 2
    assert no_horizontal_overflow(page)
    assert_accessible(page)

    tab_to(page, "#cast-button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/receipt/"))
    receipt = receipt_in(page.url)
    assert receipt == codelib.receipt_for(codelib.vote_key(vote.salt), code)
    expect(page.get_by_text(receipt)).to_be_visible()
    assert no_horizontal_overflow(page)
    assert_accessible(page)
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.choices == "0,2" and ballot.source == Ballot.Source.ONLINE


def test_vote_by_typed_code_with_review_change_and_receipt(page, assert_accessible):
    vote = make_vote(ballot_type="scoring")
    (code,) = issued_codes(vote, 1)
    names = titles(vote)
    page.goto(f"/pb/vote/{vote.pk}/")
    assert_accessible(page)
    # A mistyped code: a clear message, and the code page again.
    page.get_by_label("Your voting code").fill("ABCD-EFGH-JKMNP")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("We do not recognise that code").first).to_be_visible()
    assert_accessible(page)
    # Typed in lower case with spaces: still read.
    page.get_by_label("Your voting code").fill(codelib.grouped(code).lower().replace("-", " "))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Review my choices")).to_be_visible()
    assert_accessible(page)

    scores = [5, 0, 3, 1]
    # One bid left without a score: the error is shown and nothing is stored.
    for position, score in enumerate(scores[:-1]):
        page.locator(f"#id_score_{position}_{score}").check()
    page.get_by_role("button", name="Review my choices").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator("#id_score_0_5")).to_be_checked()
    assert_accessible(page)
    page.locator("#id_score_3_1").check()
    page.get_by_role("button", name="Review my choices").click()
    expect(page.get_by_role("heading", name="Check your choices")).to_be_visible()
    expect(page.get_by_text(f"{names[0]}: score 5")).to_be_visible()
    assert_accessible(page)
    # Change a score, review again.
    page.get_by_role("button", name="Change my choices").click()
    expect(page.locator("#id_score_2_3")).to_be_checked()
    page.locator("#id_score_2_4").check()
    page.get_by_role("button", name="Review my choices").click()
    expect(page.get_by_text(f"{names[2]}: score 4")).to_be_visible()
    page.get_by_role("button", name="Cast my vote").click()
    page.wait_for_url(re.compile(r"/receipt/"))
    expect(page.get_by_role("heading", name="Thank you: your vote has been cast")).to_be_visible()
    assert_accessible(page)
    ballot = Ballot.objects.get(vote=vote)
    assert (ballot.choices, ballot.points) == ("0,1,2,3", "5,0,4,1")
    receipt = receipt_in(page.url)

    # The receipt checks out.
    page.get_by_role("link", name="Check my receipt").click()
    expect(page.get_by_text("A ballot with this receipt is in the count.")).to_be_visible()
    assert_accessible(page)

    # The same code again: refused with a clear message, nothing stored.
    page.goto(f"/pb/vote/{vote.pk}/")
    page.get_by_label("Your voting code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("A ballot has already been cast with this code.").first).to_be_visible()
    assert_accessible(page)
    # And by the card's QR link.
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    expect(page.get_by_text("A ballot has already been cast with this code.").first).to_be_visible()
    assert_accessible(page)
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert receipt == codelib.receipt_for(codelib.vote_key(vote.salt), code)


def test_cast_with_no_signal_is_kept_on_the_phone_then_sent_once(phone_page, assert_accessible):
    page = phone_page
    vote = make_vote(ballot_type="approval")
    (code,) = issued_codes(vote, 1)
    names = titles(vote)
    cast_answers = []
    page.on(
        "requestfinished",
        lambda request: cast_answers.append(request.url) if "/cast/" in request.url else None,
    )
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    page.get_by_label(names[1]).check()
    page.get_by_label(names[3]).check()

    page.context.set_offline(True)
    page.get_by_role("button", name="Review my choices").click()
    offline = page.locator("#offline-review")
    expect(offline.get_by_role("heading", name="Check your choices")).to_be_visible()
    expect(offline.get_by_text(names[1])).to_be_visible()
    expect(offline.get_by_text(names[3])).to_be_visible()
    assert no_horizontal_overflow(page)
    assert_accessible(page)
    page.get_by_role("button", name="Cast my vote").click()
    status = page.locator("#ballot-status")
    status.get_by_text("Your ballot is saved on this phone").wait_for()
    queued = page.evaluate("JSON.parse(localStorage.getItem('cg-pb-ballot-queue'))")
    assert len(queued) == 1 and ["code", codelib.grouped(code)] in queued[0]["body"]
    assert_accessible(page)
    assert not Ballot.objects.exists()

    page.context.set_offline(False)
    page.wait_for_url(re.compile(r"/receipt/"))
    expect(page.get_by_role("heading", name="Thank you: your vote has been cast")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("JSON.parse(localStorage.getItem('cg-pb-ballot-queue'))") == []
    # Once: one answered request, one ballot, and the receipt is that ballot's.
    page.reload()
    page.get_by_role("heading", name="Thank you: your vote has been cast").wait_for()
    assert len(cast_answers) == 1
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.choices == "1,3"
    receipt = receipt_in(page.url)
    assert codelib.receipt_digest(receipt) == ballot.receipt_digest
