"""The one-statement cast (``services.ballot_insert``): it takes the ordinary ballot, inserts
nothing for anything else (the full ``ballot_cast`` then decides), and races with closing and
with cancelling a card lose nothing and let nothing through. Real PostgreSQL, real threads."""

from __future__ import annotations

import time

import pytest
from django.http import QueryDict
from django.urls import reverse

from engagement.models import AuditEntry
from engagement.services import DomainError
from tests.brokers import redis_unreachable
from voting import digests as code_hashes
from voting.forms import read_posted_ballot
from voting.models import Ballot, PBVote, VotingCode
from voting.selectors.ballot_context import ballot_context, ballot_context_clear
from voting.services import ballot_cast, codes_generate, vote_close
from voting.services.cards import code_cancel
from voting.services.one_statement import ballot_cast_in_one_statement as cast_in_one_statement

from .test_concurrency import run_in_threads
from .voting_helpers import issued_codes, key, make_vote


def one_statement(*, vote_id, data):
    return cast_in_one_statement(vote_id=vote_id, data=data, read=read_posted_ballot)


def ballot_post(code: str, *choices: int, idempotency_key: str | None = None) -> QueryDict:
    data = QueryDict(mutable=True)
    data["code"] = code
    data["idempotency_key"] = idempotency_key or key()
    data.setlist("choice", [str(c) for c in choices])
    return data


@pytest.mark.django_db
def test_the_ordinary_ballot_is_one_statement(django_assert_num_queries):
    vote = make_vote()
    first, second = issued_codes(vote, 2)
    assert one_statement(vote_id=vote.pk, data=ballot_post(first, 0)) is not None
    with django_assert_num_queries(1):
        result = one_statement(vote_id=vote.pk, data=ballot_post(second, 1, 3))
    assert result is not None and not result.repeated
    hkey = code_hashes.vote_key(vote.salt)
    assert result.receipt == code_hashes.receipt_for(hkey, code_hashes.normalise(second))
    ballot = Ballot.objects.get(code_digest=code_hashes.ballot_digest(hkey, second))
    assert (ballot.choices, ballot.source) == ("1,3", Ballot.Source.ONLINE)
    assert ballot.receipt_digest == code_hashes.receipt_digest(result.receipt)


def _closed(vote, code):
    vote_close(actor=None, vote=vote)
    return ballot_post(code, 0)


def _void(vote, code):
    code_cancel(actor=None, vote=vote, code=code)
    return ballot_post(code, 0)


def _already_cast(vote, code):
    ballot_cast(vote=vote, code=code, choices=[1], points=None, idempotency_key=key())
    return ballot_post(code, 0)


def _declared_conflict(vote, code):
    VotingCode.objects.filter(vote=vote).update(voter_group="Skegness boxing club")
    return ballot_post(code, 0)


def _too_many_ticks(vote, code):
    return ballot_post(code, 0, 1, 2, 3)  # max_choices is 2


def _unknown_code(vote, code):
    return ballot_post("ABCD-EFGH-JKMNP", 0)


def _malformed_key(vote, code):
    return ballot_post(code, 0, idempotency_key="not-a-key")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_post",
    [
        _closed,
        _void,
        _already_cast,
        _declared_conflict,
        _too_many_ticks,
        _unknown_code,
        _malformed_key,
    ],
)
def test_anything_but_the_ordinary_ballot_inserts_nothing(make_post):
    vote = make_vote(params={"max_choices": 2})
    (code,) = issued_codes(vote, 1)
    data = make_post(vote, code)
    before = Ballot.objects.filter(vote=vote).count()
    assert one_statement(vote_id=vote.pk, data=data) is None
    assert Ballot.objects.filter(vote=vote).count() == before


@pytest.mark.django_db
def test_a_card_not_yet_handed_out_waits_for_the_desk():
    vote = make_vote()
    (code,) = codes_generate(vote=vote, count=1)  # printed, not issued
    assert one_statement(vote_id=vote.pk, data=ballot_post(code, 0)) is None
    assert not Ballot.objects.filter(vote=vote).exists()


@pytest.mark.django_db
def test_a_vote_changed_behind_the_services_is_never_cast_against_the_old_copy(client):
    vote = make_vote()
    first, second, third = issued_codes(vote, 3)
    url = reverse("voting:vote_cast", kwargs={"pk": vote.pk})
    client.post(url, ballot_post(first, 0), HTTP_ACCEPT="application/json")
    remembered = ballot_context(vote_id=vote.pk)
    # Someone edits the budget in the database directly: the worker's copy is now wrong.
    PBVote.objects.filter(pk=vote.pk).update(budget_pence=vote.budget_pence + 1)
    assert one_statement(vote_id=vote.pk, data=ballot_post(second, 1)) is None
    # The view falls back to the full path (which reads the vote afresh) and forgets the copy.
    answer = client.post(url, ballot_post(second, 1), HTTP_ACCEPT="application/json")
    assert answer.json()["ok"] is True
    assert ballot_context(vote_id=vote.pk) is not remembered
    assert one_statement(vote_id=vote.pk, data=ballot_post(third, 2)) is not None


@pytest.mark.django_db
def test_the_view_still_explains_every_refusal(client):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    url = reverse("voting:vote_cast", kwargs={"pk": vote.pk})
    same = key()

    def cast(*choices, idempotency_key=None):
        data = ballot_post(code, *choices, idempotency_key=idempotency_key)
        return client.post(url, data, HTTP_ACCEPT="application/json")

    first, again, other = cast(0, idempotency_key=same), cast(0, idempotency_key=same), cast(2)
    assert first.json()["ok"] and again.json()["receipt"] == first.json()["receipt"]
    assert (other.status_code, other.json()["reason"]) == (409, "used")
    vote_close(actor=None, vote=PBVote.objects.get(pk=vote.pk))
    closed = cast(0)
    assert (closed.status_code, closed.json()["reason"]) == (409, "closed")
    assert Ballot.objects.filter(vote=vote).count() == 1


# --- races, on committed data with real threads --------------------------------------------


def in_threads(targets) -> list:
    """Run each callable in its own thread, started together; what each returned or raised."""
    return run_in_threads(len(targets), lambda index: targets[index]())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("delay", [0.0, 0.005, 0.02])
def test_closing_while_ballots_pour_in_counts_every_accepted_ballot(delay):
    vote = make_vote()
    cards = issued_codes(vote, 40)
    ballot_context_clear()

    def cast(card):
        return lambda: one_statement(vote_id=vote.pk, data=ballot_post(card, 1))

    def close():
        time.sleep(delay)
        return vote_close(actor=None, vote=PBVote.objects.get(pk=vote.pk), force=True)

    with redis_unreachable():  # closing queues the count: keep it out of other tests' worker
        results = in_threads([cast(card) for card in cards] + [close])
    assert not [r for r in results if isinstance(r, Exception)], results
    accepted = [r for r in results[:-1] if r is not None]
    # What the close saw inside its transaction is what is in the database afterwards: no
    # accepted ballot arrived after the close, and none was lost.
    seen_at_close = AuditEntry.objects.get(action="vote.close").data["ballots"]
    assert seen_at_close == Ballot.objects.filter(vote=vote).count() == len(accepted)


@pytest.mark.django_db(transaction=True)
def test_a_card_cancelled_while_it_is_being_used_votes_once_or_not_at_all():
    vote = make_vote()
    cards = issued_codes(vote, 12)
    outcomes = set()
    for card in cards:
        cast, cancel = in_threads(
            [
                lambda card=card: one_statement(vote_id=vote.pk, data=ballot_post(card, 0)),
                lambda card=card: code_cancel(actor=None, vote=vote, code=card),
            ]
        )
        hkey = code_hashes.vote_key(vote.salt)
        has_ballot = Ballot.objects.filter(
            vote=vote, code_digest=code_hashes.ballot_digest(hkey, card)
        ).exists()
        state = VotingCode.objects.get(vote=vote, digest=code_hashes.code_digest(hkey, card)).state
        if has_ballot:  # the ballot won: the card stays handed out and the cancel is refused
            assert cast is not None and isinstance(cancel, DomainError), (cast, cancel)
            assert state == VotingCode.State.ISSUED
            outcomes.add("cast")
        else:  # the cancel won: no ballot, and the one-statement cast inserted nothing
            assert cast is None and not isinstance(cancel, Exception), (cast, cancel)
            assert state == VotingCode.State.VOID
            outcomes.add("cancelled")
    assert outcomes <= {"cast", "cancelled"}


@pytest.mark.django_db
def test_the_admin_cannot_change_a_vote_under_the_phones(client, login):
    from tests.factories import user_with_role

    vote = make_vote()
    login(user_with_role("superuser"))
    url = reverse("admin:voting_pbvote_change", args=[vote.pk])
    assert client.get(url).status_code == 200  # readable
    response = client.post(url, {"title": "Changed", "budget_pence": 1})
    assert response.status_code == 403
    vote.refresh_from_db()
    assert (vote.title, vote.budget_pence) == ("Skegness decides", 200_000)
