"""The voter's phone pages load only what they use: one small stylesheet and the two ballot
scripts, never all of Bootstrap, and go out compressed (bench/slow_hall.py times them on an
emulated hall connection)."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from voting.services import ballot_cast

from .voting_helpers import issued_codes, key, make_vote

pytestmark = pytest.mark.django_db

VOTER_ASSETS = {
    "/static/voting/voter.css",
    "/static/js/offline-queue.js",
    "/static/voting/voting.js",
    "/static/img/favicon.svg",
}


def assets(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))


def test_the_voters_pages_reference_only_the_small_assets(client):
    vote = make_vote(ballot_type="approval")
    code, other = issued_codes(vote, 2)
    ballot = client.get(reverse("voting:vote_start", args=[vote.pk]), {"code": code})
    assert "Review my choices" in ballot.content.decode()
    review = client.post(
        reverse("voting:vote_review", args=[vote.pk]),
        {"code": code, "idempotency_key": key(), "choice": ["0"], "review": "1"},
    )
    assert "Cast my vote" in review.content.decode()
    result = ballot_cast(vote=vote, code=other, choices=[1], points=None, idempotency_key=key())
    receipt = client.get(
        reverse("voting:vote_receipt", kwargs={"pk": vote.pk, "receipt": result.receipt})
    )
    assert "Your receipt code" in receipt.content.decode()
    code_page = client.get(reverse("voting:vote_start", args=[vote.pk]))
    for response in (code_page, ballot, review, receipt):
        assert assets(response.content.decode()) == VOTER_ASSETS
        assert "bootstrap" not in response.content.decode()


def test_the_voters_assets_are_small_once_compressed():
    sizes = {}
    for url in VOTER_ASSETS:
        with open(finders.find(url.removeprefix("/static/")), "rb") as f:
            sizes[url] = len(gzip.compress(f.read(), 9))
    # All of Bootstrap's CSS and JavaScript is some 55 KB compressed; these stay a fraction.
    assert sum(sizes.values()) < 12_000, sizes


def test_the_ballot_goes_out_compressed(client):
    vote = make_vote(ballot_type="approval")
    (code,) = issued_codes(vote, 1)
    url = reverse("voting:vote_start", args=[vote.pk])
    response = client.get(url, {"code": code}, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Review my choices" in gzip.decompress(response.content).decode()
    assert "no-store" in response["Cache-Control"]
