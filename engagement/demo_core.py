"""The core of the demo: the Lincolnshire World Café pilot, its four areas, partners and one
user per role. Figures come from the seed documents and Census 2021 (rounded)."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.utils import timezone

from .demo import DEMO_PASSWORD, DemoWorld
from .models import Area, Partner, PartnerType, Programme, Role, RoleAssignment, User

AREAS = [
    # slug, name, local authority, ward, population, postcode districts
    (
        "sutton-bridge",
        "Sutton Bridge",
        "South Holland District Council",
        "Sutton Bridge",
        4950,
        "PE12 9",
    ),
    ("sleaford", "Sleaford", "North Kesteven District Council", "Sleaford", 19800, "NG34 7,NG34 8"),
    ("skegness", "Skegness", "East Lindsey District Council", "Skegness", 21100, "PE25"),
    (
        "gainsborough-south-west",
        "South West Ward, Gainsborough",
        "West Lindsey District Council",
        "Gainsborough South West",
        5600,
        "DN21 2",
    ),
]

PARTNERS = [
    ("Lincolnshire Police", PartnerType.POLICE, None),
    ("Office of the Police and Crime Commissioner for Lincolnshire", PartnerType.POLICE, None),
    ("Lincolnshire County Council", PartnerType.COUNCIL, None),
    ("South Holland District Council", PartnerType.COUNCIL, "sutton-bridge"),
    ("North Kesteven District Council", PartnerType.COUNCIL, "sleaford"),
    ("East Lindsey District Council", PartnerType.COUNCIL, "skegness"),
    ("West Lindsey District Council", PartnerType.COUNCIL, "gainsborough-south-west"),
    ("Acis Group", PartnerType.HOUSING, "gainsborough-south-west"),
    ("Longhurst Group", PartnerType.HOUSING, "sleaford"),
    ("Skegness Lifeboat Community Trust", PartnerType.CHARITY, "skegness"),
    ("Sutton Bridge Primary School", PartnerType.SCHOOL, "sutton-bridge"),
    ("Lincolnshire Community Health Services", PartnerType.HEALTH, None),
]

# email local part, name, role, area slug (None = programme-wide), partner name
USERS = [
    ("admin", "Alex Admin", None, None, None),
    ("coordinator", "Chris Coordinator", Role.COORDINATOR, None, None),
    ("coordinator.skegness", "Sam Skegness", Role.COORDINATOR, "skegness", None),
    ("host", "Hana Host", Role.TABLE_HOST, "sleaford", None),
    ("volunteer", "Vic Volunteer", Role.VOLUNTEER, "sleaford", None),
    ("partner", "Pat Partner", Role.PARTNER, "gainsborough-south-west", "Acis Group"),
    ("pcc", "Priya PCC Office", Role.PCC_OFFICE, None, None),
    ("resident", "Rita Resident", None, None, None),
]

DEMO_DOMAIN = "demo.commonground.test"


def _user(local: str, name: str) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_core(world: DemoWorld) -> None:
    # A pilot year already under way whenever the demo is loaded: its past café, last vote and
    # finished bids all fall inside it.
    start = (timezone.localdate() - dt.timedelta(days=240)).replace(day=1)
    programme, _ = Programme.objects.get_or_create(
        slug="lincolnshire-world-cafe-pilot",
        defaults={
            "name": "Lincolnshire World Café pilot",
            "description": (
                "Police, the Police and Crime Commissioner and partners bring four parts of "
                "Lincolnshire together at World Café events to talk about their needs, concerns "
                "and opportunities for change, then fund the ideas with a community pot: £5,000 "
                "from the PCC in each area and a target of at least £30,000 raised locally."
            ),
            "funder_name": "Lincolnshire Police and Crime Commissioner",
            "start_date": start,
            "end_date": start.replace(year=start.year + 1) - dt.timedelta(days=1),
            "status": Programme.Status.ACTIVE,
            "retention_days": 365,
        },
    )
    world.programme = programme
    for slug, name, authority, ward, population, postcodes in AREAS:
        area, _ = Area.objects.get_or_create(
            programme=programme,
            slug=slug,
            defaults={
                "name": name,
                "local_authority": authority,
                "ward": ward,
                "population": population,
                "postcode_prefixes": postcodes,
            },
        )
        world.areas[slug] = area
    for name, kind, area_slug in PARTNERS:
        partner, _ = Partner.objects.get_or_create(name=name, type=kind)
        if area_slug:
            partner.areas.add(world.areas[area_slug])
        else:
            partner.areas.add(*world.areas.values())
        world.partners[name] = partner
    for local, name, role, area_slug, partner_name in USERS:
        user = _user(local, name)
        if local == "admin" and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        if role:
            RoleAssignment.objects.get_or_create(
                user=user,
                role=role,
                programme=programme,
                area=world.areas.get(area_slug) if area_slug else None,
                defaults={"partner": world.partners.get(partner_name)},
            )
        world.users[local] = user
        label = (
            str(Role(role).label) if role else ("Administrator" if local == "admin" else "Resident")
        )
        world.logins.append((label, user.email, DEMO_PASSWORD))
