"""The rules that protect children and stop a group from getting round the limits:
safeguarding as one definition, organisation records counted by the per-group limit, merging
duplicates, one empty draft at most, tidying never-touched drafts, and phone numbers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from budgeting.eligibility import bid_eligibility, check_eligibility
from budgeting.models import Bid, BidStatus, DBSChecks, Organisation, Phase
from budgeting.safeguarding import PUBLIC_RULE
from budgeting.selectors import review_queue
from budgeting.services import (
    bid_draft_save,
    bid_start,
    bid_submit,
    blank_drafts_tidy,
    organisation_merge,
)
from engagement.models import AuditEntry
from engagement.services import DomainError
from tests.factories import UserFactory, user_with_role

from .factories import BidFactory, BidRoundFactory, submitted_bid

GROUP = {
    "group_name": "Westholme Tenants and Residents Association",
    "group_type": "community",
    "group_constituted": True,
    "contact_name": "Jo",
    "contact_email": "jo@example.org",
}


def _unsafe(**kwargs) -> dict:
    values = {
        "works_with_children": True,
        "dbs_checks": DBSChecks.NONE,
        "has_safeguarding_policy": False,
    }
    values.update(kwargs)
    return values


def test_a_bid_with_children_needs_a_policy_and_named_dbs_checks(db):
    bid = BidFactory(**_unsafe())
    messages = [r.message for r in bid_eligibility(bid)]
    assert any("needs a safeguarding policy" in m for m in messages)
    assert any("say who holds DBS checks" in m for m in messages)
    with pytest.raises(DomainError, match="safeguarding policy"):
        bid_submit(actor=bid.applicant, bid=bid)
    assert Bid.objects.get(pk=bid.pk).status == BidStatus.DRAFT


@pytest.mark.parametrize(
    ("answers", "codes"),
    [
        (_unsafe(), {"safeguarding_policy", "safeguarding_dbs"}),
        (_unsafe(has_safeguarding_policy=True), {"safeguarding_dbs"}),
        (_unsafe(dbs_checks=DBSChecks.SOME), {"safeguarding_policy"}),
        (
            _unsafe(dbs_checks=DBSChecks.NOT_NEEDED, has_safeguarding_policy=True),
            {"safeguarding_dbs"},
        ),
        (_unsafe(dbs_checks=DBSChecks.ALL, has_safeguarding_policy=True), set()),
        (
            _unsafe(
                works_with_children=False,
                works_with_adults_at_risk=True,
                dbs_checks=DBSChecks.NONE,
                has_safeguarding_policy=True,
            ),
            {"safeguarding_dbs"},
        ),
        (_unsafe(works_with_children=False), set()),
    ],
)
def test_the_rule_and_the_queue_filter_agree(db, answers, codes):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    bid = submitted_bid(round=round_, **answers)
    found = {r.code for r in check_eligibility(round=round_, **answers)}
    assert found == codes
    coordinator = user_with_role("coordinator", area=round_.area)
    flagged = list(review_queue(user=coordinator, round=round_, not_safe=True))
    assert flagged == ([bid] if codes else [])
    row = review_queue(user=coordinator, round=round_).get(pk=bid.pk)
    assert row.not_safe is bool(codes)


def test_the_public_rule_names_both_parts(db):
    text = str(PUBLIC_RULE)
    assert "safeguarding policy" in text and "DBS checks" in text


def test_renaming_the_group_does_not_reset_the_per_group_count(db):
    round_ = BidRoundFactory(max_bids_per_group=2)
    jo = UserFactory()
    for n in range(2):
        bid = bid_start(actor=jo, round=round_)
        bid_draft_save(actor=jo, bid=bid, step=1, fields=GROUP)
        _complete(bid, title=f"Bid {n}")
        bid_submit(actor=jo, bid=bid)
    third = bid_start(actor=jo, round=round_)
    # The group's record carries over: the new bid starts with the group's answers.
    assert third.group_name == GROUP["group_name"]
    assert third.organisation_id == Bid.objects.filter(applicant=jo).first().organisation_id
    bid_draft_save(actor=jo, bid=third, step=1, fields={**GROUP, "group_name": "Westholme TRA"})
    _complete(third, title="Bid 3")
    with pytest.raises(DomainError, match="already has 2 bids"):
        bid_submit(actor=jo, bid=third)
    assert Organisation.objects.count() == 1
    assert Organisation.objects.get().name == "Westholme TRA"


def test_the_same_charity_number_is_the_same_group_across_people(db):
    round_ = BidRoundFactory(max_bids_per_group=1)
    first, second = UserFactory(), UserFactory()
    a = bid_start(actor=first, round=round_)
    bid_draft_save(actor=first, bid=a, step=1, fields={**GROUP, "charity_number": "1123456"})
    _complete(a)
    bid_submit(actor=first, bid=a)
    b = bid_start(actor=second, round=round_)
    bid_draft_save(
        actor=second,
        bid=b,
        step=1,
        fields={**GROUP, "group_name": "Another name", "charity_number": "1123 456"},
    )
    _complete(b)
    with pytest.raises(DomainError, match="already has 1 bid in this round"):
        bid_submit(actor=second, bid=b)


def test_coordinators_merge_duplicates_and_the_limit_then_counts_both(db):
    round_ = BidRoundFactory(max_bids_per_group=1)
    first, second = UserFactory(), UserFactory()
    a = bid_start(actor=first, round=round_)
    bid_draft_save(actor=first, bid=a, step=1, fields=GROUP)
    _complete(a)
    bid_submit(actor=first, bid=a)
    b = bid_start(actor=second, round=round_)
    bid_draft_save(actor=second, bid=b, step=1, fields={**GROUP, "group_name": "Westholme TRA"})
    _complete(b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.organisation_id != b.organisation_id
    coordinator = user_with_role("coordinator", area=round_.area)
    kept = organisation_merge(actor=coordinator, keep=a.organisation, duplicate=b.organisation)
    b.refresh_from_db()
    assert b.organisation_id == kept.pk
    assert Organisation.objects.current().count() == 1
    assert AuditEntry.objects.get(action="organisation.merge").data["bids_moved"] == 1
    with pytest.raises(DomainError, match="already has 1 bid"):
        bid_submit(actor=second, bid=b)
    with pytest.raises(DomainError, match="two different"):
        organisation_merge(actor=coordinator, keep=kept, duplicate=kept)


def test_start_a_bid_twice_gives_one_empty_draft(db):
    round_ = BidRoundFactory()
    jo = UserFactory()
    first = bid_start(actor=jo, round=round_)
    assert bid_start(actor=jo, round=round_) == first
    bid_draft_save(actor=jo, bid=first, step=1, fields=GROUP)
    assert bid_start(actor=jo, round=round_) != first
    assert Bid.objects.filter(applicant=jo).count() == 2


def test_blank_drafts_are_tidied_once_bids_close(db):
    round_ = BidRoundFactory()
    jo = UserFactory()
    blank = bid_start(actor=jo, round=round_)
    started = BidFactory(round=round_, applicant=UserFactory(), last_step=2)
    assert blank_drafts_tidy() == 0
    later = round_.submission_closes + dt.timedelta(minutes=1)
    assert blank_drafts_tidy(now=later) == 1
    assert blank_drafts_tidy(now=later) == 0
    assert not Bid.objects.filter(pk=blank.pk).exists()
    assert Bid.objects.filter(pk=started.pk).exists()


def test_phone_numbers_must_be_phone_numbers(db):
    bid = bid_start(actor=UserFactory(), round=BidRoundFactory())
    with pytest.raises(DomainError, match="UK phone number"):
        bid_draft_save(
            actor=bid.applicant, bid=bid, step=1, fields={"contact_phone": "not a phone!!"}
        )
    bid_draft_save(actor=bid.applicant, bid=bid, step=1, fields={"contact_phone": "01522555000"})
    bid.refresh_from_db()
    assert bid.contact_phone == "01522 555000"


def test_emails_must_be_emails(db):
    bid = bid_start(actor=UserFactory(), round=BidRoundFactory())
    with pytest.raises(ValidationError, match="valid email"):
        bid_draft_save(
            actor=bid.applicant, bid=bid, step=1, fields={"contact_email": "not-an-email"}
        )


def _complete(bid: Bid, **extra) -> None:
    """Fill the rest of a bid as the factory would, without touching the group answers."""
    values = {
        "title": "Safer park lighting",
        "summary": "Solar lights on the path.",
        "description": "Six solar lights.",
        "beneficiaries": "Walkers.",
        "beneficiaries_count": 100,
        "location": "Tower Gardens",
        "postcode": "PE25 3SA",
        "amount_requested_pence": 120_000,
        "works_with_children": False,
        "works_with_adults_at_risk": False,
        "last_step": 5,
    }
    values.update(extra)
    Bid.objects.filter(pk=bid.pk).update(**values)
    bid.refresh_from_db()
    bid.cost_lines.create(item="Lights", amount_pence=120_000)
