"""After casting, posting the review or the cast again (Back and "resend", a reload) and the
card's link all lead to the receipt page, never to "Your ballot could not be accepted"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voting import digests
from voting.services import ballot_cast

from .voting_helpers import issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


def test_a_used_code_goes_to_its_receipt_from_every_ballot_page(client):
    vote = make_vote(ballot_type="approval")
    (code,) = issued_codes(vote, 1)
    ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=key())
    receipt = digests.receipt_for(digests.vote_key(vote.salt), digests.normalise(code))
    expected = reverse("voting:vote_receipt", kwargs={"pk": vote.pk, "receipt": receipt})
    answers = [
        client.get(reverse("voting:vote_start", kwargs={"pk": vote.pk}), {"code": code}),
        client.post(reverse("voting:vote_start", kwargs={"pk": vote.pk}), {"code": code}),
        client.post(reverse("voting:vote_review", kwargs={"pk": vote.pk}), {"code": code}),
        client.post(
            reverse("voting:vote_cast", kwargs={"pk": vote.pk}),
            {"code": code, "idempotency_key": key(), "choice": "1"},
        ),
    ]
    for answer in answers:
        assert answer.status_code == 303, answer.content[:300]
        assert answer["Location"] == expected + "?again=1"
    page = client.get(expected + "?again=1").content.decode()
    assert "It is counted: this is its receipt." in page and receipt in page
