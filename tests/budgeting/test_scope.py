"""Every budgeting list (rounds, set-up, review queues, funded and overdue projects) shows exactly
what the same user may open, for every role held programme-wide or over one area; each rule
and its list's filter are one definition (``budgeting.access``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from budgeting import access
from budgeting.models import BidRound, BidStatus, Phase, Project
from budgeting.selectors import overdue_project_list, round_list
from budgeting.selectors.setup import setup_pot_list, setup_round_list
from budgeting.services import award_create, contribution_add
from engagement.roles import OVERSIGHT_ROLES, grants
from tests.scope import (
    AREA_PLACES,
    holds_matches_scope_q,
    href,
    list_matches_detail,
    make_world,
    rule_matches_filter,
)

from .factories import BidRoundFactory, submitted_bid

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def rounds_everywhere(world) -> dict[str, BidRound]:
    """A published round taking reviews and an unpublished one in every area, each with a bid."""
    rounds = {}
    for place in AREA_PLACES:
        area = world.area(place)
        rounds[f"published@{place}"] = BidRoundFactory(area=area, phase=Phase.REVIEW)
        rounds[f"unpublished@{place}"] = BidRoundFactory(area=area, phase=Phase.DRAFT)
    for round_ in rounds.values():
        submitted_bid(round=round_)
    return rounds


def projects_everywhere(world, *, overdue: bool = False) -> dict[str, Project]:
    """A funded project in a published round and one in an unpublished round in every area."""
    projects = {}
    for place in AREA_PLACES:
        for published in (True, False):
            round_ = BidRoundFactory(area=world.area(place), phase=Phase.RESULTS)
            contribution_add(
                actor=None,
                pot=round_.pot,
                source="pcc",
                funder_name="Police and Crime Commissioner",
                pledged_pence=200_000,
                received_pence=200_000,
            )
            bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
            project = award_create(actor=None, bid=bid).project
            BidRound.objects.filter(pk=round_.pk).update(published=published)
            key = f"{'published' if published else 'unpublished'}@{place}"
            projects[key] = project
    if overdue:
        Project.objects.filter(pk__in=[p.pk for p in projects.values()]).update(
            next_update_due=timezone.localdate() - dt.timedelta(days=3)
        )
    return projects


def test_round_list_shows_the_rounds_that_open(world):
    rounds = rounds_everywhere(world)
    problems = list_matches_detail(
        world,
        list_urls=[reverse("budgeting:round_list")],
        markers={k: href(r.get_absolute_url()) for k, r in rounds.items()},
        detail_urls={k: r.get_absolute_url() for k, r in rounds.items()},
    )
    assert problems == {}


def test_setup_lists_the_rounds_whose_setup_page_opens(world):
    rounds = rounds_everywhere(world)
    urls = {k: reverse("budgeting:round_setup", args=[r.slug]) for k, r in rounds.items()}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("budgeting:setup")],
        markers={k: href(url) for k, url in urls.items()},
        detail_urls=urls,
    )
    assert problems == {}


def test_setup_offers_to_change_exactly_the_pots_that_may_be_changed(world):
    rounds = rounds_everywhere(world)
    urls = {k: reverse("budgeting:pot_update", args=[r.pot_id]) for k, r in rounds.items()}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("budgeting:setup")],
        markers={k: href(url) for k, url in urls.items()},
        detail_urls=urls,
    )
    assert problems == {}


def test_review_queues_list_the_bids_whose_review_page_opens(world):
    rounds = rounds_everywhere(world)
    bids = {k: r.bids.get() for k, r in rounds.items()}
    urls = {k: reverse("budgeting:bid_review", args=[b.pk]) for k, b in bids.items()}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("budgeting:review_queue", args=[r.slug]) for r in rounds.values()],
        markers={k: href(url) for k, url in urls.items()},
        detail_urls=urls,
    )
    assert problems == {}


def test_funded_projects_list_shows_only_projects_that_open(world):
    projects = projects_everywhere(world)
    problems = list_matches_detail(
        world,
        list_urls=[reverse("budgeting:project_list")],
        markers={k: href(p.get_absolute_url()) for k, p in projects.items()},
        detail_urls={k: p.get_absolute_url() for k, p in projects.items()},
        exact_for={"anonymous", "resident"},
    )
    assert problems == {}


def test_project_of_an_unpublished_round_is_not_public(world, client):
    project = projects_everywhere(world)["unpublished@a1"]
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(project.bid.applicant)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_overdue_list_shows_the_projects_that_open(world):
    projects = projects_everywhere(world, overdue=True)
    private = {k: p for k, p in projects.items() if k.startswith("unpublished")}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("budgeting:overdue")],
        markers={k: href(p.get_absolute_url()) for k, p in private.items()},
        detail_urls={k: p.get_absolute_url() for k, p in private.items()},
    )
    assert problems == {}
    problems = list_matches_detail(
        world,
        list_urls=[reverse("budgeting:overdue")],
        markers={k: href(p.get_absolute_url()) for k, p in projects.items()},
        detail_urls={k: p.get_absolute_url() for k, p in projects.items()},
        exact_for=set(),
    )
    assert problems == {}


@pytest.mark.parametrize(
    ("perm", "rows_q", "kind"),
    [
        ("budgeting.view_round", access.round_q, "round"),
        ("budgeting.view_bid", access.bid_q, "bid"),
        ("budgeting.view_pot", lambda user: access.pot_scope_q(user, OVERSIGHT_ROLES), "pot"),
        ("budgeting.manage_round", lambda user: access.round_scope_q(user, "coordinator"), "round"),
        ("budgeting.view_project", access.project_q, "project"),
        ("budgeting.view_project_private", access.private_project_q, "project"),
    ],
)
def test_each_rule_agrees_with_its_list_filter(world, perm, rows_q, kind):
    if kind == "project":
        objects = list(projects_everywhere(world).values())
    else:
        rounds = list(rounds_everywhere(world).values())
        objects = {
            "round": rounds,
            "bid": [r.bids.get() for r in rounds],
            "pot": [r.pot for r in rounds],
        }[kind]
    assert rule_matches_filter(world, perm, rows_q, objects) == {}


def test_scope_q_is_holds_for_every_budgeting_type(world):
    rounds = list(rounds_everywhere(world).values())
    projects = list(projects_everywhere(world).values())
    problems = {
        "round": holds_matches_scope_q(world, rounds, area="area", programme="area__programme"),
        "bid": holds_matches_scope_q(
            world,
            [r.bids.get() for r in rounds],
            area="round__area",
            programme="round__area__programme",
        ),
        "pot": holds_matches_scope_q(
            world, [r.pot for r in rounds], area="area", programme="area__programme"
        ),
        "project": holds_matches_scope_q(
            world, projects, area="bid__round__area", programme="bid__round__area__programme"
        ),
    }
    assert {k: v for k, v in problems.items() if v} == {}


def test_scoped_lists_cost_one_query_each(world, django_assert_num_queries):
    rounds_everywhere(world)
    projects_everywhere(world, overdue=True)
    user = world.users["pcc_office@area"]
    grants(user)  # read once per request, then cached on the user
    with django_assert_num_queries(1):
        # Published everywhere (3 taking bids, 3 with results) and the two unpublished in a1.
        assert len(round_list(user=user)) == 6 + 2
    with django_assert_num_queries(1):
        assert len(setup_round_list(user=user)) == 4
    with django_assert_num_queries(1):
        assert len(setup_pot_list(user=user)) == 4
    with django_assert_num_queries(1):
        assert len(overdue_project_list(user=user)) == 2
