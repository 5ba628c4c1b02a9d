"""The results reveal screen: nothing of the results until two coordinators confirmed them
(not even when provisional results are announced), then the funded bids in the count's order."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voting.services import ballot_cast, vote_announce_provisional, vote_close, vote_tally

from .voting_helpers import confirm_results, coordinators, issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


def counted_vote():
    """Approval, greedy, £2,000: the count funds bid 0 (£1,200) then bid 1 (£800)."""
    vote = make_vote()
    for code, choices in zip(issued_codes(vote, 3), [[0, 1], [0, 1], [0]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    vote.refresh_from_db()
    return vote


def titles(vote):
    return list(vote.options.order_by("position").values_list("title", flat=True))


def test_an_open_vote_reveals_nothing(client):
    vote = make_vote()
    page = client.get(reverse("voting:vote_reveal", args=[vote.pk])).content.decode()
    assert "Voting has not closed yet" in page
    assert not any(title in page for title in titles(vote))


def test_provisional_results_are_never_revealed_to_the_hall(client):
    vote = counted_vote()
    first, _second = coordinators(vote)
    vote_announce_provisional(actor=first, vote=vote, announce=True)
    # Even a coordinator who may see provisional results sees nothing on the hall's screen.
    client.force_login(first)
    page = client.get(reverse("voting:vote_reveal", args=[vote.pk])).content.decode()
    assert "The results are being checked" in page
    assert not any(title in page for title in titles(vote))
    assert "£2,000" not in page and 'data-reveal-wait="30"' in page


def test_confirmed_results_are_revealed_in_the_count_order(client):
    vote = counted_vote()
    confirm_results(vote)
    page = client.get(reverse("voting:vote_reveal", args=[vote.pk])).content.decode()
    first, second, third, fourth = titles(vote)
    assert "2 bids are funded." in page
    assert page.index("Funded bid 1 of 2") < page.index(first) < page.index("Funded bid 2 of 2")
    assert page.index("Funded bid 2 of 2") < page.index(second)
    assert third not in page and fourth not in page
    assert "being checked" not in page and "data-reveal-wait" not in page


def test_a_cancelled_vote_reveals_nothing(client):
    from voting.services import vote_cancel

    vote = counted_vote()
    coordinator = coordinators(vote, 1)[0]
    vote_cancel(actor=coordinator, vote=vote, reason="The hall flooded.")
    response = client.get(reverse("voting:vote_reveal", args=[vote.pk]))
    assert response.status_code == 200
    assert not any(title in response.content.decode() for title in titles(vote))
