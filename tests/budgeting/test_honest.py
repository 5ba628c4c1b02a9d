"""Honest words instead of a bare refusal, the coordinators' message at the top of the bid,
sending again only after a change, and a turn-down that cannot be mistaken for shortlisting."""

import pytest
from django.urls import reverse

from budgeting.models import BidStatus, Phase
from budgeting.services import award_create, bid_draft_save, bid_request_changes, bid_submit
from engagement.services import DomainError
from tests.factories import user_with_role

from .conftest import fund
from .factories import BidFactory, BidRoundFactory, set_phase, submitted_bid


def _follow_text(client, url, method="get"):
    response = getattr(client, method)(url, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_sending_again_from_a_stale_tab_says_when_it_was_sent(client, db):
    bid = BidFactory()
    client.force_login(bid.applicant)
    bid_submit(actor=bid.applicant, bid=bid)
    text = _follow_text(client, reverse("budgeting:bid_submit", args=[bid.pk]), "post")
    assert "This bid was sent on" in text
    assert "You cannot see this page" not in text
    text = _follow_text(client, reverse("budgeting:bid_step", args=[bid.pk, "idea"]))
    assert "This bid was sent on" in text


def test_a_draft_after_bids_closed_says_so(client, db):
    bid = BidFactory()
    set_phase(bid.round, Phase.REVIEW)
    client.force_login(bid.applicant)
    text = _follow_text(client, reverse("budgeting:bid_step", args=[bid.pk, "money"]))
    assert "Bids closed on" in text and "this draft was not sent" in text
    assert "Bids closed on" in _follow_text(client, bid.get_absolute_url())


def test_a_funded_group_is_told_how_to_hand_money_back(client, db):
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    fund(round_.pot, 500_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    bid = award_create(actor=None, bid=bid).bid
    client.force_login(bid.applicant)
    text = _follow_text(client, reverse("budgeting:bid_withdraw", args=[bid.pk]))
    assert "has been funded" in text and "hand the money back" in text


def test_someone_elses_bid_is_still_refused(client, db):
    bid = submitted_bid()
    client.force_login(user_with_role(None))
    response = client.post(reverse("budgeting:bid_submit", args=[bid.pk]))
    assert response.status_code in (403, 404)


def test_changes_message_is_at_the_top_and_resending_needs_a_change(client, db):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    coordinator = user_with_role("coordinator", area=round_.area)
    bid = submitted_bid(round=round_)
    bid_request_changes(actor=coordinator, bid=bid, message="Please add a quote for the lights.")
    client.force_login(bid.applicant)
    page = client.get(bid.get_absolute_url()).content.decode()
    top, message = page.index("have asked for changes"), page.index("Please add a quote")
    assert top < message < page.index("Send the bid again")
    bid.refresh_from_db()
    with pytest.raises(DomainError, match="Nothing has changed"):
        bid_submit(actor=bid.applicant, bid=bid)
    bid_draft_save(actor=bid.applicant, bid=bid, step=2, fields={"summary": "Same, with a quote"})
    assert bid_submit(actor=bid.applicant, bid=bid).status == BidStatus.SUBMITTED


def test_turning_down_is_red_and_asks_to_confirm(client, db):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    bid = submitted_bid(round=round_)
    client.force_login(user_with_role("coordinator", area=round_.area))
    page = client.get(reverse("budgeting:bid_review", args=[bid.pk])).content.decode()
    start = page.index('value="Turn the bid down"')
    button = page[page.rindex("<input", 0, start) : page.index(">", start)]
    assert "btn-danger" in button and "btn-primary" not in button
    assert 'data-confirm="Turn this bid down? The group will be told."' in button


def test_a_conflicted_reviewer_is_told_who_may_review_and_hands_it_over(client, db):
    from budgeting.models import BidMessage
    from budgeting.selectors import unconflicted_reviewers
    from budgeting.services import conflict_declare, review_handover

    round_ = BidRoundFactory(phase=Phase.REVIEW)
    chris = user_with_role("coordinator", area=round_.area)
    chris.name = "Chris Coordinator"
    chris.save()
    pat = user_with_role("partner", area=round_.area)
    pat.name = "Pat Partner"
    pat.save()
    bid = submitted_bid(round=round_)
    conflict_declare(actor=chris, bid=bid, reason="I coach at the club", reviewer=chris)
    assert unconflicted_reviewers(bid=bid) == [pat]
    client.force_login(chris)
    page = client.get(reverse("budgeting:bid_review", args=[bid.pk])).content.decode()
    assert "You declared a conflict of interest" in page and "Pat Partner" in page
    response = client.post(
        reverse("budgeting:bid_review_action", args=[bid.pk, "handover"]),
        {"handover-to": pat.pk},
    )
    assert response.status_code == 302
    note = bid.messages.get(kind=BidMessage.Kind.NOTE)
    assert "handed this bid to Pat Partner" in note.body
    with pytest.raises(DomainError, match="no conflict"):
        review_handover(actor=pat, bid=bid, to=chris)
