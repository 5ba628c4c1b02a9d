"""Concurrency on real PostgreSQL, Redis and Celery: one ballot per code whatever the timing,
retries get the same receipt, ballots are accepted while Redis is down, and a count whose worker
is killed half-way runs again to the same result."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from pbtally import tally
from tests.brokers import redis_unreachable
from voting.ballot_store import store_ballots
from voting.models import Ballot, PBVote, TallyRecord
from voting.selectors.election import rule_spec, vote_election
from voting.services import BallotRejected, ballot_cast, vote_close
from voting.services.votes import votes_sweep

from .voting_helpers import issued_codes, key, make_vote


def run_in_threads(count: int, target) -> list:
    """Start ``count`` threads together (a barrier) and collect what each returned or raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_one_code_from_many_threads_makes_exactly_one_ballot():
    vote = make_vote()
    (code,) = issued_codes(vote, 1)

    results = run_in_threads(
        16,
        lambda i: ballot_cast(
            vote=vote, code=code, choices=[i % 4], points=None, idempotency_key=key()
        ),
    )
    accepted = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, BallotRejected)]
    assert len(accepted) == 1 and len(refused) == 15, results
    assert {r.reason for r in refused} == {"used"}
    assert Ballot.objects.filter(vote=vote).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_retried_request_from_many_threads_gets_one_receipt():
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    same_key = key()
    results = run_in_threads(
        12,
        lambda i: ballot_cast(
            vote=vote, code=code, choices=[0, 3], points=None, idempotency_key=same_key
        ),
    )
    assert all(not isinstance(r, Exception) for r in results), results
    assert len({r.receipt for r in results}) == 1
    assert sum(not r.repeated for r in results) == 1
    assert Ballot.objects.filter(vote=vote).count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_codes_at_once_while_the_vote_closes_lose_nothing():
    vote = make_vote()
    codes = issued_codes(vote, 30)

    def act(i: int):
        if i == len(codes):
            time.sleep(0.01)
            return vote_close(actor=None, vote=PBVote.objects.get(pk=vote.pk))
        return ballot_cast(
            vote=vote, code=codes[i], choices=[i % 4], points=None, idempotency_key=key()
        )

    # No count wanted here: with the queue unreachable, closing only records the state (a
    # session worker left running by another test must not count while the test data is flushed).
    with redis_unreachable():
        results = run_in_threads(len(codes) + 1, act)
    accepted = [r for r in results[:-1] if not isinstance(r, Exception)]
    refused = [r for r in results[:-1] if isinstance(r, Exception)]
    assert all(isinstance(r, BallotRejected) and r.reason == "closed" for r in refused), refused
    # Every accepted ballot is stored; none slipped in after the close was recorded.
    assert Ballot.objects.filter(vote=vote).count() == len(accepted)
    vote.refresh_from_db()
    assert vote.status == PBVote.Status.CLOSED


def post_ballot(client, vote, code, choices, idem):
    return client.post(
        reverse("voting:vote_cast", kwargs={"pk": vote.pk}),
        {"code": code, "choice": [str(c) for c in choices], "idempotency_key": idem},
    )


def test_ballots_are_accepted_while_redis_is_down_and_the_count_waits(client, celery_worker):
    vote = make_vote()
    codes = issued_codes(vote, 3)
    with redis_unreachable():
        from django.core.cache import cache

        with pytest.raises(Exception):  # noqa: B017,PT011 - proves Redis really is unreachable
            cache.get("anything")
        receipts = []
        for code in codes:
            response = post_ballot(client, vote, code, [1], key())
            assert response.status_code == 302, response.content[:500]
            receipts.append(response["Location"])
        # A wrong code is still refused (the limiter fails open, the check does not).
        wrong = post_ballot(client, vote, "ABCD-EFGH-JKMNP", [1], key())
        assert wrong.status_code == 400
        vote_close(actor=None, vote=vote)
        vote.refresh_from_db()
        assert vote.status == PBVote.Status.CLOSED
        assert vote.tally_state == PBVote.TallyState.PENDING  # queued nowhere, but recorded
    assert Ballot.objects.filter(vote=vote).count() == 3
    assert not TallyRecord.objects.filter(vote=vote).exists()

    # Redis is back: the beat sweeper finds the pending count and queues it.
    later = timezone.now() + dt.timedelta(minutes=2)
    assert votes_sweep(now=later)["queued"] == 1
    record = wait_for_record(vote)
    assert record.ballots_counted == 3


def wait_for_record(vote: PBVote, timeout: float = 60) -> TallyRecord:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = TallyRecord.objects.filter(vote=vote).first()
        if record is not None:
            return record
        time.sleep(0.1)
    raise AssertionError("the count did not finish")


def test_a_worker_killed_mid_count_runs_again_to_the_same_result(celery_worker):
    vote = make_vote(
        rule="equalshares/add1",
        costs=[random.Random(i).randint(5, 60) * 10_000 for i in range(30)],
        budget_pence=3_000_000,
    )
    rng = random.Random(7)
    n = 60_000
    ballots = [tuple(sorted(rng.sample(range(30), rng.randint(1, 8)))) for _ in range(n)]
    with connection.cursor():
        from django.db import transaction

        with transaction.atomic():
            store_ballots(vote.pk, ballots, None)
    vote_close(actor=None, vote=vote)  # queues the count on the real worker

    deadline = time.monotonic() + 60
    while PBVote.objects.get(pk=vote.pk).tally_state != PBVote.TallyState.RUNNING:
        assert time.monotonic() < deadline, "the count never started"
        time.sleep(0.01)
    celery_worker.kill()
    assert not TallyRecord.objects.filter(vote=vote).exists()
    assert PBVote.objects.get(pk=vote.pk).tally_state == PBVote.TallyState.RUNNING

    celery_worker.start()
    # The lost count is found by the sweeper once its lease has run out.
    assert votes_sweep(now=timezone.now() + dt.timedelta(minutes=16))["queued"] == 1
    record = wait_for_record(vote, timeout=120)
    vote.refresh_from_db()
    expected = tally(vote_election(vote), rule_spec(vote))
    assert record.checksum == expected.checksum
    assert record.selected == list(expected.selected)
    assert record.ballots_counted == n
    assert TallyRecord.objects.filter(vote=vote).count() == 1
