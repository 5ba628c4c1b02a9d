"""Results: provisional, then confirmed by two people, then published; conflicts of interest
refused at every step; the groups told what really happened; confirming all or nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from budgeting.models import Award, Bid, BidEmail, BidStatus
from budgeting.services import award_create, conflict_declare
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.factories import user_with_role
from tests.outbox import run_outbox_tasks
from voting.models import PBVote, ResultProposal
from voting.selectors.votes import results_visibility, vote_results
from voting.services import (
    ballot_cast,
    result_change_propose,
    result_proposal_approve,
    result_proposal_reject,
    results_confirm_propose,
    vote_announce_provisional,
    vote_close,
    vote_count_again,
    vote_tally,
)

from .voting_helpers import confirm_results, coordinators, issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


def counted_vote(**kwargs) -> PBVote:
    """Approval, greedy, £2,000: the count funds bids 0 (£1,200) and 1 (£800)."""
    vote = make_vote(**kwargs)
    for code, choices in zip(issued_codes(vote, 3), [[0, 1], [0], [1]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    vote.refresh_from_db()
    return vote


def ids(vote) -> list[str]:
    return list(vote.options.order_by("position").values_list("project_id", flat=True))


def bid_at(vote, position: int) -> Bid:
    return vote.options.get(position=position).bid


def test_results_are_provisional_until_confirmed():
    vote = counted_vote()
    resident = user_with_role(None)
    coordinator, second = coordinators(vote)
    pcc = user_with_role("pcc_office", area=vote.area)
    assert results_visibility(vote=vote, user=resident) == "checking"
    assert results_visibility(vote=vote, user=coordinator) == "provisional"
    assert results_visibility(vote=vote, user=pcc) == "provisional"
    vote_announce_provisional(actor=coordinator, vote=vote, announce=True)
    vote.refresh_from_db()
    assert results_visibility(vote=vote, user=resident) == "provisional"
    confirm_results(vote, coordinator, second)
    vote.refresh_from_db()
    assert results_visibility(vote=vote, user=resident) == "confirmed"


def test_a_change_needs_a_second_coordinator_and_stays_on_the_history():
    vote = counted_vote()
    first, second = coordinators(vote)
    with pytest.raises(ValidationError, match="HTML"):
        result_change_propose(
            actor=first, vote=vote, selected=[ids(vote)[2]], reason="<b>withdrew</b>"
        )
    proposal = result_change_propose(
        actor=first, vote=vote, selected=[ids(vote)[0], ids(vote)[2]], reason="Bid 2 withdrew."
    )
    assert vote_results(vote=vote)["override"] is None  # nothing changes yet
    with pytest.raises(ValidationError, match="already waiting"):
        result_change_propose(actor=second, vote=vote, selected=[ids(vote)[0]], reason="Other")
    with pytest.raises(ValidationError, match="You proposed this"):
        result_proposal_approve(actor=first, proposal=proposal)
    outsider = user_with_role("coordinator")  # another programme
    with pytest.raises(ValidationError, match="Only another coordinator"):
        result_proposal_approve(actor=outsider, proposal=proposal)

    result_proposal_approve(actor=second, proposal=proposal)

    results = vote_results(vote=vote)
    assert [o.project_id for o in results["funded"]] == [ids(vote)[0], ids(vote)[2]]
    (row,) = results["history"]
    assert (row["proposal"].made_by, row["proposal"].decided_by) == (first, second)
    assert row["removed"] == [vote.options.get(position=1).title]
    assert row["added"] == [vote.options.get(position=2).title]

    # A second change is proposed and rejected: the first still stands, both are listed.
    again = result_change_propose(
        actor=second, vote=vote, selected=[ids(vote)[1]], reason="Second thoughts."
    )
    with pytest.raises(ValidationError, match="reason"):
        result_proposal_reject(actor=first, proposal=again, reason="")
    result_proposal_reject(actor=first, proposal=again, reason="Bid 2 really withdrew.")
    results = vote_results(vote=vote)
    assert [o.project_id for o in results["funded"]] == [ids(vote)[0], ids(vote)[2]]
    assert [r["proposal"].state for r in results["history"]] == ["rejected", "approved"]


def test_the_database_refuses_anyone_approving_their_own_proposal():
    vote = counted_vote()
    first, _second = coordinators(vote)
    proposal = result_change_propose(
        actor=first, vote=vote, selected=[ids(vote)[0]], reason="Bid 1 withdrew."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultProposal.objects.filter(pk=proposal.pk).update(
            state="approved", decided_by=first, decided_at=timezone.now()
        )


def test_a_conflicted_coordinator_is_refused_at_every_step():
    vote = counted_vote()
    conflicted, other, third = coordinators(vote, 3)
    boxing = bid_at(vote, 2)  # not chosen by the count
    conflict_declare(
        actor=conflicted, bid=boxing, reason="I coach at the boxing club", reviewer=conflicted
    )
    named = f"“{boxing.title}”"

    with pytest.raises(ValidationError, match=f"conflict of interest with {named}.*propose"):
        result_change_propose(
            actor=conflicted, vote=vote, selected=[ids(vote)[1], ids(vote)[2]], reason="Fund it"
        )
    with pytest.raises(ValidationError, match="may not confirm"):
        results_confirm_propose(actor=conflicted, vote=vote)
    with pytest.raises(ValidationError, match="may not ask for the count again"):
        vote_count_again(actor=conflicted, vote=vote)

    change = result_change_propose(
        actor=other, vote=vote, selected=[ids(vote)[0], ids(vote)[2]], reason="Boxing withdrew."
    )
    with pytest.raises(ValidationError, match="may not approve"):
        result_proposal_approve(actor=conflicted, proposal=change)
    with pytest.raises(ValidationError, match="may not reject"):
        result_proposal_reject(actor=conflicted, proposal=change, reason="No")
    result_proposal_approve(actor=third, proposal=change)

    confirm = results_confirm_propose(actor=other, vote=vote)
    with pytest.raises(ValidationError, match="may not approve"):
        result_proposal_approve(actor=conflicted, proposal=confirm)
    assert not Award.objects.filter(bid__round=vote.round).exists()
    result_proposal_approve(actor=third, proposal=confirm)
    assert Award.objects.filter(bid__round=vote.round).count() == 2


def test_a_change_not_touching_the_conflicted_bid_is_allowed():
    vote = counted_vote()
    conflicted, other = coordinators(vote)
    conflict_declare(actor=conflicted, bid=bid_at(vote, 3), reason="My club", reviewer=conflicted)
    proposal = result_change_propose(
        actor=conflicted, vote=vote, selected=[ids(vote)[0]], reason="Bid 2 withdrew."
    )
    result_proposal_approve(actor=other, proposal=proposal)


def test_the_second_approver_of_a_single_coordinator_programme_can_approve():
    vote = counted_vote()
    (only,) = coordinators(vote, 1)
    office = user_with_role(None)
    stranger = user_with_role(None)
    programme = vote.area.programme
    programme.results_second_approver = office
    programme.save()
    vote.refresh_from_db()
    proposal = results_confirm_propose(actor=only, vote=vote)
    assert office.has_perm("voting.decide_result", vote)
    assert not stranger.has_perm("voting.decide_result", vote)
    with pytest.raises(ValidationError, match="Only another coordinator"):
        result_proposal_approve(actor=stranger, proposal=proposal)
    with pytest.raises(ValidationError, match="Only a coordinator"):
        results_confirm_propose(actor=office, vote=vote)
    result_proposal_approve(actor=office, proposal=proposal)
    vote.refresh_from_db()
    assert vote.results_confirmed_at is not None


def test_the_groups_are_told_what_really_happened():
    vote = counted_vote()
    first, second = coordinators(vote)
    for position, email in enumerate(
        ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]
    ):
        Bid.objects.filter(pk=bid_at(vote, position).pk).update(contact_email=email)
    change = result_change_propose(
        actor=first,
        vote=vote,
        selected=[ids(vote)[0], ids(vote)[2]],
        reason="The youth hub found other funding.",
    )
    result_proposal_approve(actor=second, proposal=change)
    confirm_results(vote, second, first)
    kinds = dict(BidEmail.objects.filter(bid__round=vote.round).values_list("bid_id", "kind"))
    assert kinds == {
        bid_at(vote, 0).pk: "funded_by_vote",
        bid_at(vote, 1).pk: "not_funded_after_change",
        bid_at(vote, 2).pk: "funded_after_change",
        bid_at(vote, 3).pk: "not_funded",
    }
    run_outbox_tasks()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "the count of the votes chose it" in bodies["a@example.org"]
    assert "The count of the votes chose it, but the result was changed" in bodies["b@example.org"]
    assert "The youth hub found other funding." in bodies["b@example.org"]
    assert "did not choose it, but the result was changed" in bodies["c@example.org"]
    assert "The youth hub found other funding." in bodies["c@example.org"]
    assert all("most support" not in body for body in bodies.values())


def test_confirming_is_all_or_nothing_and_says_which_bid_and_what_to_do():
    vote = counted_vote()
    first, second = coordinators(vote)
    proposal = results_confirm_propose(actor=first, vote=vote)
    # The winner is turned down behind the vote's back (an admin edit): nothing may be funded.
    winner = bid_at(vote, 0)
    Bid.objects.filter(pk=winner.pk).update(status=BidStatus.REJECTED)
    with pytest.raises(ValidationError) as refused:
        result_proposal_approve(actor=second, proposal=proposal)
    text = " ".join(refused.value.messages)
    assert f"“{winner.title}” cannot be funded: it is now “Not accepted”" in text
    assert "Propose a change to the result without it" in text
    assert not Award.objects.filter(bid__round=vote.round).exists()
    proposal.refresh_from_db()
    assert proposal.state == ResultProposal.State.PROPOSED


def test_confirming_refuses_when_the_pot_cannot_cover_the_bids():
    vote = counted_vote()
    # Meanwhile another round of the same pot awarded £1,000 of its money.
    other_round = BidRoundFactory(area=vote.area, pot=vote.round.pot, phase="results")
    other = submitted_bid(
        round=other_round, amount_requested_pence=100_000, status=BidStatus.SHORTLISTED
    )
    award_create(actor=None, bid=other)
    first, _second = coordinators(vote)
    with pytest.raises(ValidationError) as refused:
        results_confirm_propose(actor=first, vote=vote)
    text = " ".join(refused.value.messages)
    assert "The chosen bids need £2,000" in text and "can award only £1,000 more" in text
    assert "Record the missing pledge on the round's Money page" in text


def test_the_public_page_shows_the_whole_history(client):
    vote = counted_vote()
    first, second = coordinators(vote)
    change = result_change_propose(
        actor=first, vote=vote, selected=[ids(vote)[0]], reason="Bid 2 withdrew."
    )
    result_proposal_approve(actor=second, proposal=change)
    confirm_results(vote, first, second)
    page = client.get(reverse("voting:vote_results", kwargs={"pk": vote.pk})).content.decode()
    assert page.count("Approved by") == 2
    assert "Bid 2 withdrew." in page and "The count itself chose:" in page
    assert "Confirmed results." in page
