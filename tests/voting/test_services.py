"""Voting services on real PostgreSQL: codes, casting, refusals, paper keying, count, results."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from budgeting.models import Award, BidStatus
from budgeting.services import conflict_declare
from pbtally import Ballot as EngineBallot
from pbtally import Election, tally
from tests.budgeting.conftest import fund
from tests.factories import UserFactory
from voting import digests as codelib
from voting.models import Ballot, PaperBallot, PBVote, VotingCode
from voting.selectors.votes import vote_live, vote_register, vote_results
from voting.services import (
    BallotRejected,
    ballot_cast,
    code_issue,
    codes_generate,
    paper_entry_add,
    paper_resolve,
    result_change_propose,
    result_proposal_approve,
    vote_close,
    vote_tally,
)
from voting.services.ballots import receipt_is_counted

from .voting_helpers import confirm_results, coordinators, issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


def test_codes_are_65_bits_typeable_and_forgiving():
    code = codelib.new_code()
    assert len(code) == 13 and set(code) <= set(codelib.ALPHABET)
    assert not set("ILOU") & set(codelib.ALPHABET)
    assert len(codelib.ALPHABET) ** codelib.CODE_LENGTH >= 2**65
    shown = codelib.grouped(code)
    assert shown.count("-") == 2
    assert codelib.normalise(shown.lower().replace("-", " ")) == code
    assert codelib.normalise("O1IL" + code[4:]) == "0111" + code[4:]
    assert codelib.normalise("too short") is None


def test_only_digests_are_stored():
    vote = make_vote()
    plain = codes_generate(vote=vote, count=5)
    stored = list(VotingCode.objects.filter(vote=vote).values_list("digest", flat=True))
    assert len(stored) == 5
    assert not any(code in digest for code in plain for digest in stored)
    key_ = codelib.vote_key(vote.salt)
    assert sorted(codelib.code_digest(key_, c) for c in plain) == sorted(stored)
    # The ballot digest differs from the code digest: code rows cannot be joined to ballots.
    assert codelib.ballot_digest(key_, plain[0]) not in stored


def test_cast_gives_receipt_and_retry_gives_the_same_one():
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    k = key()
    first = ballot_cast(vote=vote, code=code, choices=[0, 2], points=None, idempotency_key=k)
    again = ballot_cast(
        vote=vote,
        code=codelib.grouped(code).lower(),
        choices=[0, 2],
        points=None,
        idempotency_key=k,
    )
    assert first.receipt == again.receipt and again.repeated and not first.repeated
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert receipt_is_counted(vote=vote, receipt=first.receipt)
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.choices == "0,2" and ballot.points == ""


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"idempotency_key": "new"}, "used"),
        ({"choices": [1]}, "replayed"),
    ],
)
def test_a_used_code_is_refused(change, reason):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    k = key()
    ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=k)
    args = {"vote": vote, "code": code, "choices": [0], "points": None, "idempotency_key": k}
    args.update(change)
    if args["idempotency_key"] == "new":
        args["idempotency_key"] = key()
    with pytest.raises(BallotRejected) as caught:
        ballot_cast(**args)
    assert caught.value.reason == reason
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_refusals_store_nothing():
    vote = make_vote(params={"max_choices": 2})
    codes = issued_codes(vote, 2)
    printed = codes_generate(vote=vote, count=1)[0]
    cases = [
        ({"code": "NOT A CODE"}, "malformed"),
        ({"code": codelib.new_code()}, "unknown"),
        ({"code": printed}, "not_issued"),
        ({"choices": [0, 1, 2]}, "rules"),
        ({"choices": [0, 0]}, "rules"),
        ({"choices": [99]}, "forged"),
        ({"choices": [0], "points": [5]}, "forged"),
        ({"idempotency_key": "<script>"}, "forged"),
    ]
    for change, reason in cases:
        args = {"vote": vote, "code": codes[0], "choices": [1], "points": None}
        args["idempotency_key"] = key()
        args.update(change)
        with pytest.raises(BallotRejected) as caught:
            ballot_cast(**args)
        assert caught.value.reason == reason, change
        assert str(caught.value.messages[0])
    assert not Ballot.objects.filter(vote=vote).exists()


def test_closed_vote_refuses_ballots():
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    vote_close(actor=None, vote=vote)
    vote.refresh_from_db()
    with pytest.raises(BallotRejected) as caught:
        ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=key())
    assert caught.value.reason == "closed"
    assert not Ballot.objects.exists()


def test_applicants_cannot_score_their_own_bid():
    vote = make_vote(ballot_type="scoring", params={"min_score": 0, "max_score": 5})
    option = vote.options.get(position=1)
    conflict_declare(actor=None, bid=option.bid, reason="Applicant", voter_group="Lions")
    (code,) = issued_codes(vote, 1, group="Lions")
    with pytest.raises(BallotRejected) as caught:
        ballot_cast(
            vote=vote, code=code, choices=[0, 1, 2, 3], points=[5, 5, 1, 0], idempotency_key=key()
        )
    assert caught.value.reason == "conflict"
    # Every other bid must be scored, but not the conflicted one.
    ballot_cast(vote=vote, code=code, choices=[0, 2, 3], points=[5, 1, 0], idempotency_key=key())


def test_score_ballots_must_score_every_bid_in_range():
    vote = make_vote(ballot_type="scoring")
    codes = issued_codes(vote, 2)
    with pytest.raises(BallotRejected, match="every bid"):
        ballot_cast(vote=vote, code=codes[0], choices=[0], points=[3], idempotency_key=key())
    with pytest.raises(BallotRejected, match="0 to 5"):
        ballot_cast(
            vote=vote,
            code=codes[0],
            choices=[0, 1, 2, 3],
            points=[9, 1, 1, 1],
            idempotency_key=key(),
        )
    ballot_cast(
        vote=vote, code=codes[1], choices=[0, 1, 2, 3], points=[5, 1, 0, 2], idempotency_key=key()
    )


def test_paper_ballots_count_only_when_two_volunteers_agree():
    vote = make_vote()
    anna, ben, chris, boss = UserFactory.create_batch(4)
    c1, c2, c4 = issued_codes(vote, 3)
    first = paper_entry_add(actor=anna, vote=vote, number=1, card=c1, choices=[0, 1])
    assert first.state == "awaiting"
    with pytest.raises(ValidationError, match="different volunteer"):
        paper_entry_add(actor=anna, vote=vote, number=1, card=c1, choices=[0, 1])
    assert (
        paper_entry_add(actor=ben, vote=vote, number=1, card=c1, choices=[0, 1]).state == "counted"
    )
    with pytest.raises(ValidationError, match="already been dealt with"):
        paper_entry_add(actor=chris, vote=vote, number=1, card=c1, choices=[0, 1])

    paper_entry_add(actor=anna, vote=vote, number=2, card=c2, choices=[2])
    disputed = paper_entry_add(actor=ben, vote=vote, number=2, card=c2, choices=[3])
    assert disputed.state == "disputed"
    assert Ballot.objects.filter(vote=vote, source="paper").count() == 1
    with pytest.raises(ValidationError, match="second keying or a supervisor"):
        vote_close(actor=None, vote=vote)
    resolved = paper_resolve(actor=boss, paper=disputed.paper, card=c2, choices=[2])
    assert resolved.state == "counted"

    # A spoilt paper needs no card.
    paper_entry_add(actor=anna, vote=vote, number=3, spoilt=True, spoilt_reason="Two crosses")
    with pytest.raises(ValidationError):
        paper_entry_add(actor=ben, vote=vote, number=3, spoilt=True)  # no reason
    assert (
        paper_entry_add(actor=ben, vote=vote, number=3, spoilt=True, spoilt_reason="Unclear").state
        == "spoilt"
    )
    # A rule-breaking paper keying is refused and stores nothing.
    with pytest.raises(BallotRejected):
        paper_entry_add(actor=anna, vote=vote, number=4, card=c4, choices=[7])
    assert not PaperBallot.objects.filter(vote=vote, number=4).exists()

    register = vote_register(vote=vote)
    assert (register.paper_counted, register.paper_spoilt, register.paper_disputed) == (2, 1, 0)
    # The two cards on counted papers are used: one card is left unused.
    assert register.codes_unused == 1


def test_close_count_results_override_and_awards():
    vote = make_vote(budget_pence=200_000)
    fund(vote.round.pot, 500_000)
    codes = issued_codes(vote, 4)
    for code, choices in zip(codes, [[0, 1], [0], [1, 2], [2]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    live = vote_live(vote=vote)
    assert live["ballots"] == 4 and "selected" not in live
    assert vote_results(vote=vote) is None

    vote_close(actor=None, vote=vote)
    record = vote_tally(vote_id=vote.pk)
    again = vote_tally(vote_id=vote.pk)
    assert again.pk == record.pk
    ids = list(vote.options.order_by("position").values_list("project_id", flat=True))
    # greedy on support 2,2,2,0: ties by supporters then lower cost → 2 (60k), 1 (80k); 0 (120k)
    # no longer fits in what is left (60k), 3 (50k, no support) still does.
    assert record.selected == [ids[2], ids[1], ids[3]]
    assert record.spent_pence == 190_000
    assert record.ballots_counted == 4
    vote.refresh_from_db()
    assert vote.tally_state == PBVote.TallyState.DONE

    # The same inputs through the engine directly give the same checksum and answer.
    projects = [(o.project_id, o.cost_pence // 100) for o in vote.options.order_by("position")]
    from pbtally import Project

    election = Election.from_ballots(
        [Project(p, c) for p, c in projects],
        [EngineBallot(tuple(ids[i] for i in b)) for b in [[0, 1], [0], [1, 2], [2]]],
        2000,
    )
    direct = tally(election, "greedy")
    assert direct.checksum == record.checksum and list(direct.selected) == record.selected

    coordinator, second = coordinators(vote)
    with pytest.raises(ValidationError, match="reason"):
        result_change_propose(actor=coordinator, vote=vote, selected=[ids[0]], reason=" ")
    with pytest.raises(ValidationError, match="more than"):
        result_change_propose(actor=coordinator, vote=vote, selected=ids, reason="All of them")
    proposal = result_change_propose(
        actor=coordinator, vote=vote, selected=[ids[0], ids[2]], reason="Bid 2 withdrew"
    )
    # Nothing changes until a second coordinator approves.
    assert vote_results(vote=vote)["override"] is None
    result_proposal_approve(actor=second, proposal=proposal)
    results = vote_results(vote=vote)
    assert [o.project_id for o in results["funded"]] == [ids[0], ids[2]]
    assert results["override"].reason == "Bid 2 withdrew"
    assert results["left_pence"] == 20_000
    assert results["explanation"]

    confirm_results(vote, coordinator, second)
    vote.refresh_from_db()
    assert vote.results_confirmed_at is not None
    assert Award.objects.filter(bid__round=vote.round).count() == 2
    statuses = dict(vote.options.values_list("position", "bid__status"))
    assert statuses == {
        0: BidStatus.FUNDED,
        1: BidStatus.NOT_FUNDED,
        2: BidStatus.FUNDED,
        3: BidStatus.NOT_FUNDED,
    }


def test_issuing_a_card_needs_a_declaration_and_happens_once():
    vote = make_vote()
    (code,) = codes_generate(vote=vote, count=1)
    with pytest.raises(ValidationError, match="declares"):
        code_issue(actor=None, vote=vote, code=code, eligible=False)
    code_issue(actor=None, vote=vote, code=code, eligible=True)
    with pytest.raises(ValidationError, match="already been handed out"):
        code_issue(actor=None, vote=vote, code=code, eligible=True)
    register = vote_register(vote=vote)
    assert (register.codes_printed, register.codes_issued, register.codes_unused) == (1, 1, 1)


def test_tasks_run_twice_change_nothing_more():
    import datetime as dt

    from django.utils import timezone

    from voting.models import TallyRecord
    from voting.tasks import vote_tally_task, votes_sweep_task

    due = make_vote(open_now=False, opens_at=timezone.now() - dt.timedelta(minutes=5))
    assert due.status == PBVote.Status.SCHEDULED and due.is_open()
    assert votes_sweep_task.apply().get()["opened"] == 1
    assert votes_sweep_task.apply().get()["opened"] == 0
    vote = make_vote()
    vote_close(actor=None, vote=vote)
    first = vote_tally_task.apply(args=[vote.pk]).get()
    assert vote_tally_task.apply(args=[vote.pk]).get() == first
    assert TallyRecord.objects.filter(vote=vote).count() == 1
