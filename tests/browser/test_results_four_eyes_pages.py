"""Results a public body can stand behind, through the pages in Chromium: two coordinators in
two browsers propose and approve, a conflicted coordinator is refused at every step, the
public sees "being checked" until the results are confirmed and then the whole history, and a
cancelled vote shows only that it was cancelled. axe-core runs on every page state; the pages
are also shot at 1366 px and 360 px (kept under the pytest tmp path)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from budgeting.models import Award
from budgeting.services import conflict_declare
from tests.browser.sessions import sign_in
from tests.factories import user_with_role
from tests.voting.voting_helpers import issued_codes, key, make_vote
from voting.models import PBVote, ResultProposal
from voting.services import ballot_cast, vote_close, vote_tally

pytestmark = pytest.mark.browser


def counted_vote() -> PBVote:
    vote = make_vote()
    for code, choices in zip(issued_codes(vote, 3), [[0, 1], [0], [1]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    vote.refresh_from_db()
    return vote


def browser_for(browser, live_server, user, *, width: int = 1366):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    if user is not None:
        sign_in(page, live_server, user)
    return page


def shoot(page, tmp_path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def test_two_coordinators_in_two_browsers_change_and_confirm(
    browser, live_server, assert_accessible, tmp_path
):
    vote = counted_vote()
    chris = user_with_role("coordinator", area=vote.area, name="Chris Coordinator")
    sam = user_with_role("coordinator", area=vote.area, name="Sam Second")
    first = browser_for(browser, live_server, chris)
    second = browser_for(browser, live_server, sam)
    public = browser_for(browser, live_server, None, width=360)
    results = f"/pb/vote/{vote.pk}/results/"
    titles = [o.title for o in vote.options.order_by("position")]

    public.goto(results)
    expect(public.get_by_text("The results are being checked")).to_be_visible()
    expect(public.get_by_text(titles[0])).to_have_count(0)
    assert_accessible(public)
    shoot(public, tmp_path, "public-checking-360")

    # Chris proposes a change; HTML in the reason is refused in words.
    first.goto(f"/pb/votes/{vote.pk}/override/")
    first.get_by_label(titles[1]).uncheck()
    first.get_by_label(titles[2]).check()
    first.get_by_label("Reason (plain text, shown on the results)").fill("<b>withdrew</b>")
    first.get_by_role("button", name="Propose this change").click()
    expect(first.get_by_text("Please remove the HTML tags").first).to_be_visible()
    first.get_by_label("Reason (plain text, shown on the results)").fill(
        "The youth hub found other funding."
    )
    first.get_by_role("button", name="Propose this change").click()
    first.wait_for_url(re.compile(r"/results/$"))
    expect(first.get_by_text("Your proposal is waiting for another coordinator")).to_be_visible()
    expect(first.get_by_text("You proposed this: another coordinator")).to_be_visible()
    expect(first.get_by_role("button", name="Approve the change")).to_have_count(0)
    assert_accessible(first)
    shoot(first, tmp_path, "proposer-1366")

    # Sam approves it from the other browser.
    second.goto(results)
    expect(second.get_by_text("Provisional results.")).to_be_visible()
    assert_accessible(second)
    second.get_by_role("button", name="Approve the change").click()
    expect(second.get_by_text("The change is approved")).to_be_visible()

    # Sam proposes confirming; Chris approves, and the money moves.
    second.goto(f"/pb/votes/{vote.pk}/")
    assert_accessible(second)
    shoot(second, tmp_path, "manage-1366")
    second.get_by_role("button", name="Propose confirming the results").click()
    expect(second.get_by_text("Confirming the results is proposed")).to_be_visible()
    assert not Award.objects.filter(bid__round=vote.round).exists()
    first.goto(results)
    first.get_by_role("button", name="Approve: confirm the results and fund the bids").click()
    expect(first.get_by_text("The results are confirmed and the bids funded")).to_be_visible()
    assert Award.objects.filter(bid__round=vote.round).count() == 2

    public.reload()
    expect(public.get_by_text("Confirmed results.")).to_be_visible()
    history = public.locator("#history-title + p + p + ol")
    expect(history.locator("li")).to_have_count(2)
    expect(public.get_by_text("Approved by Sam Second", exact=False).first).to_be_visible()
    expect(public.get_by_text("Approved by Chris Coordinator", exact=False).first).to_be_visible()
    expect(public.get_by_text("The youth hub found other funding.").first).to_be_visible()
    expect(public.get_by_text("The count itself chose:").first).to_be_visible()
    assert public.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert_accessible(public)
    shoot(public, tmp_path, "public-confirmed-360")
    for context in (first, second, public):
        context.context.close()


def test_a_conflicted_coordinator_is_refused_at_every_step(browser, live_server, assert_accessible):
    vote = counted_vote()
    conflicted = user_with_role("coordinator", area=vote.area, name="Connie Conflicted")
    other = user_with_role("coordinator", area=vote.area, name="Olly Other")
    boxing = vote.options.get(position=2).bid
    conflict_declare(actor=conflicted, bid=boxing, reason="I coach there", reviewer=conflicted)
    page = browser_for(browser, live_server, conflicted)
    refusal = re.compile(r"You declared a conflict of interest with “" + re.escape(boxing.title))

    # Propose a change that funds the bid: refused, nothing stored.
    page.goto(f"/pb/votes/{vote.pk}/override/")
    page.get_by_label(vote.options.get(position=1).title).uncheck()
    page.get_by_label(boxing.title).check()
    page.get_by_label("Reason (plain text, shown on the results)").fill("Fund the boxing")
    page.get_by_role("button", name="Propose this change").click()
    expect(page.get_by_text(refusal).first).to_be_visible()
    assert_accessible(page)
    # Propose confirming: refused.
    page.goto(f"/pb/votes/{vote.pk}/")
    page.get_by_role("button", name="Propose confirming the results").click()
    expect(page.get_by_text(refusal).first).to_be_visible()
    assert not ResultProposal.objects.filter(vote=vote).exists()

    # Approve and reject another coordinator's proposal: refused.
    helper = browser_for(browser, live_server, other)
    helper.goto(f"/pb/votes/{vote.pk}/")
    helper.get_by_role("button", name="Propose confirming the results").click()
    expect(helper.get_by_text("Confirming the results is proposed")).to_be_visible()
    page.goto(f"/pb/vote/{vote.pk}/results/")
    page.get_by_role("button", name="Approve: confirm the results and fund the bids").click()
    expect(page.get_by_text(refusal).first).to_be_visible()
    page.get_by_label("Why do you reject it?").fill("I do not agree")
    page.get_by_role("button", name="Reject the proposal").click()
    expect(page.get_by_text(refusal).first).to_be_visible()
    assert ResultProposal.objects.get(vote=vote).state == ResultProposal.State.PROPOSED
    assert not Award.objects.filter(bid__round=vote.round).exists()
    vote.refresh_from_db()
    assert vote.results_confirmed_at is None

    # Count again (a failed count): refused too.
    PBVote.objects.filter(pk=vote.pk).update(tally_state=PBVote.TallyState.FAILED)
    page.goto(f"/pb/votes/{vote.pk}/")
    page.get_by_role("button", name="Count again").click()
    expect(page.get_by_text(refusal).first).to_be_visible()
    helper.context.close()
    page.context.close()


def test_a_cancelled_vote_says_so_and_shows_no_results(
    browser, live_server, assert_accessible, tmp_path
):
    vote = counted_vote()
    coordinator = user_with_role("coordinator", area=vote.area)
    page = browser_for(browser, live_server, coordinator)
    page.goto(f"/pb/votes/{vote.pk}/")
    page.get_by_role("link", name="Cancel the vote").click()
    expect(page.get_by_text("3 ballots have been cast")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel this vote").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    page.get_by_label("Why is the vote cancelled?").fill("A test vote left over from training.")
    page.get_by_role("button", name="Cancel this vote").click()
    expect(page.get_by_text("The vote is cancelled. It will never show results.")).to_be_visible()
    expect(page.get_by_role("button", name="Propose confirming the results")).to_have_count(0)
    assert_accessible(page)

    public = browser_for(browser, live_server, None, width=360)
    public.goto(f"/pb/vote/{vote.pk}/results/")
    expect(public.get_by_role("heading", name="This vote was cancelled")).to_be_visible()
    expect(public.get_by_text("A test vote left over from training.")).to_be_visible()
    expect(public.get_by_text("Funded bids")).to_have_count(0)
    assert_accessible(public)
    shoot(public, tmp_path, "public-cancelled-360")
    public.goto(vote.round.get_absolute_url())
    expect(public.get_by_text("was cancelled and decided nothing")).to_be_visible()
    assert_accessible(public)
    page.context.close()
    public.context.close()


def test_a_draft_vote_is_changed_then_deleted_and_the_ballot_draws_are_public(
    browser, live_server, assert_accessible, tmp_path
):
    from budgeting.models import Phase
    from budgeting.services import ballot_order_draw
    from tests.budgeting.factories import set_phase

    vote = make_vote(open_now=False)
    round_ = vote.round
    coordinator = user_with_role("coordinator", area=vote.area, name="Chris Coordinator")
    page = browser_for(browser, live_server, coordinator)
    page.goto(f"/pb/votes/{vote.pk}/")
    page.get_by_role("link", name="Change the vote").click()
    assert_accessible(page)
    shoot(page, tmp_path, "vote-edit-1366")
    page.get_by_label("Title").fill("Skegness decides: the real one")
    page.get_by_label("Opens at (optional)").fill("2030-01-06T19:00")
    page.get_by_label("Closes at (optional)").fill("2030-01-06T18:00")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Voting must close after it opens.").first).to_be_visible()
    assert "Constraint" not in page.content()
    assert_accessible(page)
    page.get_by_label("Closes at (optional)").fill("2030-01-06T21:00")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("heading", name="Skegness decides: the real one")).to_be_visible()
    page.get_by_role("link", name="Delete the vote").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete the vote").click()
    expect(page.get_by_text("The vote has been deleted.")).to_be_visible()
    assert not PBVote.objects.filter(pk=vote.pk).exists()

    # The ballot order: drawn, drawn again with a reason, both draws public.
    set_phase(round_, Phase.SHORTLISTING)
    ballot_order_draw(actor=coordinator, round=round_, seed="5eed0001")
    page.goto(f"/pb/rounds/{round_.slug}/shortlist/")
    page.get_by_role("button", name="Draw the ballot order again").click()
    expect(page.get_by_text("Say why it must be drawn again").first).to_be_visible()
    page.get_by_label("Why must the ballot order be drawn again?").fill(
        "A shortlisted bid was left off the first draw."
    )
    page.get_by_role("button", name="Draw the ballot order again").click()
    expect(page.get_by_text("The ballot order has been drawn for")).to_be_visible()
    assert_accessible(page)
    round_.refresh_from_db()
    set_phase(round_, Phase.AWAITING_VOTE)
    public = browser_for(browser, live_server, None, width=360)
    public.goto(f"/pb/rounds/{round_.slug}/shortlist/")
    table = public.get_by_role("table", name="Every draw of the ballot order")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.get_by_text("5eed0001")).to_be_visible()
    expect(table.get_by_text("A shortlisted bid was left off the first draw.")).to_be_visible()
    expect(table.get_by_text("Chris Coordinator").first).to_be_visible()
    expect(public.get_by_text("The order below is the ballot order.")).to_be_visible()
    assert public.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert_accessible(public)
    shoot(public, tmp_path, "shortlist-draws-360")
    page.context.close()
    public.context.close()
