"""Demo events: past and upcoming World Cafés and PB events in the four Lincolnshire areas,
with realistic bookings, attendance, equality answers, "you said, we did", the engagement
register and one Community Tension Assessment. Idempotent (natural keys; bookings only added
to an event that has none)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .census import SAMPLE_FILE
from .demo import DemoWorld, demo_step
from .models import (
    AuditEntry,
    EngagementActivity,
    EqualityResponse,
    Event,
    PopulationFigure,
    Registration,
    TensionAssessment,
    YouSaidWeDid,
)
from .models.registrations import CODE_ALPHABET
from .services.equality import population_census_import

VENUES = {
    "sutton-bridge": ("Curlew Centre", "Railway Lane, Sutton Bridge", "PE12 9UZ"),
    "sleaford": ("Sleaford Town Hall", "Market Place, Sleaford", "NG34 7SH"),
    "skegness": ("Skegness Embassy Theatre", "Grand Parade, Skegness", "PE25 2UG"),
    "gainsborough-south-west": ("Trinity Arts Centre", "Trinity Street, Gainsborough", "DN21 2AL"),
}

# Census 2021 shares (rounded) used to compare who comes with who lives there.
POPULATION = {
    "age_band:16_24": "8.5",
    "age_band:25_44": "22.0",
    "age_band:45_64": "27.5",
    "age_band:65_74": "14.5",
    "age_band:75_plus": "11.0",
    "ethnicity:white": "95.5",
    "ethnicity:asian": "1.2",
    "ethnicity:mixed": "1.3",
    "disability:yes": "24.0",
    "first_language:other": "6.5",
    "groups:young_people": "18.0",
    "groups:older_people": "25.5",
    "groups:travelling": "0.4",
}

# The area whose sex and ethnic group shares come from the shipped sample Census file, loaded
# the way a coordinator loads a real ONS table (its figures are made up, like the whole demo).
CENSUS_SAMPLE_AREA = "skegness"
CENSUS_SAMPLE = Path(settings.BASE_DIR) / "static" / SAMPLE_FILE


def _census_sample_load(area) -> None:
    if AuditEntry.objects.filter(action="population.import", object_id=str(area.pk)).exists():
        return
    population_census_import(
        actor=None, area=area, data=CENSUS_SAMPLE.read_bytes(), file_name=CENSUS_SAMPLE.name
    )


FIRST = [
    "Amelia",
    "Oliver",
    "Isla",
    "Jack",
    "Grace",
    "Harry",
    "Freya",
    "George",
    "Ava",
    "Noah",
    "Agnieszka",
    "Tomasz",
    "Ruth",
    "Derek",
    "Margaret",
    "Kevin",
    "Priya",
    "Sean",
    "Leanne",
    "Ray",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Kowalski",
    "Nowak",
    "Evans",
    "Walker",
    "Wright",
    "Hall",
    "Clarke",
    "Green",
    "Baker",
    "Price",
    "Patel",
    "Lee",
    "Hughes",
]


def _code(rng: random.Random) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _i in range(6))
        if not Registration.objects.filter(code=code).exists():
            return code


def _event(
    world: DemoWorld, area_slug: str, kind: str, days: int, title: str, capacity: int
) -> Event:
    area = world.areas[area_slug]
    venue, address, postcode = VENUES[area_slug]
    start = (timezone.now() + dt.timedelta(days=days)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    slug = f"{area_slug}-{kind.replace('_', '-')}-{'past' if days < 0 else 'next'}"
    event, _created = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            "programme": world.programme,
            "area": area,
            "title": title,
            "purpose": (
                "An evening to talk with neighbours, the police and partners about what is good "
                "about where you live, what worries you, and what could change."
                if kind == Event.Kind.WORLD_CAFE
                else "Local groups pitch their ideas and residents vote on which are funded from "
                "the community pot."
            ),
            "venue_name": venue,
            "venue_address": address,
            "venue_postcode": postcode,
            "step_free": True,
            "hearing_loop": area_slug != "sutton-bridge",
            "parking": True,
            "accessible_toilets": True,
            "quiet_room": kind == Event.Kind.WORLD_CAFE,
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2, minutes=30),
            "capacity": capacity,
            "reserved_places": 6,
            "languages": "English, Polish"
            if area_slug in ("sutton-bridge", "skegness")
            else "English",
            "status": Event.Status.COMPLETED if days < 0 else Event.Status.PUBLISHED,
            "created_by": world.users["coordinator"],
        },
    )
    return event


def _fill(event: Event, rng: random.Random, booked: int, came: float, walk_ins: int) -> None:
    if event.registrations.exists():
        return
    past = event.ends_at < timezone.now()
    rows, places = [], 0
    for i in range(booked + walk_ins):
        walk_in = i >= booked
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        party = rng.choices([1, 2, 3], weights=[75, 18, 7])[0]
        # Bookings fill the public places at most and walk-ins the rest of the room, as the
        # booking and check-in pages would allow.
        party = min(party, (event.capacity if walk_in else event.public_places) - places)
        if party <= 0:
            continue
        places += party
        attended = past and (walk_in or rng.random() < came)
        rows.append(
            Registration(
                event=event,
                name=name,
                email=""
                if rng.random() < 0.1
                else f"{name.lower().replace(' ', '.')}{i}@example.org",
                phone="01775 000" + str(100 + i) if rng.random() < 0.2 else "",
                party_size=party,
                group_details="with my children" if party > 1 else "",
                access_needs=["wheelchair"] if rng.random() < 0.06 else [],
                contact_consent=rng.random() < 0.6,
                source=Registration.Source.WALK_IN
                if walk_in
                else rng.choice(["online"] * 8 + ["phone", "paper"]),
                status=Registration.Status.CONFIRMED,
                code=_code(rng),
                checked_in_at=event.starts_at + dt.timedelta(minutes=rng.randint(-10, 25))
                if attended
                else None,
            )
        )
    Registration.objects.bulk_create(rows)
    answers = []
    for _i in range(int(booked * 0.6)):
        age = rng.choices(
            ["16_24", "25_44", "45_64", "65_74", "75_plus"], weights=[4, 22, 38, 24, 12]
        )[0]
        answers.append(
            EqualityResponse(
                event=event,
                age_band=age,
                ethnicity=rng.choices(
                    ["white", "asian", "mixed", "prefer_not"], weights=[90, 3, 3, 4]
                )[0],
                disability=rng.choices(["yes", "no", "prefer_not"], weights=[22, 70, 8])[0],
                first_language=rng.choices(["english", "other"], weights=[93, 7])[0],
                group_young_people=age == "16_24",
                group_older_people=age in ("65_74", "75_plus"),
            )
        )
    EqualityResponse.objects.bulk_create(answers)


@demo_step(40)
def seed_events(world: DemoWorld) -> None:
    rng = random.Random(2026)
    for area_slug, area in world.areas.items():
        for key, percent in POPULATION.items():
            PopulationFigure.objects.get_or_create(
                area=area, key=key, defaults={"percent": Decimal(percent)}
            )
        if area_slug == CENSUS_SAMPLE_AREA:
            _census_sample_load(area)
        name = area.name.split(",")[0]
        past = _event(world, area_slug, Event.Kind.WORLD_CAFE, -21, f"{name} World Café", 60)
        _fill(past, rng, booked=38, came=0.78, walk_ins=7)
        upcoming = _event(
            world, area_slug, Event.Kind.WORLD_CAFE, 12, f"{name} World Café: round two", 60
        )
        _fill(upcoming, rng, booked=17, came=0, walk_ins=0)
        pb = _event(
            world,
            area_slug,
            Event.Kind.PB_EVENT,
            35 if area_slug != "skegness" else -7,
            f"{name} community vote",
            150,
        )
        _fill(pb, rng, booked=55 if pb.ends_at < timezone.now() else 24, came=0.82, walk_ins=20)
        YouSaidWeDid.objects.get_or_create(
            area=area,
            you_said=f"Speeding traffic near the school in {name} worries parents.",
            defaults={
                "event": past,
                "we_did": "Community Speed Watch sessions started, with PCSOs at school times.",
                "owner": "Lincolnshire Police neighbourhood team",
                "status": YouSaidWeDid.Status.DONE,
                "action_date": timezone.localdate() - dt.timedelta(days=7),
            },
        )
        YouSaidWeDid.objects.get_or_create(
            area=area,
            you_said="There is nothing for teenagers to do in the evenings.",
            defaults={
                "event": past,
                "we_did": "A youth club bid is going to the community vote.",
                "owner": "District council and youth service",
                "status": YouSaidWeDid.Status.IN_PROGRESS,
            },
        )
    activities = [
        (
            "Lincolnshire Police residents' survey",
            "survey",
            "consulting",
            ["everyone"],
            None,
            "Lincolnshire Police",
            True,
        ),
        (
            "Gainsborough tenants' forum",
            "forum",
            "consulting",
            ["everyone", "older_people"],
            "gainsborough-south-west",
            "Acis Group",
            True,
        ),
        (
            "Skegness youth detached work",
            "youth_work",
            "participating",
            ["young_people"],
            "skegness",
            "East Lindsey District Council",
            True,
        ),
        (
            "Sleaford community newsletter",
            "newsletter",
            "informing",
            ["everyone"],
            "sleaford",
            "North Kesteven District Council",
            False,
        ),
        (
            "Sutton Bridge school safety project",
            "community_project",
            "participating",
            ["young_people"],
            "sutton-bridge",
            "Sutton Bridge Primary School",
            True,
        ),
    ]
    for title, kind, strand, audiences, area_slug, partner, join in activities:
        EngagementActivity.objects.get_or_create(
            programme=world.programme,
            title=title,
            defaults={
                "kind": kind,
                "strand": strand,
                "audiences": audiences,
                "area": world.areas.get(area_slug) if area_slug else None,
                "partner": world.partners.get(partner),
                "police_can_join": join,
                "starts_on": timezone.localdate() - dt.timedelta(days=60),
                "ends_on": timezone.localdate() + dt.timedelta(days=120),
            },
        )
    if not TensionAssessment.objects.filter(programme=world.programme).exists():
        assessment = TensionAssessment(
            programme=world.programme,
            area=world.areas["skegness"],
            title="Disorder on the seafront after a stabbing",
            incident_date=timezone.localdate() - dt.timedelta(days=10),
            what_happened="A young man was stabbed near the amusements; rumours spread online.",
            communities_affected="Seasonal workers, the Eastern European community, young people.",
            vulnerable_groups="Young people; migrant workers in shared housing.",
            tension_level=TensionAssessment.Level.HIGH,
            confidence_assessment=(
                "Confidence dipped; visible patrols and partner messages are helping."
            ),
            actions=(
                "Extra patrols at weekends; meeting with community leaders; myth-busting posts."
            ),
            next_review_on=timezone.localdate() + dt.timedelta(days=4),
            owner=world.users["coordinator.skegness"],
        )
        assessment._history_user = world.users["coordinator.skegness"]
        assessment.save()
