"""Query counts of the attendee's requests, pinned: these run hundreds of times a minute at a PB
event (see ``bench/vote_burst.py``). A change that adds a query here should be deliberate."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from voting.models import Ballot
from voting.services import ballot_cast

from .voting_helpers import issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def hidden(html: str, form_id: str) -> dict[str, list[str]]:
    form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', html, re.S).group(1)
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(value)
    return data


def test_ballot_cast_service_is_lock_code_insert(django_assert_num_queries):
    vote = make_vote(ballot_type="approval")
    (code,) = issued_codes(vote, 1)
    options = list(vote.options.order_by("position"))
    # savepoint, ballot table ROW EXCLUSIVE, vote FOR SHARE, code, ballot insert, release
    with django_assert_num_queries(6):
        ballot_cast(
            vote=vote,
            code=code,
            choices=[0, 2],
            points=None,
            idempotency_key=key(),
            options=options,
        )
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_retry_finds_the_ballot_through_the_unique_constraint(django_assert_num_queries):
    vote = make_vote(ballot_type="approval")
    (code,) = issued_codes(vote, 1)
    options = list(vote.options.order_by("position"))
    same = key()
    first = ballot_cast(
        vote=vote, code=code, choices=[1], points=None, idempotency_key=same, options=options
    )
    # savepoint, table and vote locks, code, failed insert, rollback to and release the
    # savepoint, read the first ballot
    with django_assert_num_queries(8):
        again = ballot_cast(
            vote=vote, code=code, choices=[1], points=None, idempotency_key=same, options=options
        )
    assert (again.receipt, again.repeated) == (first.receipt, True)
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_review_and_cast_requests_query_counts(client, django_assert_num_queries):
    vote = make_vote(ballot_type="approval")
    first, code = issued_codes(vote, 2)
    # The worker's first ballot for this vote reads the ballot (vote, options) and remembers it.
    with django_assert_num_queries(3):
        warm = client.post(
            reverse("voting:vote_cast", kwargs={"pk": vote.pk}),
            {"code": first, "choice": ["1"], "idempotency_key": key()},
            HTTP_ACCEPT="application/json",
        )
    assert warm.json()["ok"] is True
    ballot = client.get(reverse("voting:vote_start", kwargs={"pk": vote.pk}), {"code": code})
    data = {**hidden(ballot.content.decode(), "ballot-form"), "choice": ["0", "3"]}
    # vote, code, used?, options (no bids, no photos)
    with django_assert_num_queries(4):
        review = client.post(reverse("voting:vote_review", kwargs={"pk": vote.pk}), data)
    assert review.status_code == 200 and b"Check your choices" in review.content
    cast_data = hidden(review.content.decode(), "cast-form")
    # then a ballot is one INSERT ... SELECT (services.ballot_insert)
    with django_assert_num_queries(1):
        cast = client.post(
            reverse("voting:vote_cast", kwargs={"pk": vote.pk}),
            cast_data,
            HTTP_ACCEPT="application/json",
        )
    assert cast.json()["ok"] is True
    assert Ballot.objects.filter(vote=vote).count() == 2
    assert Ballot.objects.filter(vote=vote, choices="0,3").count() == 1


def test_review_with_a_mistake_shows_the_full_ballot_again(client):
    vote = make_vote(ballot_type="approval", params={"max_choices": 1})
    (code,) = issued_codes(vote, 1)
    ballot = client.get(reverse("voting:vote_start", kwargs={"pk": vote.pk}), {"code": code})
    data = {**hidden(ballot.content.decode(), "ballot-form"), "choice": ["0", "3"]}
    review = client.post(reverse("voting:vote_review", kwargs={"pk": vote.pk}), data)
    assert review.status_code == 400
    html = review.content.decode()
    assert "Choose at most 1 bids" in html and 'id="ballot-form"' in html
    assert re.search(r'value="0"[^>]*checked', html) and re.search(r'value="3"[^>]*checked', html)
    # the bid details (group, from the full options) are on the page again
    option = vote.options.select_related("bid").get(position=0)
    assert option.bid.group_name in html
