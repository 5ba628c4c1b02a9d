"""The PB vote list shows exactly the votes whose admin page the same user may open, for every
role held programme-wide or over one area; the rule and the list's filter are one definition
(``voting.access.vote_admin_q``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from budgeting.models import BidStatus
from engagement.models import Event
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory
from tests.scope import (
    AREA_PLACES,
    holds_matches_scope_q,
    href,
    list_matches_detail,
    make_world,
    rule_matches_filter,
)
from voting.access import vote_admin_q
from voting.models import PBVote
from voting.services import vote_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def votes_everywhere(world) -> dict[str, PBVote]:
    """A vote in every area, and an imported election with no area."""
    votes = {}
    for place in AREA_PLACES:
        area = world.area(place)
        round_ = BidRoundFactory(area=area, phase="voting")
        fund(round_.pot, 100_000)
        submitted_bid(round=round_, amount_requested_pence=50_000, status=BidStatus.SHORTLISTED)
        votes[place] = vote_create(
            actor=None,
            event=EventFactory(area=area, kind=Event.Kind.PB_EVENT),
            round=round_,
            title=f"Vote in {place}",
            ballot_type="approval",
            rule="greedy",
            budget_pence=100_000,
            params={},
        )
    votes["imported"] = PBVote.objects.create(
        source=PBVote.Source.IMPORTED,
        area=None,
        title="An imported election",
        ballot_type="approval",
        rule="greedy",
        budget_pence=100_000,
        status=PBVote.Status.CLOSED,
        codes_must_be_issued=False,
    )
    return votes


def test_vote_list_shows_the_votes_whose_page_opens(world):
    votes = votes_everywhere(world)
    manage = {key: reverse("voting:vote_manage", args=[v.pk]) for key, v in votes.items()}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("voting:vote_list")],
        markers={key: href(u) for key, u in manage.items()},
        detail_urls=manage,
    )
    assert problems == {}


def test_some_users_see_some_votes_and_not_others(world):
    """Guards the test above against passing because every page refused everybody."""
    votes = votes_everywhere(world)
    coordinator = world.users["coordinator@area"]
    listed = set(PBVote.objects.filter(vote_admin_q(coordinator)).values_list("pk", flat=True))
    assert listed == {votes["a1"].pk}
    superuser = world.users["superuser"]
    assert superuser.has_perm("voting.view_vote_admin", votes["imported"])
    assert not world.users["coordinator@programme"].has_perm(
        "voting.view_vote_admin", votes["imported"]
    )


def test_vote_admin_rule_is_the_list_filter(world):
    votes = list(votes_everywhere(world).values())
    assert rule_matches_filter(world, "voting.view_vote_admin", vote_admin_q, votes) == {}


def test_holds_agrees_with_scope_q_for_votes(world):
    votes = list(votes_everywhere(world).values())
    problems = holds_matches_scope_q(world, votes, area="area", programme="area__programme")
    assert problems == {}
