"""Review: due diligence, changes, shortlist, reject, conflicts, ballot order."""

import pytest

from budgeting.ballot_order import BallotItem, balanced_order
from budgeting.models import BidMessage, BidStatus, ConflictDeclaration, Phase
from budgeting.selectors import review_queue, voter_group_conflicts
from budgeting.services import (
    ballot_order_draw,
    bid_draft_save,
    bid_reject,
    bid_request_changes,
    bid_shortlist,
    bid_submit,
    bid_withdraw,
    bids_freeze_for_vote,
    category_create,
    conflict_declare,
    due_diligence_save,
)
from engagement.services import DomainError
from tests.factories import user_with_role

from .conftest import fund
from .factories import BidRoundFactory, diligence_done, set_phase, submitted_bid


@pytest.fixture
def reviewing(db):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    return round_, user_with_role("coordinator", area=round_.area)


def test_request_changes_then_resubmit(reviewing):
    round_, coordinator = reviewing
    bid = submitted_bid(round=round_)
    bid_request_changes(actor=coordinator, bid=bid, message="Please add a quote for the lights.")
    bid.refresh_from_db()
    assert bid.status == BidStatus.CHANGES_REQUESTED
    assert bid.messages.get().kind == BidMessage.Kind.CHANGES_REQUESTED
    bid_draft_save(actor=bid.applicant, bid=bid, step=2, fields={"summary": "Now with a quote"})
    bid = bid_submit(actor=bid.applicant, bid=bid)
    assert (bid.status, bid.number) == (BidStatus.SUBMITTED, 1)


def test_shortlist_needs_due_diligence_and_records_voter_group_conflict(reviewing):
    round_, coordinator = reviewing
    bid = submitted_bid(round=round_)
    with pytest.raises(DomainError, match="due diligence"):
        bid_shortlist(actor=coordinator, bid=bid)
    due_diligence_save(
        actor=coordinator, bid=bid, group_exists=True, bank_account=True, safeguarding_policy=True
    )
    bid_shortlist(actor=coordinator, bid=bid)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SHORTLISTED
    assert voter_group_conflicts(round=round_) == {bid.group_key: {bid.pk}}


def test_reject_needs_a_reason_the_group_sees(reviewing):
    round_, coordinator = reviewing
    bid = submitted_bid(round=round_)
    with pytest.raises(DomainError):
        bid_reject(actor=coordinator, bid=bid, reason="  ")
    bid_reject(actor=coordinator, bid=bid, reason="The project is outside the area.")
    bid.refresh_from_db()
    assert bid.status == BidStatus.REJECTED
    assert bid.decision_reason == "The project is outside the area."
    assert bid.messages.get().visible_to_group


def test_review_refused_out_of_phase_and_when_conflicted(reviewing):
    round_, coordinator = reviewing
    bid = submitted_bid(round=round_)
    conflict_declare(actor=coordinator, bid=bid, reviewer=coordinator, reason="I chair the group")
    with pytest.raises(DomainError, match="conflict"):
        bid_reject(actor=coordinator, bid=bid, reason="No")
    other = submitted_bid(round=round_)
    set_phase(round_, Phase.VOTING)
    with pytest.raises(DomainError, match="no longer be reviewed"):
        bid_request_changes(actor=coordinator, bid=other, message="Change it")


def test_conflicts_are_idempotent_and_need_one_subject(reviewing):
    round_, coordinator = reviewing
    bid = submitted_bid(round=round_)
    conflict_declare(
        actor=coordinator, bid=bid, voter_group="Skegness Lions", reason="Shared members"
    )
    conflict_declare(actor=coordinator, bid=bid, voter_group="Skegness Lions", reason="Again")
    assert ConflictDeclaration.objects.count() == 1
    with pytest.raises(DomainError):
        conflict_declare(actor=coordinator, bid=bid, reason="Nobody")
    queue = review_queue(user=coordinator, round=round_)
    assert [b.my_conflict for b in queue] == [False]


def test_balanced_order_is_seeded_and_spreads_strata():
    items = [BallotItem(i, "young" if i <= 6 else "streets") for i in range(1, 13)]
    first = balanced_order(items, "seed-1")
    assert first == balanced_order(list(reversed(items)), "seed-1")
    assert sorted(first) == list(range(1, 13))
    # Each half of the ballot holds half of each category.
    top = set(first[:6])
    assert len(top & set(range(1, 7))) == 3
    assert balanced_order(items, "seed-2") != first


def test_ballot_order_draw_stores_seed_and_positions(db):
    round_ = BidRoundFactory(phase=Phase.SHORTLISTING)
    fund(round_.pot, 1_000_000)
    young = category_create(actor=None, round=round_, name="Young people", budget_pence=300_000)
    bids = [
        submitted_bid(
            round=round_,
            status=BidStatus.SHORTLISTED,
            category=young if i % 2 else None,
            amount_requested_pence=10_000 * (i + 1),
        )
        for i in range(6)
    ]
    ballot_order_draw(actor=None, round=round_, seed="abc")
    round_.refresh_from_db()
    order = [
        b.pk for b in sorted(bids, key=lambda b: b.__class__.objects.get(pk=b.pk).ballot_position)
    ]
    assert round_.ballot_seed == "abc"
    ballot_order_draw(actor=None, round=round_, seed="abc", reason="Checking the draw repeats.")
    again = [
        b.pk for b in sorted(bids, key=lambda b: b.__class__.objects.get(pk=b.pk).ballot_position)
    ]
    assert order == again


def test_ballot_order_refused_once_voting_opens(db):
    round_ = BidRoundFactory(phase=Phase.VOTING)
    submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    with pytest.raises(DomainError):
        ballot_order_draw(actor=None, round=round_)


def test_shortlist_rechecks_eligibility(reviewing):
    round_, coordinator = reviewing
    bid = submitted_bid(round=round_, amount_requested_pence=900_000)
    diligence_done(bid)
    with pytest.raises(DomainError, match="up to"):
        bid_shortlist(actor=coordinator, bid=bid)


def test_review_queue_query_count_does_not_grow_with_bids(reviewing, django_assert_num_queries):
    round_, coordinator = reviewing
    for _ in range(5):
        diligence_done(submitted_bid(round=round_))
    with django_assert_num_queries(1):
        rows = list(review_queue(user=coordinator, round=round_))
        assert all(row.due_diligence.complete for row in rows)


def test_freezing_for_a_vote_locks_the_shortlist_and_refuses_bids_that_left_it(db):
    round_ = BidRoundFactory(phase=Phase.SHORTLISTING)
    coordinator = user_with_role("coordinator", area=round_.area)
    kept = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    gone = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    bid_withdraw(actor=gone.applicant, bid=gone)
    # A withdrawal that got in first is seen under the lock: nothing is frozen.
    with pytest.raises(DomainError, match="no longer on the shortlist"):
        bids_freeze_for_vote(actor=None, round=round_, bids=[kept, gone])
    kept.refresh_from_db()
    assert kept.frozen_for_vote_at is None
    with pytest.raises(DomainError, match="from this round"):
        bids_freeze_for_vote(
            actor=None, round=BidRoundFactory(phase=Phase.SHORTLISTING), bids=[kept]
        )

    assert bids_freeze_for_vote(actor=None, round=round_, bids=[kept]) == 1
    assert bids_freeze_for_vote(actor=None, round=round_, bids=[kept]) == 0
    kept.refresh_from_db()
    with pytest.raises(DomainError, match="can no longer be withdrawn"):
        bid_withdraw(actor=kept.applicant, bid=kept)
    with pytest.raises(DomainError, match="can no longer be turned down"):
        bid_reject(actor=coordinator, bid=kept, reason="Changed our minds.")
    with pytest.raises(DomainError, match="changes can no longer be asked for"):
        bid_request_changes(actor=coordinator, bid=kept, message="Cheaper, please.")
