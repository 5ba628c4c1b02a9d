"""Demo data: a finished programme in the style of Gwent and Merseyside (77 bids totalling
£149,000, 35 funded, across three PB events) and an open round in Skegness, Lincolnshire.

Idempotent: everything is looked up by natural keys, and a round that already has its bids is
left alone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from engagement.demo import DemoWorld, demo_step
from engagement.models import Area, Programme, Role, RoleAssignment

from .models import (
    Bid,
    BidRound,
    BidStatus,
    CostLine,
    FundingPot,
    GroupType,
    MonitoringUpdate,
    Priority,
)
from .services import (
    award_create,
    bid_submit,
    contribution_add,
    priorities_from_themes,
)

GWENT_SLUG = "gwent-merseyside-soc"

# slug, name, local authority, postcode districts, number of bids, number funded, housing partner
GWENT_AREAS = [
    (
        "ringland-alway",
        "Ringland and Alway",
        "Newport City Council",
        "NP19",
        27,
        12,
        "Newport City Homes",
    ),
    ("speke", "Speke", "Liverpool City Council", "L24", 26, 12, "South Liverpool Homes"),
    ("litherland", "Litherland", "Sefton Council", "L21", 24, 11, "One Vision Housing"),
]
TOTAL_BIDS, TOTAL_PENCE, TOTAL_FUNDED = 77, 14_900_000, 35

ACTIVITIES = [
    "Friday night detached youth work",
    "Boxing sessions for teenagers",
    "Mentoring for young people at risk of county lines",
    "Parents' evenings on spotting exploitation",
    "Community garden on the estate",
    "After-school football league",
    "Safe space drop-in for young people",
    "Music studio sessions",
    "Street-lighting survey and walkabouts",
    "Holiday activity club",
    "Girls' fitness and confidence course",
    "Older residents' befriending",
    "Community clean-up days",
    "Cooking on a budget for families",
    "Dance and drama workshops",
    "Residents' safety newsletter",
    "Fishing club for young people",
    "Bike repair workshop",
    "Street-based youth outreach van",
    "Local history and pride project",
]
GROUPS = [
    "Tenants' and Residents' Association",
    "Community Boxing Club",
    "Youth Forum",
    "Mums' Network",
    "Allotment Society",
    "Junior Football Club",
    "Faith Centre",
    "Community Arts Collective",
    "Neighbourhood Watch",
    "Pensioners' Club",
    "Family Centre",
]


def _amounts() -> list[int]:
    """77 bid amounts in £50 steps from £500 to £3,500 that add up to exactly £149,000."""
    amounts = [50_000 + ((i * 3_701) % 61) * 5_000 for i in range(TOTAL_BIDS)]
    # Spread the difference across bids in £50 steps, staying within the limits.
    difference = TOTAL_PENCE - sum(amounts)
    step = 5_000 if difference > 0 else -5_000
    index = 0
    while difference:
        candidate = amounts[index] + step
        if 50_000 <= candidate <= 350_000:
            amounts[index] = candidate
            difference -= step
        index = (index + 1) % TOTAL_BIDS
    assert sum(amounts) == TOTAL_PENCE
    return amounts


def _finished_round(
    area: Area,
    number: int,
    bids_here: int,
    funded_here: int,
    amounts: list[int],
    housing: str,
    start: dt.datetime,
) -> BidRound:
    pot, _ = FundingPot.objects.get_or_create(
        area=area, name=f"{area.name} community pot", defaults={"target_pence": 5_000_000}
    )
    round_, _ = BidRound.objects.get_or_create(
        slug=f"{area.slug}-pb-2019",
        defaults={
            "area": area,
            "pot": pot,
            "name": f"{area.name} participatory budgeting 2019",
            "published": True,
            "intro": (
                f"Money for community groups in {area.name} with ideas that help protect young "
                "and vulnerable people from serious and organised crime. Shortlisted groups "
                "pitched at a PB event and residents voted."
            ),
            "submission_opens": start,
            "submission_closes": start + dt.timedelta(days=35),
            "review_closes": start + dt.timedelta(days=45),
            "shortlist_closes": start + dt.timedelta(days=50),
            "voting_opens": start + dt.timedelta(days=60),
            "voting_closes": start + dt.timedelta(days=60, hours=4),
            "results_at": start + dt.timedelta(days=61),
            "max_amount_pence": 350_000,
            "min_amount_pence": 50_000,
            "max_bids_per_group": None,
        },
    )
    if round_.bids.exists():
        return round_
    bids = []
    for i, amount in enumerate(amounts):
        activity = ACTIVITIES[(number * 7 + i) % len(ACTIVITIES)]
        group = f"{area.name} {GROUPS[(number * 3 + i) % len(GROUPS)]}"
        bid = Bid.objects.create(
            round=round_,
            number=i + 1,
            status=BidStatus.SHORTLISTED,
            group_name=group if i < len(GROUPS) else f"{group} ({i // len(GROUPS) + 1})",
            group_key=f"name:{area.slug}-{i}",
            group_type=GroupType.COMMUNITY_GROUP,
            group_constituted=True,
            title=activity,
            summary=f"{activity} in {area.name}, run by local volunteers.",
            description=f"{activity}, helping young people and families in {area.name} feel "
            "safer and stay away from gangs and drug dealing.",
            beneficiaries="Young people and families on the estate.",
            beneficiaries_count=20 + (i * 13) % 180,
            location=area.name,
            amount_requested_pence=amount,
            works_with_children=i % 2 == 0,
            works_with_adults_at_risk=False,
            dbs_checks="all" if i % 2 == 0 else "not_needed",
            has_safeguarding_policy=True,
            submitted_at=start + dt.timedelta(days=1 + i % 30),
            ballot_position=i + 1,
        )
        CostLine.objects.create(bid=bid, item=activity, amount_pence=amount)
        bids.append(bid)
    # The bids that won the most votes at the event, spread deterministically over the list.
    winners = [bids[(i * 7) % bids_here] for i in range(funded_here)]  # 7 is coprime to each
    funded_total = sum(b.amount_requested_pence for b in winners)
    seed = 500_000
    for source, funder, pledged in [
        ("pcc", "Police and Crime Commissioner", seed),
        ("housing", housing, funded_total // 2),
        ("council", area.local_authority, funded_total - seed - funded_total // 2 + 25_000),
    ]:
        contribution_add(
            actor=None,
            pot=pot,
            source=source,
            funder_name=funder,
            pledged_pence=pledged,
            received_pence=pledged,
        )
    for bid in winners:
        project = award_create(actor=None, bid=bid, check_phase=False).project
        project.status = project.Status.COMPLETED
        project.final_report = "Delivered as planned."
        project.next_update_due = None
        project.completed_at = round_.results_at + dt.timedelta(days=180)
        project.save()
        project.updates.create(
            progress=f"{bid.title}: delivered over six months with local volunteers.",
            spend_pence=bid.amount_requested_pence,
            people_reached=bid.beneficiaries_count,
            is_final=True,
            status=MonitoringUpdate.Status.APPROVED,
        )
    Bid.objects.filter(round=round_, status=BidStatus.SHORTLISTED).update(
        status=BidStatus.NOT_FUNDED
    )
    return round_


def seed_gwent_merseyside(world: DemoWorld) -> Programme:
    programme, _ = Programme.objects.get_or_create(
        slug=GWENT_SLUG,
        defaults={
            "name": "Gwent and Merseyside: communities against serious and organised crime",
            "description": (
                "Two programmes helping communities protect vulnerable people from being drawn "
                "into serious and organised crime: World Cafés, then participatory budgeting at "
                "three PB events (600 people came; 40 residents helped plan them)."
            ),
            "funder_name": "Police and Crime Commissioners for Gwent and Merseyside",
            "start_date": dt.date(2018, 9, 1),
            "end_date": dt.date(2019, 8, 31),
            "status": Programme.Status.CLOSED,
        },
    )
    amounts = _amounts()
    start = timezone.make_aware(dt.datetime(2019, 1, 7, 9, 0))
    offset = 0
    for number, (slug, name, authority, postcodes, count, funded, housing) in enumerate(
        GWENT_AREAS
    ):
        area, _ = Area.objects.get_or_create(
            programme=programme,
            slug=slug,
            defaults={"name": name, "local_authority": authority, "postcode_prefixes": postcodes},
        )
        _finished_round(
            area,
            number,
            count,
            funded,
            amounts[offset : offset + count],
            housing,
            start + dt.timedelta(days=14 * number),
        )
        offset += count
    coordinator = world.users.get("coordinator")
    if coordinator is not None:
        RoleAssignment.objects.get_or_create(
            user=coordinator, role=Role.COORDINATOR, programme=programme, area=None
        )
    return programme


def seed_skegness_round(world: DemoWorld) -> BidRound:
    area = world.areas["skegness"]
    pot, created = FundingPot.objects.get_or_create(
        area=area, name="Skegness community pot", defaults={"target_pence": 3_000_000}
    )
    if created:
        for source, funder, pledged, received in [
            ("pcc", "Lincolnshire Police and Crime Commissioner", 500_000, 500_000),
            ("council", "East Lindsey District Council", 200_000, 0),
            ("business", "Skegness seafront traders", 150_000, 50_000),
        ]:
            contribution_add(
                actor=None,
                pot=pot,
                source=source,
                funder_name=funder,
                pledged_pence=pledged,
                received_pence=received,
            )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    round_, created = BidRound.objects.get_or_create(
        slug="skegness-community-bids",
        defaults={
            "area": area,
            "pot": pot,
            "name": "Skegness community bids",
            "published": True,
            "intro": (
                "Have an idea that would make Skegness safer or bring people together? Local "
                "groups can ask for up to £1,500. Residents will vote on the shortlist at a "
                "community event."
            ),
            "intro_cy": (
                "Oes gennych chi syniad a fyddai'n gwneud Skegness yn fwy diogel? Gall grwpiau "
                "lleol ofyn am hyd at £1,500."
            ),
            "submission_opens": now - dt.timedelta(days=7),
            "submission_closes": now + dt.timedelta(days=28),
            "review_closes": now + dt.timedelta(days=42),
            "shortlist_closes": now + dt.timedelta(days=49),
            "voting_opens": now + dt.timedelta(days=56),
            "voting_closes": now + dt.timedelta(days=56, hours=3),
            "results_at": now + dt.timedelta(days=57),
            "max_amount_pence": 150_000,
            "min_amount_pence": 10_000,
            "max_bids_per_group": 1,
        },
    )
    if created:
        priorities_from_themes(
            actor=None,
            round=round_,
            themes=[
                "Things for young people to do in the evenings",
                "Feeling safe on the seafront after dark",
                "Standing up to drug dealing and county lines",
            ],
            source="Skegness World Café",
        )
        resident = world.users.get("resident")
        if resident is not None:
            bid = Bid.objects.create(
                round=round_,
                applicant=resident,
                group_name="Skegness Youth Collective",
                group_key="name:skegness-youth-collective",
                group_type=GroupType.COMMUNITY_GROUP,
                group_constituted=True,
                contact_name=resident.name,
                contact_email=resident.email,
                title="Friday night youth club",
                summary="A free youth club on Friday nights with sport, music and hot food.",
                description="Open 6pm to 10pm at the community hall, run by trained volunteers.",
                beneficiaries="Young people aged 11 to 17 in Skegness.",
                beneficiaries_count=60,
                location="Skegness community hall",
                postcode="PE25 3SA",
                amount_requested_pence=120_000,
                works_with_children=True,
                works_with_adults_at_risk=False,
                dbs_checks="all",
                has_safeguarding_policy=True,
            )
            CostLine.objects.create(bid=bid, item="Hall hire (40 evenings)", amount_pence=80_000)
            CostLine.objects.create(bid=bid, item="Food and equipment", amount_pence=40_000)
            bid.priorities.set(Priority.objects.filter(round=round_)[:1])
            bid_submit(actor=resident, bid=bid)
    return round_


@demo_step(20)
def seed_budgeting(world: DemoWorld) -> None:
    world.extra["gwent_programme"] = seed_gwent_merseyside(world)
    world.extra["skegness_round"] = seed_skegness_round(world)
