"""Who sees which offer, and who may do what, for every role and every partner type. The list
(selector) and the detail permission (rule) must agree for every pair."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from assets.models import Offer
from assets.selectors import offer_list, offer_queryset
from assets.services import offer_safeguarding_check, offer_withdraw
from engagement.models import PartnerType, Role
from tests.assets.factories import NeedFactory, individual_offer, make_offer
from tests.factories import (
    AreaFactory,
    PartnerFactory,
    RoleAssignmentFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end; each test
    runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _build_world():
    skegness = AreaFactory(name="Skegness")
    sleaford = AreaFactory(name="Sleaford", programme=skegness.programme)
    elsewhere = AreaFactory(name="Elsewhere")
    owner = UserFactory()
    recorder = user_with_role(Role.VOLUNTEER, area=skegness)
    offers = {
        "org_public": make_offer(area=skegness, title="Public hall"),
        "org_partners": make_offer(area=skegness, title="Partner-only van", is_public=False),
        "org_flagged": make_offer(area=skegness, title="Kids club room", involves_vulnerable=True),
        "org_withdrawn": offer_withdraw(actor=None, offer=make_offer(area=skegness)),
        "ind_police": individual_offer(area=skegness, share_with=["police"], offered_by=owner),
        "ind_council_housing": individual_offer(
            area=skegness, share_with=["council", "housing"], actor=recorder
        ),
        "ind_health": individual_offer(area=skegness, share_with=["health"]),
        "ind_voluntary": individual_offer(area=skegness, share_with=["voluntary"]),
        "ind_nobody": individual_offer(area=skegness, share_with=[]),
        "ind_lapsed": individual_offer(area=skegness, share_with=list(_all())),
        "ind_flagged": individual_offer(
            area=skegness, share_with=list(_all()), involves_vulnerable=True
        ),
        "ind_cleared": individual_offer(
            area=skegness, share_with=list(_all()), title="Reading with children"
        ),
        "sleaford_org": make_offer(area=sleaford, title="Sleaford hall", is_public=False),
        "sleaford_ind": individual_offer(area=sleaford, share_with=list(_all())),
        "elsewhere_org": make_offer(area=elsewhere, is_public=False),
    }
    Offer.objects.filter(pk=offers["ind_lapsed"].pk).update(
        consent_until=timezone.localdate() - dt.timedelta(days=1)
    )
    offer_safeguarding_check(
        actor=UserFactory(), offer=offers["ind_cleared"], cleared=True, note="DBS seen"
    )
    return {
        "skegness": skegness,
        "sleaford": sleaford,
        "elsewhere": elsewhere,
        "owner": owner,
        "recorder": recorder,
        "offers": offers,
    }


def _all():
    return ["police", "council", "housing", "health", "voluntary"]


def _keys():
    return [
        "org_public",
        "org_partners",
        "org_flagged",
        "org_withdrawn",
        "ind_police",
        "ind_council_housing",
        "ind_health",
        "ind_voluntary",
        "ind_nobody",
        "ind_lapsed",
        "ind_flagged",
        "ind_cleared",
        "sleaford_org",
        "sleaford_ind",
        "elsewhere_org",
    ]


PUBLIC = {"org_public"}
ORG_SHARED_SKEGNESS = {"org_public", "org_partners"}
CLEARED_ALL = {"ind_cleared"}


def partner(world, partner_type, area_key="skegness"):
    user = UserFactory()
    area = world[area_key]
    RoleAssignmentFactory(
        user=user,
        role=Role.PARTNER,
        programme=area.programme,
        area=area,
        partner=PartnerFactory(type=partner_type),
    )
    return user


CASES = {
    "anonymous": (lambda w: AnonymousUser(), PUBLIC),
    "resident": (lambda w: UserFactory(), PUBLIC),
    "offerer": (lambda w: w["owner"], PUBLIC | {"ind_police"}),
    "volunteer_who_recorded": (
        lambda w: w["recorder"],
        ORG_SHARED_SKEGNESS | {"ind_council_housing"},
    ),
    "table_host": (
        lambda w: user_with_role(Role.TABLE_HOST, area=w["skegness"]),
        ORG_SHARED_SKEGNESS,
    ),
    "coordinator_of_area": (
        lambda w: user_with_role(Role.COORDINATOR, area=w["skegness"]),
        {k for k in _keys() if not k.startswith(("sleaford", "elsewhere"))},
    ),
    "coordinator_wrong_area": (
        lambda w: user_with_role(Role.COORDINATOR, area=w["sleaford"]),
        PUBLIC | {"sleaford_org", "sleaford_ind"},
    ),
    "coordinator_programme_wide": (
        lambda w: user_with_role(Role.COORDINATOR, programme=w["skegness"].programme),
        set(_keys()) - {"elsewhere_org"},
    ),
    "coordinator_other_programme": (
        lambda w: user_with_role(Role.COORDINATOR, area=w["elsewhere"]),
        PUBLIC | {"elsewhere_org"},
    ),
    "pcc_office": (
        lambda w: user_with_role(Role.PCC_OFFICE, programme=w["skegness"].programme),
        ORG_SHARED_SKEGNESS | {"sleaford_org", "ind_police", "ind_cleared", "sleaford_ind"},
    ),
    "superuser": (lambda w: user_with_role("superuser"), set(_keys())),
}

PARTNER_CASES = {
    PartnerType.POLICE: {"ind_police"},
    PartnerType.COUNCIL: {"ind_council_housing"},
    PartnerType.HOUSING: {"ind_council_housing"},
    PartnerType.HEALTH: {"ind_health"},
    PartnerType.CHARITY: {"ind_voluntary"},
    PartnerType.SCHOOL: set(),
    PartnerType.BUSINESS: set(),
    PartnerType.OTHER: set(),
}


def _visible(world, user) -> set[str]:
    by_pk = {o.pk: k for k, o in world["offers"].items()}
    return {by_pk[pk] for pk in offer_queryset(user=user).values_list("pk", flat=True)}


def _check(world, user, expected):
    assert _visible(world, user) == expected
    for key, offer in world["offers"].items():
        assert user.has_perm("assets.view_offer", offer) == (key in expected), key


@pytest.mark.parametrize("case", list(CASES))
def test_visibility_by_role(world, case):
    make_user, expected = CASES[case]
    _check(world, make_user(world), expected)


@pytest.mark.parametrize("partner_type", list(PARTNER_CASES))
def test_visibility_by_partner_type(world, partner_type):
    expected = ORG_SHARED_SKEGNESS | PARTNER_CASES[partner_type]
    if partner_type in (
        PartnerType.POLICE,
        PartnerType.COUNCIL,
        PartnerType.HOUSING,
        PartnerType.HEALTH,
        PartnerType.CHARITY,
    ):
        expected = expected | CLEARED_ALL
    _check(world, partner(world, partner_type), expected)


def test_partner_of_another_area_sees_only_that_area(world):
    user = partner(world, PartnerType.POLICE, area_key="sleaford")
    _check(world, user, PUBLIC | {"sleaford_org", "sleaford_ind"})


def test_active_list_hides_withdrawn_even_from_coordinators(world):
    coordinator = user_with_role(Role.COORDINATOR, area=world["skegness"])
    titles = {o.pk for o in offer_list(user=coordinator)}
    assert world["offers"]["org_withdrawn"].pk not in titles


def _users(world):
    skegness, sleaford = world["skegness"], world["sleaford"]
    return {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "offerer": world["owner"],
        "volunteer": world["recorder"],
        "table_host": user_with_role(Role.TABLE_HOST, area=skegness),
        "partner": partner(world, PartnerType.POLICE),
        "pcc_office": user_with_role(Role.PCC_OFFICE, programme=skegness.programme),
        "coordinator_wrong_area": user_with_role(Role.COORDINATOR, area=sleaford),
        "coordinator": user_with_role(Role.COORDINATOR, area=skegness),
        "superuser": user_with_role("superuser"),
    }


# Which users hold each permission over the Skegness offer/area/need.
PERMISSIONS = {
    "assets.change_offer": {"offerer", "coordinator", "superuser"},
    "assets.withdraw_offer": {"offerer", "coordinator", "superuser"},
    "assets.check_safeguarding": {"coordinator", "superuser"},
    "assets.record_offer": {"volunteer", "table_host", "coordinator", "superuser"},
    "assets.import_offers": {"volunteer", "table_host", "coordinator", "superuser"},
    "assets.export_offers": {
        "partner",
        "pcc_office",
        "coordinator",
        "coordinator_wrong_area",
        "superuser",
    },
    "assets.manage_needs": {"coordinator", "superuser"},
    "assets.add_match": {"coordinator", "superuser"},
    "assets.change_match": {"coordinator", "superuser"},
    "assets.view_figures": {"pcc_office", "coordinator", "superuser"},
    "assets.add_offer": set(),  # every signed-in user, checked below
}


@pytest.mark.parametrize("perm", list(PERMISSIONS))
def test_permissions_role_by_role(world, perm):
    offer = world["offers"]["ind_police"]
    need = NeedFactory(area=world["skegness"])
    match_obj = need.matches.model(need=need, offer=offer)
    target = {
        "assets.change_offer": offer,
        "assets.withdraw_offer": offer,
        "assets.check_safeguarding": offer,
        "assets.record_offer": world["skegness"],
        "assets.import_offers": world["skegness"],
        "assets.export_offers": None,
        "assets.manage_needs": need,
        "assets.add_match": need,
        "assets.change_match": match_obj,
        "assets.view_figures": world["skegness"],
        "assets.add_offer": None,
    }[perm]
    users = _users(world)
    expected = PERMISSIONS[perm]
    if perm == "assets.add_offer":
        expected = set(users) - {"anonymous"}
    allowed = {name for name, user in users.items() if user.has_perm(perm, target)}
    assert allowed == expected
