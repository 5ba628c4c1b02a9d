"""One voting window: a bid on a vote's ballot stays on it until the result is confirmed.

The round's dates are a plan; the coordinator may open the vote before the round's voting date.
The bids on the ballot are frozen when the vote is set up, so neither the group nor the
coordinators can take one off the shortlist while people vote on it, and the result can always
become awards.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from budgeting.models import Award, Bid, BidStatus, Phase
from budgeting.services import bid_reject, bid_request_changes, bid_withdraw
from engagement.models import AuditEntry, Event
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory
from tests.factories import user_with_role
from voting.services import ballot_cast, vote_close, vote_create, vote_open
from voting.services.counting import vote_tally
from voting.services.votes import votes_sweep

from .voting_helpers import confirm_results, issued_codes, key

pytestmark = pytest.mark.django_db

COSTS = [120_000, 80_000, 60_000]


def _early_vote(**kwargs):
    """A vote set up while the round is still shortlisting (before its voting date)."""
    round_ = BidRoundFactory(phase=Phase.SHORTLISTING)
    fund(round_.pot, 200_000)
    for cost in COSTS:
        submitted_bid(round=round_, amount_requested_pence=cost, status=BidStatus.SHORTLISTED)
    event = EventFactory(area=round_.area, kind=Event.Kind.PB_EVENT, title="PB event")
    return vote_create(
        actor=None,
        event=event,
        round=round_,
        title="Skegness decides",
        ballot_type="approval",
        rule="greedy",
        budget_pence=200_000,
        **kwargs,
    )


def _ballot_bids(vote) -> list[Bid]:
    return [o.bid for o in vote.options.select_related("bid__round").order_by("position")]


def test_setting_up_a_vote_freezes_the_bids_on_its_ballot():
    vote = _early_vote()
    bids = _ballot_bids(vote)
    assert all(bid.frozen_for_vote_at is not None for bid in bids)
    entry = AuditEntry.objects.get(action="round.bids_freeze")
    assert sorted(entry.data["bids"]) == sorted(bid.pk for bid in bids)


def test_a_bid_on_an_open_vote_cannot_be_withdrawn_or_turned_down():
    vote = vote_open(actor=None, vote=_early_vote())
    bid = _ballot_bids(vote)[0]
    coordinator = user_with_role("coordinator", area=bid.round.area)
    # The round's dates alone would still allow all three.
    assert bid.round.phase_at() == Phase.SHORTLISTING

    with pytest.raises(ValidationError, match="on the ballot of a PB vote, so it can no longer"):
        bid_withdraw(actor=bid.applicant, bid=bid, reason="We found other money.")
    with pytest.raises(ValidationError, match="on the ballot of a PB vote, so it can no longer"):
        bid_reject(actor=coordinator, bid=bid, reason="Out of scope after all.")
    with pytest.raises(ValidationError, match="on the ballot of a PB vote, so changes"):
        bid_request_changes(actor=coordinator, bid=bid, message="Cheaper, please.")
    bid.refresh_from_db()
    assert bid.status == BidStatus.SHORTLISTED
    assert not bid.applicant.has_perm("budgeting.withdraw_bid", bid)


def test_results_are_confirmed_after_a_group_tried_to_withdraw():
    vote = vote_open(actor=None, vote=_early_vote())
    fund(vote.round.pot, 500_000)
    bids = _ballot_bids(vote)
    for code, choices in zip(issued_codes(vote, 3), [[0, 1], [0], [1]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    winner = bids[0]
    with pytest.raises(ValidationError):
        bid_withdraw(actor=winner.applicant, bid=winner)
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)

    confirm_results(vote)

    assert Award.objects.filter(bid__round=vote.round).count() == 2
    assert set(Award.objects.values_list("bid", flat=True)) == {bids[0].pk, bids[1].pk}
    winner.refresh_from_db()
    assert winner.status == BidStatus.FUNDED


def test_a_scheduled_vote_freezes_its_ballot_when_the_sweep_opens_it():
    vote = _early_vote(opens_at=timezone.now() + dt.timedelta(minutes=5))
    # A vote set up before bids could be frozen: vote_open freezes them at the latest.
    Bid.objects.filter(round=vote.round).update(frozen_for_vote_at=None)

    assert votes_sweep(now=timezone.now() + dt.timedelta(minutes=6))["opened"] == 1

    assert all(bid.frozen_for_vote_at is not None for bid in _ballot_bids(vote))


def test_the_withdraw_page_says_why_the_bid_cannot_be_withdrawn(login):
    vote = _early_vote()
    bid = _ballot_bids(vote)[0]
    client = login(bid.applicant)

    page = client.get(reverse("budgeting:bid_withdraw", args=[bid.pk]))
    assert page.status_code == 200
    main = page.content.decode().split("<main", 1)[-1]
    assert "is on the ballot of a PB vote, so it can no longer be withdrawn" in main
    assert "<form" not in main

    posted = client.post(reverse("budgeting:bid_withdraw", args=[bid.pk]), {"reason": "Bye"})
    assert posted.status_code == 200
    bid.refresh_from_db()
    assert bid.status == BidStatus.SHORTLISTED

    detail = client.get(bid.get_absolute_url()).content.decode()
    assert reverse("budgeting:bid_withdraw", args=[bid.pk]) not in detail


def test_someone_else_still_gets_a_permission_error_on_the_withdraw_page(login):
    bid = _ballot_bids(_early_vote())[0]
    stranger = user_with_role(None)
    assert login(stranger).get(reverse("budgeting:bid_withdraw", args=[bid.pk])).status_code == 403


def test_the_review_page_says_why_a_bid_on_a_ballot_cannot_be_turned_down(login):
    bid = _ballot_bids(_early_vote())[0]
    coordinator = user_with_role("coordinator", area=bid.round.area)
    url = reverse("budgeting:bid_review_action", kwargs={"pk": bid.pk, "action": "reject"})

    page = login(coordinator).post(url, {"reject-reason": "Out of scope after all."})

    assert page.status_code == 200
    assert "is on the ballot of a PB vote, so it can no longer be turned down" in (
        page.content.decode()
    )
    bid.refresh_from_db()
    assert bid.status == BidStatus.SHORTLISTED
