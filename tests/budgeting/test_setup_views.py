"""The coordinator's set-up pages through the Django test client: every page for every role,
creating and changing pots and rounds (bad input refused, nothing stored), priorities typed in
or taken from "you said, we did", category pots, and the after-the-vote buttons."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from budgeting.models import (
    Award,
    Bid,
    BidEmail,
    BidRound,
    BidStatus,
    Category,
    FundingPot,
    LeftoverRule,
    Phase,
    Priority,
)
from budgeting.services import award_create, category_create, round_update
from engagement.models import AuditEntry, YouSaidWeDid
from tests.factories import AreaFactory, PartnerFactory, RoleAssignmentFactory, user_with_role

from .conftest import fund
from .factories import (
    DATE_FIELDS,
    BidFactory,
    BidRoundFactory,
    PriorityFactory,
    round_dates,
    submitted_bid,
)

ROLES = [
    "anonymous",
    "resident",
    "wrong_area_coordinator",
    "coordinator",
    "programme_coordinator",
    "partner",
    "pcc_office",
    "superuser",
]
COORDINATORS = {"coordinator", "programme_coordinator", "superuser"}
ANY_COORDINATOR = COORDINATORS | {"wrong_area_coordinator"}


def _people(area):
    people = {
        "anonymous": AnonymousUser(),
        "resident": user_with_role(None),
        "wrong_area_coordinator": user_with_role(
            "coordinator", area=AreaFactory(programme=area.programme)
        ),
        "coordinator": user_with_role("coordinator", area=area),
        "programme_coordinator": user_with_role("coordinator", programme=area.programme),
        "pcc_office": user_with_role("pcc_office", programme=area.programme),
        "superuser": user_with_role("superuser"),
        "partner": user_with_role(None),
    }
    RoleAssignmentFactory(
        user=people["partner"],
        role="partner",
        programme=area.programme,
        area=area,
        partner=PartnerFactory(),
    )
    return people


def _status_for(user, url) -> int:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client.get(url).status_code


def _results_round():
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    fund(round_.pot, 500_000)
    return round_


# page name: (roles that may open it, how to build its URL from the round)
PAGES = {
    "setup": (ANY_COORDINATOR | {"pcc_office"}, lambda r: reverse("budgeting:setup")),
    "pot_create": (ANY_COORDINATOR, lambda r: reverse("budgeting:pot_create")),
    "pot_update": (COORDINATORS, lambda r: reverse("budgeting:pot_update", args=[r.pot_id])),
    "round_create": (ANY_COORDINATOR, lambda r: reverse("budgeting:round_create")),
    "round_setup": (
        COORDINATORS | {"pcc_office"},
        lambda r: reverse("budgeting:round_setup", args=[r.slug]),
    ),
    "round_update": (COORDINATORS, lambda r: reverse("budgeting:round_update", args=[r.slug])),
    "priority_remove": (
        COORDINATORS,
        lambda r: reverse("budgeting:priority_remove", args=[PriorityFactory(round=r).pk]),
    ),
    "category_update": (
        COORDINATORS,
        lambda r: reverse(
            "budgeting:category_update",
            args=[category_create(actor=None, round=r, name="Young people", budget_pence=1).pk],
        ),
    ),
    "leftovers_move": (
        COORDINATORS,
        lambda r: reverse("budgeting:leftovers_move", args=[r.slug]),
    ),
    "close_unfunded": (
        COORDINATORS,
        lambda r: reverse("budgeting:close_unfunded", args=[r.slug]),
    ),
    "award_revoke": (
        COORDINATORS,
        lambda r: reverse(
            "budgeting:award_revoke",
            args=[award_create(actor=None, bid=submitted_bid(round=r, status="shortlisted")).pk],
        ),
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_for_every_role(db, page):
    allowed, make_url = PAGES[page]
    round_ = _results_round()
    url = make_url(round_)
    people = _people(round_.area)
    expected = {
        role: 200 if role in allowed else 302 if role == "anonymous" else 403 for role in ROLES
    }
    got = {role: _status_for(people[role], url) for role in ROLES}
    assert got == expected, page


def test_pcc_office_reads_but_cannot_change(login, db):
    round_ = BidRoundFactory()
    client = login(user_with_role("pcc_office", programme=round_.area.programme))
    index = client.get(reverse("budgeting:setup")).content.decode()
    assert round_.pot.name in index and round_.name in index
    assert "New funding pot" not in index and "Only coordinators can change them" in index
    page = client.get(reverse("budgeting:round_setup", args=[round_.slug])).content.decode()
    assert "Change the round" not in page and "Type in a priority" not in page
    response = client.post(
        reverse("budgeting:round_setup_action", args=[round_.slug, "priority"]),
        {"priority-title": "Safer streets"},
    )
    assert response.status_code == 403
    assert not Priority.objects.exists()


def test_index_shows_only_the_coordinators_own_areas(login, db):
    mine = BidRoundFactory(name="Skegness round")
    other = BidRoundFactory(name="Speke round")
    client = login(user_with_role("coordinator", area=mine.area))
    body = client.get(reverse("budgeting:setup")).content.decode()
    assert "Skegness round" in body and mine.pot.name in body
    assert "Speke round" not in body and other.pot.name not in body


# --- Pots ------------------------------------------------------------------------------------


def test_coordinator_creates_and_changes_a_pot(login, db):
    area = AreaFactory(name="Sleaford")
    coordinator = user_with_role("coordinator", area=area)
    client = login(coordinator)
    response = client.post(
        reverse("budgeting:pot_create"),
        {"area": area.pk, "name": "Sleaford pot", "target_pence": "30,000"},
    )
    assert response.url == reverse("budgeting:setup")
    pot = FundingPot.objects.get(name="Sleaford pot")
    assert (pot.area, pot.target_pence) == (area, 3_000_000)
    response = client.post(
        reverse("budgeting:pot_update", args=[pot.pk]),
        {"name": "Sleaford community pot", "target_pence": "35000"},
    )
    pot.refresh_from_db()
    assert (pot.name, pot.target_pence) == ("Sleaford community pot", 3_500_000)
    entry = AuditEntry.objects.filter(action="pot.update").get()
    assert entry.data["before"]["target"] == 3_000_000


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Pot", "target_pence": "-5"}, "zero or more"),
        ({"name": "Pot", "target_pence": "99999999999"}, "too large"),
        ({"name": "<script>x</script>", "target_pence": "10"}, "plain text only"),
        ({"name": "", "target_pence": "10"}, "This field is required"),
    ],
)
def test_bad_pot_input_is_refused_and_nothing_stored(login, db, data, message):
    area = AreaFactory()
    client = login(user_with_role("coordinator", area=area))
    response = client.post(reverse("budgeting:pot_create"), {"area": area.pk, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not FundingPot.objects.exists()


def test_coordinator_cannot_create_a_pot_in_someone_elses_area(login, db):
    theirs = AreaFactory()
    client = login(user_with_role("coordinator", area=AreaFactory()))
    response = client.post(
        reverse("budgeting:pot_create"), {"area": theirs.pk, "name": "Pot", "target_pence": "10"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not FundingPot.objects.exists()


# --- Rounds ----------------------------------------------------------------------------------


def _round_data(pot, **overrides):
    dates = round_dates(Phase.SUBMISSION)
    data = {
        "area": pot.area_id,
        "pot": pot.pk,
        "name": "Sutton Bridge community bids",
        "slug": "",
        "published": "on",
        **{name: value.strftime("%Y-%m-%dT%H:%M") for name, value in dates.items()},
        "max_amount_pence": "2,500",
        "min_amount_pence": "100",
        "eligible_group_types": ["community", "tenants"],
        "require_postcode_in_area": "on",
        "max_bids_per_group": "2",
        "leftover_rule": LeftoverRule.NEXT_CATEGORY,
        "intro": "Money for ideas that make Sutton Bridge safer.",
        "intro_cy": "Arian i syniadau sy'n gwneud Sutton Bridge yn fwy diogel.",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_round(login, db):
    pot = BidRoundFactory().pot  # a pot in an area with a round already
    client = login(user_with_role("coordinator", programme=pot.area.programme))
    response = client.post(reverse("budgeting:round_create"), _round_data(pot))
    round_ = BidRound.objects.get(name="Sutton Bridge community bids")
    assert response.url == reverse("budgeting:round_setup", args=[round_.slug])
    assert round_.slug == "sutton-bridge-community-bids"
    assert round_.max_amount_pence == 250_000 and round_.max_bids_per_group == 2
    assert round_.eligible_group_types == ["community", "tenants"]
    assert round_.intro_cy.startswith("Arian") and round_.published
    assert round_.phase == Phase.SUBMISSION
    assert AuditEntry.objects.filter(action="round.create").exists()


def test_same_name_gets_a_different_web_address(login, db):
    pot = BidRoundFactory(slug="sutton-bridge-community-bids").pot
    client = login(user_with_role("superuser"))
    client.post(reverse("budgeting:round_create"), _round_data(pot))
    assert BidRound.objects.filter(slug="sutton-bridge-community-bids-2").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"submission_closes": "2020-01-01T10:00"}, "submission_closes", "must be after"),
        ({"results_at": "2020-01-01T10:00"}, "results_at", "cannot be before"),
        ({"max_amount_pence": "-100"}, "max_amount_pence", "zero or more"),
        ({"min_amount_pence": "5000"}, "max_amount_pence", "cannot be less than the least"),
        ({"max_bids_per_group": "0"}, "max_bids_per_group", "greater than or equal to 1"),
        ({"intro": "<b>Bold</b>"}, "intro", "plain text only"),
        ({"eligible_group_types": ["aliens"]}, "eligible_group_types", "valid choice"),
        ({"slug": "round-taken"}, "slug", "already uses"),
        ({"voting_opens": "not a date"}, "voting_opens", "valid date"),
    ],
)
def test_bad_round_input_is_refused_and_nothing_stored(login, db, overrides, field, message):
    pot = BidRoundFactory(slug="round-taken").pot
    client = login(user_with_role("coordinator", area=pot.area))
    response = client.post(reverse("budgeting:round_create"), _round_data(pot, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert "There is a problem" in response.content.decode()
    assert BidRound.objects.count() == 1


def test_pot_must_be_in_the_rounds_area(login, db):
    programme_coordinator = user_with_role("superuser")
    pot = BidRoundFactory().pot
    other_area = AreaFactory(programme=pot.area.programme)
    client = login(programme_coordinator)
    response = client.post(reverse("budgeting:round_create"), _round_data(pot, area=other_area.pk))
    assert "Choose a pot in" in " ".join(response.context["form"].errors["pot"])
    assert BidRound.objects.count() == 1


def test_coordinator_edits_a_round_and_the_public_page_follows(login, client, db):
    round_ = BidRoundFactory(max_amount_pence=250_000)
    coordinator = user_with_role("coordinator", area=round_.area)
    login(coordinator)
    url = reverse("budgeting:round_update", args=[round_.slug])
    form = client.get(url).context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    for name in DATE_FIELDS:
        data[name] = timezone.localtime(getattr(round_, name)).strftime("%Y-%m-%dT%H:%M")
    data.update(max_amount_pence="1,000", published="on", require_postcode_in_area="on")
    data = {k: v for k, v in data.items() if v not in (False, None)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    round_.refresh_from_db()
    assert round_.max_amount_pence == 100_000
    assert "£1,000" in client.get(round_.get_absolute_url()).content.decode()


def test_pot_cannot_change_once_money_is_awarded(login, db):
    round_ = _results_round()
    award_create(actor=None, bid=submitted_bid(round=round_, status="shortlisted"))
    new_pot = FundingPot.objects.create(area=round_.area, name="Another pot")
    client = login(user_with_role("coordinator", area=round_.area))
    with pytest.raises(ValidationError, match="cannot change"):
        round_update(actor=None, round=round_, pot=new_pot)
    round_.refresh_from_db()
    assert round_.pot_id != new_pot.pk
    assert client.get(reverse("budgeting:round_update", args=[round_.slug])).status_code == 200


# --- Priorities and category pots --------------------------------------------------------------


def test_priorities_typed_in_and_taken_from_you_said_we_did(login, db):
    round_ = BidRoundFactory()
    YouSaidWeDid.objects.create(
        area=round_.area, you_said="Young people have nowhere to go at night", owner="Council"
    )
    said = YouSaidWeDid.objects.create(
        area=round_.area, you_said="Speeding on the high street", owner="Police"
    )
    YouSaidWeDid.objects.create(area=AreaFactory(), you_said="Elsewhere", owner="Council")
    client = login(user_with_role("coordinator", area=round_.area))
    setup = reverse("budgeting:round_setup", args=[round_.slug])
    page = client.get(setup).content.decode()
    assert "Speeding on the high street" in page and "Elsewhere" not in page

    action = "budgeting:round_setup_action"
    response = client.post(
        reverse(action, args=[round_.slug, "priority"]),
        {"priority-title": "Feeling safe on the seafront", "priority-description": ""},
    )
    assert response.url == setup
    response = client.post(
        reverse(action, args=[round_.slug, "from-feedback"]), {"from-feedback-items": [said.pk]}
    )
    assert response.url == setup
    titles = list(round_.priorities.values_list("title", "source"))
    assert titles == [
        ("Feeling safe on the seafront", ""),
        ("Speeding on the high street", "You said, we did"),
    ]
    # Already a priority: no longer offered; a duplicate typed in is refused.
    offered = [o["title"] for o in client.get(setup).context["feedback_options"]]
    assert offered == ["Young people have nowhere to go at night"]
    response = client.post(
        reverse(action, args=[round_.slug, "priority"]),
        {"priority-title": "feeling safe on the seafront"},
    )
    assert "already has that priority" in response.content.decode()
    assert round_.priorities.count() == 2


def test_bad_priority_input_is_refused(login, db):
    round_ = BidRoundFactory()
    client = login(user_with_role("coordinator", area=round_.area))
    action = "budgeting:round_setup_action"
    response = client.post(
        reverse(action, args=[round_.slug, "priority"]), {"priority-title": "<i>x</i>"}
    )
    assert "plain text only" in response.content.decode()
    response = client.post(
        reverse(action, args=[round_.slug, "from-feedback"]), {"from-feedback-items": ["999"]}
    )
    assert response.status_code == 200
    assert not round_.priorities.exists()
    assert client.post(reverse(action, args=[round_.slug, "nonsense"])).status_code == 403


def test_priority_removed_unless_a_bid_chose_it(login, db):
    round_ = BidRoundFactory()
    free, chosen = PriorityFactory(round=round_), PriorityFactory(round=round_)
    BidFactory(round=round_).priorities.add(chosen)
    client = login(user_with_role("coordinator", area=round_.area))
    response = client.post(reverse("budgeting:priority_remove", args=[free.pk]))
    assert response.url == reverse("budgeting:round_setup", args=[round_.slug])
    response = client.post(reverse("budgeting:priority_remove", args=[chosen.pk]))
    assert "cannot be removed" in response.content.decode()
    assert list(round_.priorities.all()) == [chosen]


def test_category_pots_added_within_the_pot(login, db):
    round_ = BidRoundFactory()
    fund(round_.pot, 100_000)
    client = login(user_with_role("coordinator", area=round_.area))
    action = reverse("budgeting:round_setup_action", args=[round_.slug, "category"])
    client.post(action, {"category-name": "Young people", "category-budget_pence": "400"})
    response = client.post(
        action, {"category-name": "Streets", "category-budget_pence": "2,000,000"}
    )
    assert "too large" in response.content.decode()
    response = client.post(action, {"category-name": "Streets", "category-budget_pence": "-1"})
    assert "zero or more" in response.content.decode()
    # More than the pot holds (what is pledged): the service refuses and says why.
    response = client.post(action, {"category-name": "Streets", "category-budget_pence": "29,700"})
    assert "more than the pot" in response.content.decode()
    assert list(Category.objects.values_list("name", "budget_pence")) == [("Young people", 40_000)]


def test_a_category_pot_is_changed_within_the_pot_and_what_it_awarded(login, db):
    round_ = _results_round()
    FundingPot.objects.filter(pk=round_.pot_id).update(target_pence=500_000)  # £5,000 pledged
    young = category_create(actor=None, round=round_, name="Young people", budget_pence=200_000)
    category_create(actor=None, round=round_, name="Streets", budget_pence=200_000)
    award_create(
        actor=None,
        bid=submitted_bid(round=round_, status="shortlisted", amount_requested_pence=120_000),
        category=young,
    )
    client = login(user_with_role("coordinator", area=round_.area))
    url = reverse("budgeting:category_update", args=[young.pk])
    setup = client.get(reverse("budgeting:round_setup", args=[round_.slug])).content.decode()
    assert url in setup

    def save(budget: str, name: str = "Young people"):
        return client.post(url, {"name": name, "budget_pence": budget, "order": "1"})

    assert "more than the pot" in save("3,100").content.decode()  # 3,100 + 2,000 > 5,000
    assert "cannot be less" in save("1,000").content.decode()  # it awarded £1,200 already
    young.refresh_from_db()
    assert (young.name, young.budget_pence) == ("Young people", 200_000)
    response = save("1,500", name="Young people and families")
    assert response.url == reverse("budgeting:round_setup", args=[round_.slug])
    young.refresh_from_db()
    assert (young.name, young.budget_pence, young.order) == (
        "Young people and families",
        150_000,
        1,
    )
    entry = AuditEntry.objects.get(action="category.update")
    assert entry.data["before"]["budget"] == 200_000 and entry.data["after"]["budget"] == 150_000
    # Once the leftovers have moved, the category pots are fixed.
    round_.leftovers_moved_at = timezone.now()
    round_.save(update_fields=["leftovers_moved_at"])
    assert "now fixed" in save("1,600").content.decode()
    assert (
        url not in client.get(reverse("budgeting:round_setup", args=[round_.slug])).content.decode()
    )


# --- After the vote ----------------------------------------------------------------------------


def test_revoke_an_award_with_a_reason(login, db):
    round_ = _results_round()
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    award = award_create(actor=None, bid=bid)
    client = login(user_with_role("coordinator", area=round_.area))
    money = client.get(reverse("budgeting:round_money", args=[round_.slug])).content.decode()
    url = reverse("budgeting:award_revoke", args=[award.pk])
    assert url in money
    response = client.post(url, {"reason": "  "})
    assert "This field is required" in response.content.decode()
    response = client.post(url, {"reason": "<b>no</b>"})
    assert "plain text only" in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is None
    response = client.post(url, {"reason": "The group has folded."})
    assert response.url == reverse("budgeting:round_money", args=[round_.slug])
    award.refresh_from_db()
    bid.refresh_from_db()
    assert award.revoked_reason == "The group has folded." and bid.status == BidStatus.NOT_FUNDED
    assert FundingPot.objects.get(pk=round_.pot_id).awarded_pence == 0
    assert BidEmail.objects.filter(bid=bid, kind="not_funded").get().note == (
        "The group has folded."
    )
    assert client.get(url).status_code == 404  # already revoked


def test_leftovers_move_once_after_voting(login, db):
    round_ = BidRoundFactory(phase=Phase.REVIEW, leftover_rule=LeftoverRule.NEXT_CATEGORY)
    fund(round_.pot, 100_000)
    a = category_create(actor=None, round=round_, name="A", budget_pence=30_000, order=1)
    b = category_create(actor=None, round=round_, name="B", budget_pence=20_000, order=2)
    client = login(user_with_role("coordinator", area=round_.area))
    url = reverse("budgeting:leftovers_move", args=[round_.slug])
    setup = reverse("budgeting:round_setup", args=[round_.slug])
    # Before voting has closed: refused, nothing moves.
    assert client.post(url).url == setup
    a.refresh_from_db()
    assert a.transfer_out_pence == 0
    BidRound.objects.filter(pk=round_.pk).update(**round_dates(Phase.COUNTING))
    page = client.get(url).content.decode()
    assert "£300" in page  # A's leftover, shown before anything moves
    assert client.post(url).url == setup
    b.refresh_from_db()
    assert b.transfer_in_pence == 30_000
    response = client.post(url)
    assert "already been moved" in response.content.decode()
    b.refresh_from_db()
    assert b.transfer_in_pence == 30_000


def test_close_unfunded_only_after_results_and_emails_each_group(login, db):
    round_ = BidRoundFactory(phase=Phase.COUNTING)
    fund(round_.pot, 500_000)
    winner = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    losers = [submitted_bid(round=round_, status=BidStatus.SHORTLISTED) for _ in range(2)]
    award_create(actor=None, bid=winner)
    client = login(user_with_role("coordinator", area=round_.area))
    url = reverse("budgeting:close_unfunded", args=[round_.slug])
    client.post(url)
    assert all(Bid.objects.get(pk=b.pk).status == "shortlisted" for b in losers)
    BidRound.objects.filter(pk=round_.pk).update(**round_dates(Phase.RESULTS))
    page = client.get(url).content.decode()
    assert losers[0].title in page and winner.title not in page
    response = client.post(url)
    assert response.url == reverse("budgeting:round_setup", args=[round_.slug])
    statuses = {Bid.objects.get(pk=b.pk).status for b in losers}
    assert statuses == {BidStatus.NOT_FUNDED}
    assert BidEmail.objects.filter(kind="not_funded").count() == 2
    client.post(url)  # again: nothing left to close, no second email
    assert BidEmail.objects.filter(kind="not_funded").count() == 2
    assert Award.objects.count() == 1
