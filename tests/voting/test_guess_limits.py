"""The wrong-code limiter cannot be used to stop other people voting: it counts per vote and
per client address (the real one behind a trusted proxy), and a real card is always let in."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from voting import digests as codelib
from voting.models import Ballot
from voting.services.limits import guesses_forget

from .voting_helpers import issued_codes, key, make_vote

pytestmark = pytest.mark.django_db

ATTACKER = {"HTTP_X_FORWARDED_FOR": "203.0.113.66", "HTTP_ACCEPT": "application/json"}
VOTER = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's REMOTE_ADDR plays the proxy
    cache.clear()
    guesses_forget()
    yield
    cache.clear()
    guesses_forget()


def cast_url(vote):
    return reverse("voting:vote_cast", kwargs={"pk": vote.pk})


def ballot(code):
    return {"code": code, "idempotency_key": key(), "choice": ["0"]}


def guess_until_blocked(client, vote, headers, limit):
    answers = [
        client.post(cast_url(vote), ballot(codelib.new_code()), **headers).status_code
        for _ in range(limit + 1)
    ]
    assert answers == [400] * limit + [429]


def test_a_hundred_wrong_codes_from_one_client_leave_every_other_client_able_to_vote(client):
    vote = make_vote()
    codes = issued_codes(vote, 2)
    guess_until_blocked(client, vote, ATTACKER, 100)
    start = reverse("voting:vote_start", kwargs={"pk": vote.pk})
    assert (
        client.get(f"{start}?code={codes[0]}", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
        == 200
    )
    assert client.post(cast_url(vote), ballot(codes[0]), **VOTER).json()["ok"] is True
    # The guesser's own wrong codes stay blocked, but a real card from the same address votes.
    assert client.post(cast_url(vote), ballot(codelib.new_code()), **ATTACKER).status_code == 429
    assert client.post(cast_url(vote), ballot(codes[1]), **ATTACKER).json()["ok"] is True
    assert Ballot.objects.filter(vote=vote).count() == 2


def test_a_real_card_is_let_in_even_from_a_blocked_address_without_a_trusted_proxy(
    client, settings
):
    """With no trusted proxy everyone behind it shares one address: the hall's phones. A
    guesser among them blocks only wrong codes, never a card that was handed out."""
    settings.TRUSTED_PROXIES = []
    settings.VOTING_GUESS_LIMIT = 5
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    guess_until_blocked(client, vote, ATTACKER, 5)
    start = reverse("voting:vote_start", kwargs={"pk": vote.pk})
    assert client.post(start, {"code": code}, **VOTER).status_code == 200
    review = reverse("voting:vote_review", kwargs={"pk": vote.pk})
    assert client.post(review, ballot(code)).status_code == 200
    assert client.post(start, {"code": codelib.new_code()}, **VOTER).status_code == 429
    assert client.post(cast_url(vote), ballot(code), **VOTER).json()["ok"] is True


def test_the_limit_is_per_vote(client, settings):
    settings.VOTING_GUESS_LIMIT = 3
    vote, other = make_vote(), make_vote()
    guess_until_blocked(client, vote, ATTACKER, 3)
    assert client.post(cast_url(other), ballot(codelib.new_code()), **ATTACKER).status_code == 400
