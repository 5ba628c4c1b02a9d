"""The ballot order is drawn once; drawing again needs a reason, and every draw (seed, who,
when, why) is listed on the public shortlist page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgeting.models import BallotDraw, BidStatus, Phase
from budgeting.services import ballot_order_draw
from engagement.models import Event
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, set_phase, submitted_bid
from tests.engagement.factories import EventFactory
from tests.factories import user_with_role
from voting.services import vote_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    round_ = BidRoundFactory(phase=Phase.SHORTLISTING)
    for cost in (50_000, 60_000, 70_000):
        submitted_bid(round=round_, amount_requested_pence=cost, status=BidStatus.SHORTLISTED)
    return round_


def test_a_second_draw_needs_a_reason_and_every_draw_is_kept(round_):
    coordinator = user_with_role("coordinator", area=round_.area)
    ballot_order_draw(actor=coordinator, round=round_, seed="first")
    with pytest.raises(ValidationError, match="Say why it must be drawn"):
        ballot_order_draw(actor=coordinator, round=round_)
    with pytest.raises(ValidationError, match="HTML"):
        ballot_order_draw(actor=coordinator, round=round_, reason="<i>because</i>")
    ballot_order_draw(actor=coordinator, round=round_, seed="second", reason="A bid was missing.")
    draws = list(BallotDraw.objects.filter(round=round_).values_list("number", "seed", "reason"))
    assert draws == [(1, "first", ""), (2, "second", "A bid was missing.")]
    round_.refresh_from_db()
    assert round_.ballot_seed == "second"


def test_the_order_is_fixed_once_a_vote_has_the_ballot(round_):
    ballot_order_draw(actor=None, round=round_, seed="first")
    fund(round_.pot, 100_000)
    vote_create(
        actor=None,
        event=EventFactory(area=round_.area, kind=Event.Kind.PB_EVENT),
        round=round_,
        title="Vote",
        ballot_type="approval",
        rule="greedy",
        budget_pence=100_000,
    )
    with pytest.raises(ValidationError, match="The ballot order is fixed"):
        ballot_order_draw(actor=None, round=round_, reason="Try again")


def test_the_public_shortlist_lists_every_draw(client, round_):
    coordinator = user_with_role("coordinator", area=round_.area)
    client.force_login(coordinator)
    url = reverse("budgeting:ballot_order", kwargs={"slug": round_.slug})
    shortlist = reverse("budgeting:shortlist", kwargs={"slug": round_.slug})
    client.post(url)
    refused = client.post(url, follow=True).content.decode()
    assert "Say why it must be drawn again" in refused
    client.post(url, {"reason": "The youth club bid was shortlisted late."})
    assert BallotDraw.objects.filter(round=round_).count() == 2
    set_phase(round_, Phase.AWAITING_VOTE)
    client.logout()
    page = client.get(shortlist).content.decode()
    for draw in BallotDraw.objects.filter(round=round_):
        assert draw.seed in page
    assert "The youth club bid was shortlisted late." in page
    assert coordinator.name in page or coordinator.email in page
