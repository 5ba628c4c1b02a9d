"""Votes that cannot mislead: draft votes change and go, opened votes are cancelled with a
reason and then show results nowhere, the money fits the pot, one live vote per round, the
round's pages follow the vote, and no constraint ever speaks in its own name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from budgeting.models import Bid, BidStatus
from budgeting.services import bid_withdraw
from engagement.models import AuditEntry, Event
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory
from tests.factories import user_with_role
from voting.models import PBVote, VotingCode
from voting.selectors.votes import results_visibility
from voting.services import (
    BallotRejected,
    ballot_cast,
    codes_generate,
    vote_cancel,
    vote_close,
    vote_create,
    vote_delete,
    vote_open,
    vote_tally,
    vote_update,
)

from .voting_helpers import confirm_results, issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


def _round(pledged: int = 200_000, phase: str = "voting"):
    round_ = BidRoundFactory(phase=phase)
    if pledged:
        fund(round_.pot, pledged)
    for cost in (120_000, 80_000):
        submitted_bid(round=round_, amount_requested_pence=cost, status=BidStatus.SHORTLISTED)
    return round_


def _create(round_, **kwargs):
    defaults = {
        "actor": None,
        "event": EventFactory(area=round_.area, kind=Event.Kind.PB_EVENT),
        "round": round_,
        "title": "Skegness decides",
        "ballot_type": "approval",
        "rule": "greedy",
        "budget_pence": 200_000,
    }
    return vote_create(**{**defaults, **kwargs})


def _update_kwargs(vote, **changes):
    kwargs = {
        "event": vote.event,
        "title": vote.title,
        "ballot_type": vote.ballot_type,
        "rule": vote.rule,
        "budget_pence": vote.budget_pence,
    }
    return {**kwargs, **changes}


def test_a_draft_vote_can_be_changed_in_everything_and_deleted():
    round_ = _round(phase="shortlisting")
    for cost in (60_000, 50_000):
        submitted_bid(round=round_, amount_requested_pence=cost, status=BidStatus.SHORTLISTED)
    vote = _create(round_)
    coordinator = user_with_role("coordinator", area=vote.area)
    changed = vote_update(
        actor=coordinator,
        vote=vote,
        **_update_kwargs(
            vote,
            title="Skegness decides again",
            ballot_type="scoring",
            rule="equalshares/add1",
            budget_pence=150_000,
            params={"min_score": 0, "max_score": 3},
        ),
    )
    assert (changed.title, changed.ballot_type, changed.rule) == (
        "Skegness decides again",
        "scoring",
        "equalshares/add1",
    )
    assert changed.budget_pence == 150_000 and changed.params["max_score"] == 3
    assert changed.options.count() == 4
    assert AuditEntry.objects.filter(action="vote.update").exists()

    codes_generate(vote=vote, count=3)
    bids = list(Bid.objects.filter(vote_options__vote=vote))
    assert all(b.frozen_for_vote_at for b in bids)
    vote_delete(actor=coordinator, vote=vote)
    assert not PBVote.objects.filter(pk=vote.pk).exists()
    assert not VotingCode.objects.filter(vote_id=vote.pk).exists()
    # The bids are free again: a group may withdraw.
    bid = Bid.objects.get(pk=bids[0].pk)
    assert bid.frozen_for_vote_at is None
    bid_withdraw(actor=bid.applicant, bid=bid, reason="We found other money.")
    assert AuditEntry.objects.filter(action="vote.delete").exists()


def test_an_opened_vote_can_only_be_cancelled_with_a_reason():
    vote = make_vote()
    coordinator = user_with_role("coordinator", area=vote.area)
    for change in (
        lambda: vote_update(actor=coordinator, vote=vote, **_update_kwargs(vote, title="X")),
        lambda: vote_delete(actor=coordinator, vote=vote),
    ):
        with pytest.raises(ValidationError, match="Voting has opened"):
            change()
    with pytest.raises(ValidationError, match="Give the reason"):
        vote_cancel(actor=coordinator, vote=vote, reason="  ")
    with pytest.raises(ValidationError, match="HTML"):
        vote_cancel(actor=coordinator, vote=vote, reason="<b>test</b>")
    code, unused = issued_codes(vote, 2)
    ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=key())

    vote_cancel(actor=coordinator, vote=vote, reason="A test vote set up by mistake.")

    vote.refresh_from_db()
    assert vote.status == PBVote.Status.CANCELLED
    assert (vote.cancelled_by, vote.cancel_reason) == (
        coordinator,
        "A test vote set up by mistake.",
    )
    with pytest.raises(BallotRejected, match="This vote was cancelled"):
        ballot_cast(vote=vote, code=unused, choices=[0], points=None, idempotency_key=key())
    with pytest.raises(ValidationError, match="cancelled"):
        vote_close(actor=None, vote=vote)
    with pytest.raises(ValidationError, match="cancelled"):
        vote_open(actor=None, vote=vote)
    assert vote_tally(vote_id=vote.pk) is None
    assert results_visibility(vote=vote, user=coordinator) == "cancelled"
    assert AuditEntry.objects.get(action="vote.cancel").data["ballots"] == 1


def test_a_draft_vote_is_deleted_not_cancelled():
    vote = make_vote(open_now=False)
    with pytest.raises(ValidationError, match="delete it instead"):
        vote_cancel(actor=None, vote=vote, reason="Oops")


def test_confirmed_results_cannot_be_cancelled():
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=key())
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    confirm_results(vote)
    with pytest.raises(ValidationError, match="can no\\s+longer be cancelled"):
        vote_cancel(actor=None, vote=vote, reason="Too late")


def test_the_money_to_allocate_must_fit_the_pot_unless_a_reason_is_recorded():
    round_ = _round(pledged=1_660_000)
    with pytest.raises(ValidationError) as refused:
        _create(round_, budget_pence=5_000_000)
    text = " ".join(refused.value.messages)
    assert "can still award £16,600 (£16,600 pledged, £0 already awarded)" in text
    assert "less than the £50,000 to allocate" in text
    assert not PBVote.objects.filter(round=round_).exists()

    vote = _create(
        round_, budget_pence=2_000_000, budget_note="The council promised £5,000 in writing."
    )
    assert vote.budget_note == "The council promised £5,000 in writing."
    entry = AuditEntry.objects.get(action="vote.create")
    assert entry.data["budget_note"] == vote.budget_note


def test_one_live_vote_per_round_unless_split():
    round_ = _round(pledged=1_000_000)
    first = _create(round_, budget_pence=100_000)
    with pytest.raises(ValidationError, match="This round already has a vote: “Skegness decides”"):
        _create(round_, title="Validation test", budget_pence=100_000)
    with pytest.raises(ValidationError, match="not marked as one of several ballots"):
        _create(round_, title="Adults", budget_pence=100_000, split=True)
    vote_update(actor=None, vote=first, **_update_kwargs(first, split=True, split_note="Under 18s"))
    second = _create(round_, title="Adults", budget_pence=100_000, split=True, split_note="18+")
    assert second.split and PBVote.objects.live().filter(round=round_).count() == 2


def test_a_cancelled_vote_frees_the_round_for_a_new_one():
    round_ = _round(pledged=1_000_000)
    first = vote_open(actor=None, vote=_create(round_, budget_pence=100_000))
    vote_cancel(actor=None, vote=first, reason="Wrong budget.")
    again = _create(round_, title="Skegness decides (re-run)", budget_pence=100_000)
    assert again.status == PBVote.Status.DRAFT


def test_constraint_messages_are_in_words():
    vote = make_vote(open_now=False)
    now = timezone.now()
    vote.opens_at, vote.closes_at = now, now
    with pytest.raises(ValidationError) as refused:
        vote.full_clean()
    assert "Voting must close after it opens." in refused.value.messages
    assert not any("Constraint" in m for m in refused.value.messages)


def test_the_vote_form_refuses_closing_before_opening_in_words(client):
    vote = make_vote(open_now=False)
    coordinator = user_with_role("coordinator", area=vote.area)
    client.force_login(coordinator)
    response = client.post(
        reverse("voting:vote_update", kwargs={"pk": vote.pk}),
        {
            "event": vote.event_id,
            "title": "Skegness decides",
            "ballot_type": "approval",
            "rule": "greedy",
            "budget": "2000",
            "opens_at": "2027-01-06T19:00",
            "closes_at": "2027-01-06T18:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voting must close after it opens." in page and "Constraint" not in page


def test_the_round_pages_follow_the_vote(client):
    round_ = _round(phase="shortlisting")
    shortlist = reverse("budgeting:shortlist", kwargs={"slug": round_.slug})
    detail = round_.get_absolute_url()
    assert "will be published here before the vote" in client.get(shortlist).content.decode()
    vote = vote_open(actor=None, vote=_create(round_))
    page = client.get(detail).content.decode()
    assert "Voting is open: “Skegness decides”." in page
    assert reverse("voting:vote_start", kwargs={"pk": vote.pk}) in page
    assert "<strong>Voting</strong>" in page
    listed = client.get(shortlist).content.decode()
    assert "will be published here before the vote" not in listed
    assert "Voting is open" in listed

    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    page = client.get(detail).content.decode()
    assert "the results are being checked" in page
    assert reverse("voting:vote_results", kwargs={"pk": vote.pk}) in page
    confirm_results(vote)
    page = client.get(detail).content.decode()
    assert "The results of “Skegness decides” are confirmed." in page


def test_a_cancelled_vote_without_ballots_is_not_public(client):
    vote = make_vote()
    vote_cancel(actor=None, vote=vote, reason="Set up twice.")
    assert client.get(reverse("voting:vote_results", kwargs={"pk": vote.pk})).status_code == 404
    assert "Set up twice" not in client.get(vote.round.get_absolute_url()).content.decode()


def test_a_cancelled_vote_with_ballots_says_so_publicly_and_shows_no_results(client):
    vote = make_vote()
    for code in issued_codes(vote, 2):
        ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=key())
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    vote_cancel(actor=None, vote=vote, reason="The hall lost power; we vote again next week.")
    for name in ("vote_results", "vote_announce"):
        page = client.get(reverse(f"voting:{name}", kwargs={"pk": vote.pk})).content.decode()
        assert "This vote was cancelled" in page
        assert "The hall lost power; we vote again next week." in page
        assert "Funded bids" not in page and "Money allocated" not in page
    page = client.get(vote.round.get_absolute_url()).content.decode()
    assert "was cancelled and decided nothing" in page


def test_the_vote_list_offers_no_second_vote_for_a_round_with_one(client):
    round_ = _round(pledged=1_000_000)
    coordinator = user_with_role("coordinator", area=round_.area)
    client.force_login(coordinator)
    offer = f"Set up a vote for {round_.name}"
    assert offer in client.get(reverse("voting:vote_list")).content.decode()
    vote = vote_open(actor=None, vote=_create(round_, budget_pence=100_000))
    assert offer not in client.get(reverse("voting:vote_list")).content.decode()
    vote_cancel(actor=None, vote=vote, reason="Wrong event.")
    assert offer in client.get(reverse("voting:vote_list")).content.decode()
