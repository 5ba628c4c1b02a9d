"""PB voting in real Chromium: a ballot by QR link on a 320 px phone by keyboard only, by typed
code with review and receipt, a used code refused, a ballot cast with no signal and sent later,
paper double entry, the hall screen, results and announcement, and the coordinator's pages.
axe-core runs on every page state."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from engagement.models import Event
from tests.browser.sessions import sign_in
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role
from tests.voting.voting_helpers import issued_codes, key, make_vote
from voting import digests as codelib
from voting.models import Ballot, PaperBallot, PBVote, TallyRecord, VotingCode
from voting.services import ballot_cast, codes_generate, vote_close, vote_tally

pytestmark = pytest.mark.browser


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


@pytest.mark.parametrize(
    ("ballot_type", "params"),
    [
        ("scoring", {}),
        ("cumulative", {"max_total_points": 10}),
        ("ordinal", {"max_choices": 3}),
        ("choose-1", {}),
        ("knapsack", {}),
    ],
)
def test_every_ballot_type_fits_a_small_phone(phone_page, assert_accessible, ballot_type, params):
    page = phone_page
    vote = make_vote(ballot_type=ballot_type, params=params)
    (code,) = issued_codes(vote, 1)
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    expect(page.get_by_role("button", name="Review my choices")).to_be_visible()
    assert no_horizontal_overflow(page)
    assert_accessible(page)


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


def key_paper(page, number, ticks, card):
    page.get_by_label("Number written on the paper ballot").fill(str(number))
    page.get_by_label("Code of the voting card handed in with it").fill(card)
    for name in ticks:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Save this paper ballot").click()


def switch_user(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user)


def test_paper_ballots_keyed_twice_counted_or_sent_to_a_supervisor(
    page, live_server, assert_accessible
):
    vote = make_vote(ballot_type="approval")
    names = titles(vote)
    first = user_with_role("volunteer", area=vote.area)
    second = user_with_role("volunteer", area=vote.area)
    supervisor = user_with_role("coordinator", area=vote.area)
    one, two = issued_codes(vote, 2)

    sign_in(page, live_server, first)
    page.goto(f"/pb/votes/{vote.pk}/paper/")
    assert_accessible(page)
    key_paper(page, 1, [names[0], names[2]], one)
    expect(page.get_by_text("Paper ballot 1 saved. A different volunteer")).to_be_visible()
    assert_accessible(page)
    key_paper(page, 2, [names[1]], two)
    expect(page.get_by_text("Paper ballot 2 saved.")).to_be_visible()
    # The same volunteer cannot key a ballot twice.
    key_paper(page, 1, [names[0], names[2]], one)
    expect(page.get_by_text("a different volunteer must key it again").first).to_be_visible()
    assert_accessible(page)

    switch_user(page, live_server, second)
    page.goto(f"/pb/votes/{vote.pk}/paper/")
    key_paper(page, 1, [names[0], names[2]], one)
    expect(page.get_by_text("Paper ballot 1: both keyings agree. Counted.")).to_be_visible()
    assert_accessible(page)
    key_paper(page, 2, [names[3]], two)
    expect(page.get_by_text("Paper ballot 2: the two keyings disagree.")).to_be_visible()
    assert_accessible(page)
    assert PaperBallot.objects.get(vote=vote, number=1).state == PaperBallot.State.COUNTED
    assert PaperBallot.objects.get(vote=vote, number=2).state == PaperBallot.State.DISPUTED
    assert list(Ballot.objects.filter(vote=vote).values_list("choices", flat=True)) == ["0,2"]

    switch_user(page, live_server, supervisor)
    page.goto(f"/pb/votes/{vote.pk}/")
    page.get_by_role("link", name="Supervisor queue").click()
    queue = page.get_by_role("region", name="Paper ballot 2")
    expect(queue.get_by_text(names[1])).to_be_visible()
    expect(queue.get_by_text(names[3])).to_be_visible()
    assert_accessible(page)
    queue.get_by_role("link", name="Key paper ballot 2 again").click()
    assert_accessible(page)
    page.get_by_label("Code of the voting card handed in with it").fill(two)
    page.get_by_label(names[1], exact=True).check()
    page.get_by_role("button", name="Save this paper ballot").click()
    expect(page.get_by_text("Paper ballot 2 settled.")).to_be_visible()
    expect(page.get_by_text("Nothing to settle.")).to_be_visible()
    assert_accessible(page)
    assert sorted(Ballot.objects.filter(vote=vote).values_list("choices", flat=True)) == [
        "0,2",
        "1",
    ]


def test_hall_screen_shows_turnout_and_never_totals(page, assert_accessible):
    vote = make_vote(ballot_type="approval")
    for _ in range(3):
        RegistrationFactory(event=vote.event, checked_in_at=vote.opened_at, party_size=2)
    codes = issued_codes(vote, 3)
    for code in codes[:2]:
        ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=key())
    page.goto(f"/pb/vote/{vote.pk}/live/")
    expect(page.locator("#live-state")).to_have_text("Voting is open")
    expect(page.locator("#live-ballots")).to_have_text("2")
    expect(page.locator("#live-attendance")).to_have_text("6")
    expect(page.locator("#live-turnout")).to_have_text("33%")
    body = page.locator("main").inner_text()
    assert not any(name in body for name in titles(vote))
    assert_accessible(page)
    # Turnout refreshes by itself.
    ballot_cast(vote=vote, code=codes[2], choices=[1], points=None, idempotency_key=key())
    expect(page.locator("#live-ballots")).to_have_text("3", timeout=15000)
    expect(page.locator("#live-turnout")).to_have_text("50%")
    assert_accessible(page)
    # Closed but not yet counted: still nothing about the bids.
    vote_close(actor=None, vote=vote)
    expect(page.locator("#live-state")).to_have_text("Voting has closed", timeout=15000)
    assert not any(name in page.locator("main").inner_text() for name in titles(vote))
    assert_accessible(page)
    # The way to the reveal screen is there from the close, but it reveals nothing unconfirmed.
    page.get_by_role("link", name="Show the results").click()
    expect(page.get_by_text("The results are being checked")).to_be_visible()
    assert not any(name in page.locator("main").inner_text() for name in titles(vote))


def test_coordinator_sets_up_opens_issues_and_cancels_a_lost_card(
    page, live_server, assert_accessible
):
    round_ = BidRoundFactory(phase="voting", name="Skegness safer streets")
    for pence in (90_000, 150_000, 120_000):
        submitted_bid(round=round_, amount_requested_pence=pence, status="shortlisted")
    event = EventFactory(area=round_.area, kind=Event.Kind.PB_EVENT, title="Skegness PB night")
    coordinator = user_with_role("coordinator", area=round_.area)
    sign_in(page, live_server, coordinator)

    page.goto("/pb/votes/")
    assert_accessible(page)
    page.get_by_role("link", name="Set up a vote for Skegness safer streets").click()
    assert_accessible(page)
    page.get_by_label("PB event").select_option(label=str(event))
    page.get_by_label("Title").fill("Skegness decides")
    page.locator("#id_ballot_type").select_option("approval")
    page.get_by_label("How the votes are counted").select_option("greedy")
    page.get_by_label("Money to allocate (£)").fill("lots")
    page.get_by_role("button", name="Set up the vote").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Money to allocate (£)").fill("2500")
    page.get_by_label("Most bids one person may choose").fill("2")
    page.get_by_role("button", name="Set up the vote").click()
    # Nothing pledged to the pot yet: refused with the figures, unless the reason is given.
    expect(
        page.get_by_text("can still award £0 (£0 pledged, £0 already awarded)").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("If the money to allocate is more than the pot can still award").fill(
        "The PCC's £2,500 is promised in writing and will be pledged next week."
    )
    page.get_by_role("button", name="Set up the vote").click()
    expect(page.get_by_role("heading", name="Skegness decides")).to_be_visible()
    assert_accessible(page)
    vote = PBVote.objects.get(title="Skegness decides")
    assert (vote.budget_pence, vote.params["max_choices"]) == (250_000, 2)
    assert vote.budget_note.startswith("The PCC's £2,500 is promised")

    page.get_by_role("button", name="Open voting now").click()
    expect(page.get_by_text("Voting is open.")).to_be_visible()
    assert_accessible(page)

    handed, lost, spare = codes_generate(vote=vote, count=3)
    page.get_by_role("link", name="Issue desk").click()
    assert_accessible(page)
    page.get_by_label("Code on the card").fill(handed)
    page.get_by_role("button", name="Hand out the card").click()
    expect(page.get_by_text("Only hand a card to someone who declares").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code on the card").fill(handed)
    page.get_by_label("They have declared that they may vote").check()
    page.get_by_role("button", name="Hand out the card").click()
    expect(page.get_by_text("Card handed out. Next, please.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/pb/votes/{vote.pk}/")
    register = page.get_by_role("region", name="Register")
    expect(register.get_by_role("row", name="Codes handed out 1")).to_contain_text("1")
    register.get_by_label("Code on the lost card").fill(codelib.grouped(lost).lower())
    register.get_by_label("What happened (optional, for the audit log)").fill("Dropped outside")
    register.get_by_role("button", name="Cancel this card").click()
    expect(page.get_by_text("The card is cancelled: it can no longer be used.")).to_be_visible()
    expect(register.get_by_role("row", name="Codes cancelled 1")).to_contain_text("1")
    assert_accessible(page)
    # A card cancelled twice: a clear message on the cancel page.
    register.get_by_label("Code on the lost card").fill(lost)
    register.get_by_role("button", name="Cancel this card").click()
    expect(page.get_by_text("That card has already been cancelled.").first).to_be_visible()
    assert_accessible(page)
    states = sorted(VotingCode.objects.filter(vote=vote).values_list("state", flat=True))
    assert states == ["issued", "printed", "void"]
    assert spare


def test_close_count_results_and_announcement(page, live_server, assert_accessible, celery_worker):
    vote = make_vote(ballot_type="approval", budget_pence=200_000)
    names = titles(vote)  # costs £1,200, £800, £600, £500
    codes = issued_codes(vote, 5)
    marks = [[0, 1], [0, 1], [0, 2], [1, 3], [0]]
    for code, choices in zip(codes, marks, strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    coordinator = user_with_role("coordinator", area=vote.area)
    sign_in(page, live_server, coordinator)

    page.goto(f"/pb/vote/{vote.pk}/results/")
    expect(page.get_by_text("Results are published after voting closes")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/pb/votes/{vote.pk}/")
    # Code cards are made by the worker; the PDF is the only copy until marked printed.
    page.get_by_label("Number of cards").fill("3")
    page.get_by_role("button", name="Make the cards").click()
    expect(page.get_by_text("The cards are being made.")).to_be_visible()
    assert_accessible(page)
    deadline = time.monotonic() + 60
    while not page.get_by_role("link", name="Download the PDF").count():
        assert time.monotonic() < deadline, "the code cards PDF was not made"
        time.sleep(0.5)
        page.reload()
    assert_accessible(page)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Mark printed and delete the PDF").click()
    expect(
        page.get_by_text("Marked as printed: the PDF with the codes has been deleted.")
    ).to_be_visible()
    assert VotingCode.objects.filter(vote=vote, state="printed").count() == 3
    assert asked and "the only copy of the codes" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close voting now").click()
    expect(page.get_by_text("Voting has closed. The count has been asked for.")).to_be_visible()
    assert_accessible(page)
    deadline = time.monotonic() + 60
    while PBVote.objects.get(pk=vote.pk).tally_state != PBVote.TallyState.DONE:
        assert time.monotonic() < deadline, "the Celery count did not finish"
        time.sleep(0.2)
    page.reload()
    expect(page.get_by_text("Count: Counted")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_role("heading", name="Funded bids")).to_be_visible()
    funded = page.locator(".results-list")
    # Greedy by approvals: bid 0 (4), bid 1 (3) fit £2,000 exactly; nothing left.
    expect(funded.get_by_text(names[0])).to_be_visible()
    expect(funded.get_by_text(names[1])).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="£0")).to_be_visible()
    expect(page.get_by_text(f"{names[0]} funded")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Announcement screen").click()
    expect(page.get_by_role("heading", name="Funded bids")).to_be_visible()
    expect(page.locator(".results-list").get_by_text(names[1])).to_be_visible()
    assert_accessible(page)
    # Anyone can check a receipt and download the list of receipt fingerprints.
    receipt = codelib.receipt_for(codelib.vote_key(vote.salt), codes[0])
    page.goto(f"/pb/vote/{vote.pk}/receipts/")
    page.get_by_label("Receipt code").fill(receipt)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("A ballot with this receipt is in the count.")).to_be_visible()
    assert_accessible(page)
    # The hall screen offers the results now.
    page.goto(f"/pb/vote/{vote.pk}/live/")
    expect(page.get_by_role("link", name="Show the results")).to_be_visible()
    assert_accessible(page)
    # Counting again (a redelivered task) returns the same stored result.
    first = TallyRecord.objects.get(vote=vote)
    again = vote_tally(vote_id=vote.pk)
    assert (again.pk, again.checksum) == (first.pk, first.checksum)
    assert again.selected == [o.project_id for o in vote.options.order_by("position")][:2]


def test_back_after_casting_shows_the_receipt_never_an_error(page, assert_accessible):
    vote = make_vote(ballot_type="approval", budget_pence=400_000)
    (code,) = issued_codes(vote, 1)
    names = titles(vote)
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    expect(page.get_by_text("£4,000 is being shared out")).to_be_visible()
    page.get_by_label(names[0]).check()
    page.get_by_role("button", name="Review my choices").click()
    page.get_by_role("button", name="Cast my vote").click()
    page.wait_for_url(re.compile(r"/receipt/"))
    receipt = receipt_in(page.url)
    # Back skips the review page and reaches the card's link, which shows the receipt again.
    page.go_back()
    page.wait_for_url(re.compile(r"/receipt/"))
    expect(page.get_by_text("could not be accepted")).to_have_count(0)
    expect(page.get_by_text(receipt)).to_be_visible()
    # The card's link again shows the receipt, saying the ballot is counted.
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    page.wait_for_url(re.compile(r"/receipt/"))
    expect(page.get_by_text("It is counted: this is its receipt.")).to_be_visible()
    expect(page.get_by_text(receipt)).to_be_visible()
    assert_accessible(page)
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_a_ballot_waiting_offline_cannot_be_changed_and_the_count_is_shown(
    phone_page, assert_accessible
):
    page = phone_page
    vote = make_vote(ballot_type="approval")
    (code,) = issued_codes(vote, 1)
    names = titles(vote)
    page.goto(f"/pb/vote/{vote.pk}/?code={code}")
    page.get_by_label(names[1]).check()
    page.context.set_offline(True)
    page.get_by_role("button", name="Review my choices").click()
    offline = page.locator("#offline-review")
    expect(offline.get_by_role("heading", name="Check your choices")).to_be_visible()
    page.get_by_role("button", name="Cast my vote").click()
    waiting = page.locator("#ballot-waiting")
    expect(waiting).to_be_visible()
    expect(waiting.locator("[data-count]")).to_have_text("1")
    expect(waiting.get_by_text("can no longer be changed")).to_be_visible()
    expect(offline.get_by_role("button", name="Change my choices")).to_be_disabled()
    assert_accessible(page)
    page.context.set_offline(False)
    page.wait_for_url(re.compile(r"/receipt/"))
    assert Ballot.objects.filter(vote=vote).count() == 1


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_hall_screen_is_a_projector_page(page, assert_accessible, settings, width, height):
    settings.SITE_URL = "https://commonground.example.org"
    vote = make_vote()
    issued_codes(vote, 3)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/pb/vote/{vote.pk}/live/")
    expect(page.locator("#live-cards")).to_have_text("3")
    # No site menu or footer on a projector, nothing below the fold.
    assert page.locator("nav, footer").count() == 0
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert no_horizontal_overflow(page)
    expect(page.get_by_text(f"commonground.example.org/pb/vote/{vote.pk}")).to_be_visible()
    qr = page.locator("#live-join svg").bounding_box()
    assert qr["height"] >= height * 0.3  # readable from the back of the hall
    figure = page.locator("#live-ballots").bounding_box()
    assert figure["height"] >= height * 0.08
    assert_accessible(page)
    # After close: it says so and no longer invites people to vote.
    vote_close(actor=None, vote=vote)
    page.reload()
    expect(page.locator("#live-state")).to_have_text("Voting has closed")
    expect(page.locator("#live-join")).to_be_hidden()
    expect(page.get_by_text("Thank you for voting.")).to_be_visible()
