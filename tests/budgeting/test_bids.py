"""The group's side: drafts, eligibility, submit, withdraw, messages."""

import pytest

from budgeting.eligibility import check_eligibility, group_key_for
from budgeting.models import Bid, BidMessage, BidStatus, GroupType, Phase
from budgeting.services import (
    bid_draft_save,
    bid_message_send,
    bid_problems,
    bid_start,
    bid_submit,
    bid_withdraw,
)
from engagement.models import AuditEntry
from engagement.services import DomainError
from tests.factories import UserFactory

from .factories import BidFactory, BidRoundFactory, PriorityFactory, set_phase


def test_start_prefills_contact_and_only_when_open(db):
    round_ = BidRoundFactory()
    user = UserFactory(name="Rita Resident")
    bid = bid_start(actor=user, round=round_)
    assert (bid.status, bid.contact_name, bid.contact_email) == (
        "draft",
        "Rita Resident",
        user.email,
    )
    set_phase(round_, Phase.REVIEW)
    with pytest.raises(DomainError, match="not taking bids"):
        bid_start(actor=user, round=round_)


def test_draft_save_keeps_partial_answers_and_derives_group_key(db):
    bid = BidFactory(group_name="", title="")
    bid_draft_save(
        actor=bid.applicant,
        bid=bid,
        step=1,
        fields={
            "group_name": "The Friends of Tower Gardens",
            "group_type": GroupType.COMMUNITY_GROUP,
        },
    )
    bid.refresh_from_db()
    assert bid.group_name == "The Friends of Tower Gardens"
    assert bid.group_key == "name:friends-of-tower-gardens"
    assert bid.last_step == 1


def test_html_in_text_is_rejected_and_nothing_stored(db):
    bid = BidFactory(title="Safe title")
    with pytest.raises(DomainError) as info:
        bid_draft_save(
            actor=bid.applicant,
            bid=bid,
            step=2,
            fields={"title": "<script>alert(1)</script>Lights", "summary": "fine"},
        )
    assert "title" in info.value.message_dict
    assert "HTML" in info.value.message_dict["title"][0]
    bid.refresh_from_db()
    assert bid.title == "Safe title"
    assert bid.summary != "fine"


def test_only_the_applicant_can_save_and_only_the_steps_fields(db):
    bid = BidFactory()
    with pytest.raises(DomainError):
        bid_draft_save(actor=UserFactory(), bid=bid, step=2, fields={"title": "Mine now"})
    with pytest.raises(DomainError, match="Unexpected"):
        bid_draft_save(actor=bid.applicant, bid=bid, step=2, fields={"status": "funded"})


def test_cost_lines_replace_and_priorities_must_be_the_rounds(db):
    bid = BidFactory()
    mine = PriorityFactory(round=bid.round)
    other = PriorityFactory()
    bid_draft_save(
        actor=bid.applicant,
        bid=bid,
        step=3,
        fields={"amount_requested_pence": 50_000},
        cost_lines=[("Lights", 30_000), ("Fitting", 20_000)],
    )
    assert [line.item for line in bid.cost_lines.all()] == ["Lights", "Fitting"]
    with pytest.raises(DomainError):
        bid_draft_save(actor=bid.applicant, bid=bid, step=4, fields={}, priorities=[other])
    bid_draft_save(actor=bid.applicant, bid=bid, step=4, fields={}, priorities=[mine])
    assert list(bid.priorities.all()) == [mine]


def test_eligibility_reasons_in_words(db):
    round_ = BidRoundFactory(
        max_amount_pence=250_000,
        eligible_group_types=[GroupType.COMMUNITY_GROUP, GroupType.CHARITY],
        require_constituted=True,
    )
    reasons = check_eligibility(
        round=round_,
        amount_pence=300_000,
        group_type=GroupType.SPORTS,
        group_constituted=False,
        postcode="NG34 7AA",
        other_bids_from_group=1,
    )
    text = " ".join(r.message for r in reasons)
    assert "up to £2,500" in text and "you asked for £3,000" in text
    assert "sports club cannot bid" in text
    assert "constitution" in text
    assert "NG34 7AA is outside" in text
    assert "already has 1 bid" in text
    assert check_eligibility(round=round_, amount_pence=100_000, postcode="PE25 3SA") == []


def test_group_key_prefers_registered_numbers():
    assert group_key_for(name="X", charity_number="11 2233") == "charity:112233"
    assert group_key_for(name="Skegness Lions") == group_key_for(name="the skegness lions")


def test_submit_numbers_audits_and_refuses_incomplete(db):
    bid = BidFactory(summary="")
    with pytest.raises(DomainError, match="summary"):
        bid_submit(actor=bid.applicant, bid=bid)
    bid.summary = "Lights"
    bid.save()
    bid = bid_submit(actor=bid.applicant, bid=bid)
    assert (bid.status, bid.number) == (BidStatus.SUBMITTED, 1)
    assert AuditEntry.objects.filter(action="bid.submit", object_id=str(bid.pk)).exists()


def test_submit_checks_cost_breakdown_adds_up(db):
    bid = BidFactory(amount_requested_pence=100_000, costs=False)
    bid.cost_lines.create(item="Lights", amount_pence=90_000)
    problems = [message for _step, message in bid_problems(bid)]
    assert "adds up to £900 but you are asking for £1,000" in " ".join(problems)


def test_submit_refuses_ineligible_bid_with_reason(db):
    bid = BidFactory(amount_requested_pence=900_000)
    with pytest.raises(DomainError, match="up to £2,500"):
        bid_submit(actor=bid.applicant, bid=bid)
    assert Bid.objects.get(pk=bid.pk).status == BidStatus.DRAFT


def test_one_bid_per_group(db):
    round_ = BidRoundFactory()
    first = BidFactory(round=round_, group_name="Skegness Lions", group_key="name:skegness-lions")
    second = BidFactory(round=round_, group_name="Skegness Lions", group_key="name:skegness-lions")
    bid_submit(actor=first.applicant, bid=first)
    with pytest.raises(DomainError, match="already has 1 bid"):
        bid_submit(actor=second.applicant, bid=second)


def test_unverified_email_cannot_submit(db):
    bid = BidFactory(applicant=UserFactory(verified=False))
    with pytest.raises(DomainError, match="Confirm your email"):
        bid_submit(actor=bid.applicant, bid=bid)


def test_cannot_edit_after_submitting_or_after_round_closes(db):
    bid = BidFactory()
    bid_submit(actor=bid.applicant, bid=bid)
    with pytest.raises(DomainError, match="can no longer be changed"):
        bid_draft_save(actor=bid.applicant, bid=bid, step=2, fields={"title": "New"})
    draft = BidFactory()
    set_phase(draft.round, Phase.REVIEW)
    with pytest.raises(DomainError, match="not taking bids"):
        bid_draft_save(actor=draft.applicant, bid=draft, step=2, fields={"title": "New"})


def test_withdraw_before_voting_only(db):
    bid = BidFactory()
    bid_submit(actor=bid.applicant, bid=bid)
    bid_withdraw(actor=bid.applicant, bid=bid, reason="We found other money.")
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN
    assert bid.messages.get().from_group
    late = BidFactory()
    bid_submit(actor=late.applicant, bid=late)
    set_phase(late.round, Phase.VOTING)
    with pytest.raises(DomainError, match="Voting has started"):
        bid_withdraw(actor=late.applicant, bid=late)


def test_messages_from_group_and_internal_notes(db):
    bid = BidFactory()
    coordinator = UserFactory()
    note = bid_message_send(actor=coordinator, bid=bid, body="Check their bank", internal=True)
    reply = bid_message_send(actor=bid.applicant, bid=bid, body="Thanks!")
    assert (note.visible_to_group, reply.from_group) == (False, True)
    with pytest.raises(DomainError):
        bid_message_send(actor=bid.applicant, bid=bid, body="<b>hi</b>")
    assert BidMessage.objects.count() == 2


def test_personal_data_export_and_erase(db):
    from engagement.services import user_erase, user_export

    bid = BidFactory(contact_phone="01754 000000")
    bid_submit(actor=bid.applicant, bid=bid)
    draft = BidFactory(applicant=bid.applicant)
    exported = user_export(user=bid.applicant)["budgeting"]
    assert {b["title"] for b in exported["bids"]} == {bid.title, draft.title}
    user_erase(user=bid.applicant)
    bid.refresh_from_db()
    assert (bid.applicant_id, bid.contact_email, bid.contact_phone) == (None, "", "")
    assert not Bid.objects.filter(pk=draft.pk).exists()
