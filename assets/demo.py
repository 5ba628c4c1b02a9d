"""Demo offers: a few hundred across the four Lincolnshire areas, some needs and matches.

Idempotent: every demo offer has a contact email made from its area and index, and is only
created when no offer in that area has it yet; needs and matches are got-or-created by title.
"""

from __future__ import annotations

import random

from django.utils import timezone

from engagement.demo import DemoWorld, demo_step

from .models import Need, Offer
from .sample import create_sample_offer, sample_offer, subcategories
from .services import match_create, match_update, offer_create, offer_safeguarding_check

OFFERS_PER_AREA = 80

NEEDS = [
    (
        "skegness",
        "A venue for the youth boxing project",
        Need.Kind.PROJECT,
        "venue",
        "Funded at the PB event: needs a hall for 20 young people on Thursday evenings.",
    ),
    (
        "sleaford",
        "Translation of the café invitation",
        Need.Kind.CAFE_THEME,
        "skills",
        "People whose first language is not English said they did not hear about the café.",
    ),
    (
        "gainsborough-south-west",
        "Litter pick after 'you said, we did'",
        Need.Kind.YOU_SAID_WE_DID,
        "time",
        "Residents said the alleys are full of rubbish; we promised a clean-up day.",
    ),
    (
        "sutton-bridge",
        "Minibus to the summer fun day",
        Need.Kind.PROJECT,
        "equipment",
        "Older residents need a lift to the fun day at the recreation ground.",
    ),
]


@demo_step(29)
def seed_postcodes(world: DemoWorld) -> None:
    """The shipped sample postcodes, so distance search and the map work in the demo beyond the
    built-in Lincolnshire table; a directory already loaded is left alone."""
    from .postcodes.loading import postcodes_load
    from .postcodes.models import Postcode
    from .postcodes.readers import read_rows
    from .postcodes.samples import ONSPD_SAMPLE

    if not Postcode.objects.exists():
        postcodes_load(rows=read_rows(ONSPD_SAMPLE))


@demo_step(30)
def seed_asset_offers(world: DemoWorld) -> None:
    today = timezone.localdate()
    subs = subcategories()
    volunteer = world.users.get("volunteer")
    for n, (slug, area) in enumerate(sorted(world.areas.items())):
        existing = set(Offer.objects.filter(area=area).values_list("contact_email", flat=True))
        for i in range(OFFERS_PER_AREA):
            index = n * 1000 + i
            probe = random.Random(f"{slug}-{i}")
            if sample_offer(probe, slug, today, index)["contact_email"] in existing:
                continue
            create_sample_offer(
                area=area,
                rng=random.Random(f"{slug}-{i}"),
                today=today,
                index=index,
                actor=volunteer if slug == "sleaford" and i % 3 == 0 else None,
                subs=subs,
            )
    _resident_offer(world)
    _clear_some_safeguarding(world)
    _needs_and_matches(world)


def _resident_offer(world: DemoWorld) -> None:
    resident = world.users.get("resident")
    if resident is None or Offer.objects.filter(offered_by=resident).exists():
        return
    offer_create(
        actor=resident,
        offered_by=resident,
        area=world.areas["skegness"],
        offerer_kind="individual",
        offerer_name=resident.name,
        contact_email=resident.email,
        kind="time",
        title="Helping at the community café",
        description="I can make tea and welcome people at the World Café evenings.",
        postcode="PE25 2",
        share_with=["council", "voluntary", "police"],
        consent_until=timezone.localdate() + timezone.timedelta(days=365),
    )


def _clear_some_safeguarding(world: DemoWorld) -> None:
    coordinator = world.users.get("coordinator")
    if Offer.objects.filter(
        area__programme=world.programme, safeguarding_checked_at__isnull=False
    ).exists():
        return
    pending = Offer.objects.filter(
        area__programme=world.programme, safeguarding="pending"
    ).order_by("id")
    for offer in pending[: max(0, pending.count() // 2)]:
        offer_safeguarding_check(
            actor=coordinator,
            offer=offer,
            cleared=True,
            note="Enhanced DBS certificate seen and references taken (demo).",
        )


def _needs_and_matches(world: DemoWorld) -> None:
    coordinator = world.users.get("coordinator")
    for slug, title, kind, wanted, description in NEEDS:
        area = world.areas[slug]
        need, created = Need.objects.get_or_create(
            area=area,
            title=title,
            defaults={
                "kind": kind,
                "wanted_kind": wanted,
                "description": description,
                "created_by": coordinator,
            },
        )
        if not created:
            continue
        offer = (
            Offer.objects.active().shareable().filter(area=area, kind=wanted).order_by("id").first()
        )
        if offer is None:
            continue
        match = match_create(actor=coordinator, need=need, offer=offer)
        if slug in ("skegness", "gainsborough-south-west"):
            match_update(actor=coordinator, match=match, status="contacted")
            match_update(actor=coordinator, match=match, status="agreed")
        if slug == "gainsborough-south-west":
            match_update(
                actor=coordinator,
                match=match,
                status="done",
                outcome="Twelve volunteers cleared four alleys.",
            )
