"""Paper ballots in real Chromium: a volunteer on a 360 px phone keys a paper ballot tied to a
card (which then cannot vote on a phone), a card already used on a phone is refused in words,
and a coordinator at 1366 px settles a dispute from the side-by-side page. axe-core runs on
every page state."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from engagement.models import AuditEntry
from tests.browser.sessions import sign_in
from tests.factories import user_with_role
from tests.voting.voting_helpers import issued_codes, key, make_vote
from voting.models import Ballot, PaperBallot
from voting.services import ballot_cast, paper_entry_add

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 768}
CARD_FIELD = "Code of the voting card handed in with it"


def titles(vote):
    return [o.title for o in vote.options.order_by("position")]


def fits_the_width(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def key_paper(page, number, card, ticks):
    page.get_by_label("Number written on the paper ballot").fill(str(number))
    page.get_by_label(CARD_FIELD).fill(card)
    for name in ticks:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Save this paper ballot").click()


def test_a_volunteer_keys_a_paper_ballot_tied_to_a_card_on_a_phone(
    page, live_server, assert_accessible, tmp_path
):
    page.set_viewport_size(PHONE)
    vote = make_vote(ballot_type="approval")
    names = titles(vote)
    (card,) = issued_codes(vote, 1)
    volunteer = user_with_role("volunteer", area=vote.area)
    sign_in(page, live_server, volunteer)

    page.goto(f"/pb/votes/{vote.pk}/")
    page.get_by_role("link", name="Key paper ballots").click()
    expect(
        page.get_by_text("Leave a bid unticked when its box on the paper is empty.")
    ).to_be_visible()
    assert fits_the_width(page)
    assert_accessible(page)
    key_paper(page, 12, card.lower(), [names[1], names[3]])
    expect(page.get_by_text("Paper ballot 12 saved. A different volunteer")).to_be_visible()
    assert fits_the_width(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "paper-keying-360.png"), full_page=True)

    # The waiting list, by number, says who keyed it and that someone else must key it again.
    page.get_by_role("link", name="1 paper ballot waiting for a second keying").click()
    row = page.get_by_role("row", name="12")
    expect(row).to_contain_text("you: someone else must key it")
    expect(row).to_contain_text(card[-4:])
    assert fits_the_width(page)
    assert_accessible(page)

    # The card is held by the paper: on a phone it is refused, in words.
    page.context.clear_cookies()
    page.goto(f"/pb/vote/{vote.pk}/?code={card}")
    expect(page.get_by_text("This card has been used to vote on paper").first).to_be_visible()
    assert_accessible(page)
    assert not Ballot.objects.filter(vote=vote).exists()
    assert PaperBallot.objects.get(vote=vote, number=12).state == PaperBallot.State.AWAITING_SECOND


def test_a_card_already_used_on_a_phone_is_refused_when_keying_paper(
    page, live_server, assert_accessible
):
    page.set_viewport_size(PHONE)
    vote = make_vote(ballot_type="approval")
    names = titles(vote)
    (card,) = issued_codes(vote, 1)
    ballot_cast(vote=vote, code=card, choices=[0], points=None, idempotency_key=key())
    sign_in(page, live_server, user_with_role("volunteer", area=vote.area))

    page.goto(f"/pb/votes/{vote.pk}/paper/")
    key_paper(page, 3, card, [names[2]])
    field = page.get_by_label(CARD_FIELD)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("has already been used to vote on a phone").first).to_be_visible()
    expect(page.get_by_text(f"The card ending {card[-4:]}").first).to_be_visible()
    assert fits_the_width(page)
    assert_accessible(page)
    assert not PaperBallot.objects.filter(vote=vote).exists()
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_the_supervisor_settles_from_the_side_by_side_page(
    page, live_server, assert_accessible, tmp_path
):
    page.set_viewport_size(LAPTOP)
    vote = make_vote(ballot_type="approval")
    names = titles(vote)
    (card,) = issued_codes(vote, 1)
    anna = user_with_role("volunteer", area=vote.area, name="Anna Keyer")
    ben = user_with_role("volunteer", area=vote.area, name="Ben Keyer")
    paper_entry_add(actor=anna, vote=vote, number=5, card=card, choices=[0, 2])
    paper_entry_add(actor=ben, vote=vote, number=5, card=card, choices=[0, 3])
    coordinator = user_with_role("coordinator", area=vote.area)
    sign_in(page, live_server, coordinator)

    page.goto(f"/pb/votes/{vote.pk}/")
    expect(page.get_by_role("button", name="Print the paper ballot (PDF)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Supervisor queue").click()
    region = page.get_by_role("region", name="Paper ballot 5")
    expect(region.get_by_role("columnheader", name="Keying A (Anna Keyer)")).to_be_visible()
    expect(region.get_by_role("columnheader", name="Keying B (Ben Keyer)")).to_be_visible()
    expect(region.get_by_text("2 differences, marked “Differs”.")).to_be_visible()
    # The differing marks are said in words, not by colour alone.
    for name, a, b, same in [
        (names[0], "ticked", "ticked", "Same"),
        (names[2], "ticked", "blank", "Differs"),
        (names[3], "blank", "ticked", "Differs"),
    ]:
        row = region.get_by_role("row", name=name, exact=False).filter(has_text=same)
        expect(row).to_have_count(1)
        expect(row.get_by_role("cell").nth(0)).to_have_text(a)
        expect(row.get_by_role("cell").nth(1)).to_have_text(b)
    assert fits_the_width(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "paper-compare-1366.png"), full_page=True)

    region.get_by_role("button", name="Count keying B for paper ballot 5").click()
    expect(page.get_by_text("Paper ballot 5 settled.")).to_be_visible()
    expect(page.get_by_text("Nothing to settle.")).to_be_visible()
    assert_accessible(page)
    assert Ballot.objects.get(vote=vote, source=Ballot.Source.PAPER).choices == "0,3"
    audit = AuditEntry.objects.get(action="paper.settled")
    assert audit.data == {"number": 5, "chose": "b"} and audit.actor == coordinator

    # The same page works on a volunteer-sized phone too.
    paper_entry_add(actor=anna, vote=vote, number=6, spoilt=True, spoilt_reason="Torn")
    paper_entry_add(actor=ben, vote=vote, number=6, card=issued_codes(vote, 1)[0], choices=[1])
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("region", name="Paper ballot 6")).to_contain_text("yes: Torn")
    assert fits_the_width(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "paper-compare-360.png"), full_page=True)


def test_scores_left_blank_on_paper_are_keyed_as_blank_on_a_phone(
    page, live_server, assert_accessible
):
    page.set_viewport_size(PHONE)
    vote = make_vote(ballot_type="scoring", params={"score_every_bid": False})
    (card,) = issued_codes(vote, 1)
    sign_in(page, live_server, user_with_role("volunteer", area=vote.area))
    page.goto(f"/pb/votes/{vote.pk}/paper/")
    expect(
        page.get_by_text("Choose “blank” for a bid whose box on the paper is empty.")
    ).to_be_visible()
    assert fits_the_width(page)
    assert_accessible(page)
    page.get_by_label("Number written on the paper ballot").fill("3")
    page.get_by_label(CARD_FIELD).fill(card)
    first = titles(vote)[0]
    page.get_by_role("group", name=f"Score on the paper for {first}").get_by_label("4").check()
    page.get_by_role("button", name="Save this paper ballot").click()
    expect(page.get_by_text("Paper ballot 3 saved.")).to_be_visible()
    assert_accessible(page)
    entry = PaperBallot.objects.get(vote=vote, number=3).entries.get()
    position = vote.options.get(title=first).position
    assert (entry.choices, entry.points) == (str(position), "4")
