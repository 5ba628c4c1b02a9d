"""Money: contributions, awards, categories, and a pot that can never be overspent."""

import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import F

from budgeting.models import Award, BidStatus, FundingPot, LeftoverRule, Phase, Project
from budgeting.services import (
    award_create,
    award_revoke,
    category_create,
    category_leftovers_move,
    contribution_add,
    contribution_update,
    plan_leftover_moves,
)
from engagement.models import AuditEntry
from engagement.services import DomainError

from .conftest import fund
from .factories import BidRoundFactory, submitted_bid


def counting_round(pledged=100_000):
    round_ = BidRoundFactory(phase=Phase.COUNTING)
    fund(round_.pot, pledged)
    return round_


def test_contributions_update_pot_totals_and_audit(db):
    round_ = BidRoundFactory()
    pot = round_.pot
    c = contribution_add(
        actor=None,
        pot=pot,
        source="council",
        funder_name="East Lindsey DC",
        pledged_pence=500_000,
        received_pence=100_000,
    )
    fund(pot, 200_000)
    pot.refresh_from_db()
    assert (pot.pledged_pence, pot.received_pence) == (700_000, 300_000)
    assert pot.left_to_raise_pence == 3_000_000 - 700_000
    contribution_update(actor=None, contribution=c, pledged_pence=500_000, received_pence=500_000)
    pot.refresh_from_db()
    assert pot.received_pence == 700_000
    assert AuditEntry.objects.filter(action__startswith="pot.contribution").count() == 3


def test_received_more_than_pledged_is_refused_and_nothing_stored(db):
    pot = BidRoundFactory().pot
    with pytest.raises(DomainError):
        contribution_add(
            actor=None,
            pot=pot,
            source="pcc",
            funder_name="PCC",
            pledged_pence=100,
            received_pence=200,
        )
    assert pot.contributions.count() == 0


def test_award_funds_bid_creates_project_and_audits(db):
    round_ = counting_round()
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=60_000)
    award = award_create(actor=None, bid=bid)
    round_.pot.refresh_from_db()
    bid.refresh_from_db()
    assert award.amount_pence == 60_000
    assert round_.pot.awarded_pence == 60_000
    assert round_.pot.left_to_award_pence == 40_000
    assert bid.status == BidStatus.FUNDED
    assert Project.objects.get(bid=bid).next_update_due is not None
    entry = AuditEntry.objects.get(action="award.create")
    assert entry.data["left_after"] == 40_000


def test_award_more_than_left_is_refused_with_amount_left(db):
    round_ = counting_round(100_000)
    first = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=70_000)
    second = submitted_bid(
        round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=40_000
    )
    award_create(actor=None, bid=first)
    with pytest.raises(DomainError, match="£300 left"):
        award_create(actor=None, bid=second)
    assert Award.objects.count() == 1


def test_award_only_after_voting_and_only_shortlisted(db):
    round_ = BidRoundFactory(phase=Phase.VOTING)
    fund(round_.pot, 100_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    with pytest.raises(DomainError, match="after voting"):
        award_create(actor=None, bid=bid)
    other = submitted_bid(round=counting_round())
    with pytest.raises(DomainError, match="shortlisted"):
        award_create(actor=None, bid=other)


@pytest.mark.parametrize("amount", [0, -5])
def test_award_of_nothing_or_negative_is_refused(db, amount):
    round_ = counting_round()
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    with pytest.raises(DomainError):
        award_create(actor=None, bid=bid, amount_pence=amount)


def test_revoke_frees_money_and_reducing_pledge_below_awarded_is_refused(db):
    round_ = counting_round(100_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=80_000)
    award = award_create(actor=None, bid=bid)
    contribution = round_.pot.contributions.get()
    with pytest.raises(DomainError, match="less than"):
        contribution_update(
            actor=None, contribution=contribution, pledged_pence=50_000, received_pence=0
        )
    award_revoke(actor=None, award=award, reason="The group folded.")
    round_.pot.refresh_from_db()
    assert round_.pot.awarded_pence == 0
    assert Project.objects.get(bid=bid).status == Project.Status.CANCELLED


def test_database_refuses_an_overspent_pot_even_without_the_service(db):
    pot = counting_round(100_000).pot
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingPot.objects.filter(pk=pot.pk).update(awarded_pence=F("pledged_pence") + 1)


def _race(targets):
    """Run each callable in its own thread and connection, released at the same moment."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(index, target):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", target())
        except Exception as exc:  # noqa: BLE001 - recorded for the assertions
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_awarding_the_last_money_at_once_cannot_overspend():
    round_ = counting_round(100_000)
    bids = [
        submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=80_000)
        for _ in range(2)
    ]
    results = _race([lambda b=b: award_create(actor=None, bid=b) for b in bids])
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, DomainError)
    assert "£200 left" in error.messages[0]
    pot = FundingPot.objects.get(pk=round_.pot_id)
    assert pot.awarded_pence == 80_000
    assert Award.objects.active().count() == 1


@pytest.mark.django_db(transaction=True)
def test_database_guard_alone_stops_a_concurrent_overspend():
    """Writers that skip the lock (a bug) still cannot overspend: the CheckConstraint refuses."""
    pot = counting_round(100_000).pot

    def unlocked_spend():
        with transaction.atomic():
            FundingPot.objects.filter(pk=pot.pk).update(awarded_pence=F("awarded_pence") + 80_000)

    results = _race([unlocked_spend, unlocked_spend])
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"]
    assert isinstance(next(v for k, v in results if k == "error"), IntegrityError)
    assert FundingPot.objects.get(pk=pot.pk).awarded_pence == 80_000


def test_categories_limit_awards_and_cannot_exceed_pot(db):
    round_ = counting_round(100_000)
    young = category_create(actor=None, round=round_, name="Young people", budget_pence=50_000)
    with pytest.raises(DomainError, match="add up"):
        category_create(actor=None, round=round_, name="Streets", budget_pence=3_000_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=60_000)
    with pytest.raises(DomainError, match="Young people"):
        award_create(actor=None, bid=bid, category=young)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (LeftoverRule.RETURN_TO_POT, {1: (0, 300), 2: (0, 0), 3: (0, 100)}),
        (LeftoverRule.NEXT_CATEGORY, {1: (0, 300), 2: (300, 0), 3: (0, 100)}),
        (LeftoverRule.SHARE_EVENLY, {1: (50, 300), 2: (200, 0), 3: (150, 100)}),
    ],
)
def test_leftover_rules(rule, expected):
    assert plan_leftover_moves([(1, 300), (2, 0), (3, 100)], rule) == expected


def test_leftovers_move_once(db):
    round_ = counting_round(100_000)
    round_.leftover_rule = LeftoverRule.NEXT_CATEGORY
    round_.save()
    a = category_create(actor=None, round=round_, name="A", budget_pence=30_000, order=1)
    b = category_create(actor=None, round=round_, name="B", budget_pence=20_000, order=2)
    category_leftovers_move(actor=None, round=round_)
    a.refresh_from_db()
    b.refresh_from_db()
    # A's leftover is now B's to award; B's own leftover (the last category) went back to the pot.
    assert (a.left_pence, b.left_pence) == (0, 30_000)
    assert (b.transfer_in_pence, b.transfer_out_pence) == (30_000, 20_000)
    with pytest.raises(DomainError):
        category_leftovers_move(actor=None, round=round_)
