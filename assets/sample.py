"""Realistic offers for the demo, the search-relevance tests and the benchmark.

Drawn from what the seed documents say people offered: venues, time, skills, equipment,
sponsorship from local businesses, connections into communities. Names are invented.
"""

from __future__ import annotations

import datetime as dt
import random

# kind, offerer kind, offerer, title, description, tags, schedule, capacity, subcategory slug
CATALOGUE: list[tuple[str, str, str, str, str, list[str], str, str, str]] = [
    (
        "venue",
        "group",
        "St Mary's Church",
        "Church hall with kitchen",
        "A warm hall with a kitchen and accessible toilets, free for community groups on weekday "
        "evenings.",
        ["hall", "kitchen"],
        "Weekday evenings",
        "Seats 80",
        "venues-and-rooms",
    ),
    (
        "venue",
        "institution",
        "The Academy",
        "School sports hall at weekends",
        "Sports hall and playing field available on Saturdays for community events.",
        ["sports", "hall"],
        "Saturdays",
        "200 people",
        "venues-and-rooms",
    ),
    (
        "venue",
        "business",
        "The Anchor pub",
        "Function room above the pub",
        "Function room for meetings and World Café events, with a projector.",
        ["meeting room", "projector"],
        "Mondays to Thursdays",
        "40 people",
        "venues-and-rooms",
    ),
    (
        "venue",
        "group",
        "Community Centre",
        "Community centre meeting rooms",
        "Two meeting rooms and a café space, wheelchair accessible, free parking.",
        ["meeting room", "parking"],
        "Daytime",
        "2 rooms of 20",
        "venues-and-rooms",
    ),
    (
        "venue",
        "institution",
        "Town Library",
        "Library study room",
        "A quiet room in the library for small groups and surgeries.",
        ["library", "quiet"],
        "Library opening hours",
        "12 people",
        "libraries",
    ),
    (
        "equipment",
        "business",
        "Fenland Hire",
        "Gazebos and tables for events",
        "Three gazebos, twelve trestle tables and chairs to lend for community events.",
        ["events", "gazebo"],
        "On request",
        "3 gazebos",
        "equipment",
    ),
    (
        "equipment",
        "group",
        "Rotary Club",
        "PA system and microphones",
        "Portable PA with two wireless microphones, delivered and set up.",
        ["sound", "events"],
        "Weekends",
        "",
        "equipment",
    ),
    (
        "equipment",
        "business",
        "Coastal Motors",
        "Minibus with driver",
        "Sixteen-seat minibus with a volunteer driver for trips and getting people to events.",
        ["transport", "minibus"],
        "Sundays",
        "16 seats",
        "transport",
    ),
    (
        "equipment",
        "individual",
        "",
        "Lawn mower and garden tools to lend",
        "Petrol mower, strimmer and hand tools for tidy-up days.",
        ["garden", "tools"],
        "Weekends",
        "",
        "equipment",
    ),
    (
        "money",
        "business",
        "Lincs Co-operative",
        "Community fund sponsorship",
        "Sponsorship of up to £1,000 for projects that bring neighbours together.",
        ["sponsorship", "grant"],
        "Quarterly rounds",
        "£1,000",
        "money-and-sponsorship",
    ),
    (
        "money",
        "business",
        "Harbour Fish Bar",
        "Match funding for youth projects",
        "We will match fundraising for projects for young people, pound for pound up to £500.",
        ["match funding", "young people"],
        "",
        "£500",
        "money-and-sponsorship",
    ),
    (
        "money",
        "business",
        "Wolds Builders",
        "Prizes and raffle donations",
        "Vouchers and raffle prizes for community fundraising.",
        ["raffle", "fundraising"],
        "",
        "",
        "in-kind-donations",
    ),
    (
        "skills",
        "individual",
        "",
        "Football coaching for children",
        "FA level 2 coach offering Saturday morning sessions for children aged 8 to 12.",
        ["football", "sport"],
        "Saturday mornings",
        "2 hours a week",
        "skills-and-trades",
    ),
    (
        "skills",
        "individual",
        "",
        "Sewing and alterations",
        "Retired seamstress happy to run a repair café or teach basic sewing.",
        ["sewing", "repair"],
        "Once a month",
        "3 hours a month",
        "skills-and-trades",
    ),
    (
        "skills",
        "individual",
        "",
        "Bookkeeping for small groups",
        "Accountant who can help community groups with accounts and funding bids.",
        ["accounts", "funding bids"],
        "Evenings",
        "4 hours a month",
        "skills-and-trades",
    ),
    (
        "skills",
        "individual",
        "",
        "Polish and Lithuanian translation",
        "I can translate leaflets and interpret at meetings in Polish and Lithuanian.",
        ["translation", "languages"],
        "Flexible",
        "A few hours a month",
        "languages-and-translation",
    ),
    (
        "skills",
        "business",
        "Digital Skegness",
        "Website and social media help",
        "Free help setting up a website or Facebook page for community groups.",
        ["digital", "social media"],
        "Weekday daytimes",
        "10 hours",
        "skills-and-trades",
    ),
    (
        "skills",
        "individual",
        "",
        "First aid at community events",
        "Qualified first aider available to cover fun days and fêtes.",
        ["first aid", "events"],
        "Weekends",
        "",
        "first-aid-and-care",
    ),
    (
        "skills",
        "individual",
        "",
        "Painting and decorating",
        "Decorator who can lead a volunteer team to refresh a community building.",
        ["decorating", "diy"],
        "Summer",
        "5 days",
        "skills-and-trades",
    ),
    (
        "time",
        "individual",
        "",
        "Litter picking volunteer",
        "Happy to join or organise litter picks on the seafront and in the park.",
        ["litter", "environment"],
        "Sunday mornings",
        "2 hours a month",
        "volunteering-time",
    ),
    (
        "time",
        "individual",
        "",
        "Befriending older neighbours",
        "Regular visits and phone calls for older people living alone.",
        ["befriending", "older people"],
        "Weekly",
        "2 hours a week",
        "volunteering-time",
    ),
    (
        "time",
        "group",
        "Women's Institute",
        "Volunteers for a community café",
        "Members to run tea and cake at events and a monthly community café.",
        ["café", "volunteers"],
        "Monthly",
        "6 volunteers",
        "friendship-and-support-groups",
    ),
    (
        "time",
        "individual",
        "",
        "Reading with pupils at the primary school",
        "Retired teacher offering to hear children read once a week.",
        ["reading", "school"],
        "Wednesday afternoons",
        "1 hour a week",
        "mentoring-and-coaching",
    ),
    (
        "time",
        "group",
        "Neighbourhood Watch",
        "Street walkabouts",
        "Members join police and council walkabouts to map concerns and assets.",
        ["walkabout", "safety"],
        "Monthly",
        "8 members",
        "residents-associations",
    ),
    (
        "connections",
        "group",
        "Mosque committee",
        "Introductions to the Muslim community",
        "We can share news and invitations with families who rarely come to public meetings.",
        ["faith", "outreach"],
        "",
        "",
        "faith-groups",
    ),
    (
        "connections",
        "group",
        "Travellers' liaison group",
        "Links with the travelling community",
        "Trusted contacts who can carry invitations and concerns both ways.",
        ["travellers", "outreach"],
        "",
        "",
        "friendship-and-support-groups",
    ),
    (
        "connections",
        "individual",
        "",
        "Contacts with local fishermen",
        "Skipper who knows most of the boat owners and can bring them to meetings.",
        ["fishing", "outreach"],
        "",
        "",
        "volunteering-time",
    ),
    (
        "connections",
        "institution",
        "Job Centre",
        "Routes into work and training",
        "Advisers who can link residents to apprenticeships and training courses.",
        ["jobs", "training"],
        "Weekdays",
        "",
        "jobs-and-training",
    ),
    (
        "knowledge",
        "individual",
        "",
        "Local history talks",
        "Talks on the history of the town and its buildings for groups and schools.",
        ["history", "talks"],
        "On request",
        "1 hour talk",
        "heritage-and-history",
    ),
    (
        "knowledge",
        "institution",
        "Fire and Rescue",
        "Home fire safety advice",
        "Free home safety checks and talks on fire safety.",
        ["fire safety", "advice"],
        "Weekdays",
        "",
        "police-and-fire",
    ),
    (
        "knowledge",
        "group",
        "Allotment society",
        "Growing food workshops",
        "Workshops on growing vegetables and a plot for a community garden.",
        ["allotment", "food"],
        "Spring and summer",
        "10 people",
        "allotments-and-gardens",
    ),
    (
        "knowledge",
        "individual",
        "",
        "Cooking on a budget sessions",
        "Chef offering cookery sessions for families on healthy meals for less.",
        ["cooking", "food"],
        "Evenings",
        "8 people",
        "food-and-cooking",
    ),
    (
        "venue",
        "group",
        "Sailing club",
        "Clubhouse and slipway",
        "Clubhouse with a view of the river, and help with water safety days.",
        ["river", "water safety"],
        "Weekends out of season",
        "50 people",
        "beaches-and-waterways",
    ),
    (
        "venue",
        "institution",
        "Country park",
        "Woodland space for outdoor events",
        "Rangers can host nature walks and outdoor events in the country park.",
        ["outdoors", "nature"],
        "All year",
        "",
        "parks-and-green-space",
    ),
    (
        "skills",
        "group",
        "Boxing club",
        "Boxing fitness sessions for teenagers",
        "Coaches run free fitness sessions to keep teenagers active and off the streets.",
        ["boxing", "youth"],
        "Thursday evenings",
        "20 places",
        "sports-clubs",
    ),
    (
        "skills",
        "group",
        "Brass band",
        "Music at community events",
        "The town band can play at fun days and remembrance events.",
        ["music", "events"],
        "Weekends",
        "25 players",
        "music-and-performance",
    ),
    (
        "skills",
        "individual",
        "",
        "Art classes for adults",
        "Painting and drawing sessions for adults, materials supplied.",
        ["art", "wellbeing"],
        "Tuesday mornings",
        "10 people",
        "arts-and-crafts",
    ),
]

FIRST = ["Sam", "Alex", "Jo", "Chris", "Pat", "Jean", "Mo", "Priya", "Tom", "Anna", "Lee", "Kasia"]
LAST = ["Smith", "Jones", "Patel", "Brown", "Nowak", "Taylor", "Wilson", "Evans", "Clarke"]

AREA_POSTCODES = {
    "sutton-bridge": ["PE12 9"],
    "sleaford": ["NG34 7", "NG34 8"],
    "skegness": ["PE25 1", "PE25 2", "PE25 3"],
    "gainsborough-south-west": ["DN21 2"],
}
TOWN = {
    "sutton-bridge": "Sutton Bridge",
    "sleaford": "Sleaford",
    "skegness": "Skegness",
    "gainsborough-south-west": "Gainsborough",
}


def sample_offer(rng: random.Random, area_slug: str, today: dt.date, index: int = 0) -> dict:
    """Keyword arguments for ``offer_create`` (without area/actor), varied by ``rng``."""
    # Cycling through the catalogue guarantees every kind of offer appears in a large enough set.
    kind, offerer_kind, offerer, title, description, tags, schedule, capacity, sub = CATALOGUE[
        index % len(CATALOGUE)
    ]
    sector = rng.choice(AREA_POSTCODES.get(area_slug, ["PE25 1"]))
    postcode = f"{sector}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    town = TOWN.get(area_slug, "Skegness")
    fields = {
        "kind": kind,
        "offerer_kind": offerer_kind,
        "title": title,
        "description": description,
        "tags": tags,
        "schedule": schedule,
        "capacity": capacity,
        "subcategory_slug": sub,
        "postcode": postcode,
        "frequency": rng.choice(["one_off", "recurring", "recurring", "ongoing"]),
        "insured": rng.random() < 0.5,
        "dbs_checked": rng.random() < 0.3,
        "accessible_venue": kind == "venue" and rng.random() < 0.7,
    }
    if offerer_kind == "individual":
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        fields.update(
            offerer_name=name,
            contact_email=f"{name.lower().replace(' ', '.')}{index}@example.org",
            share_with=rng.sample(
                ["police", "council", "housing", "health", "voluntary"], rng.randint(1, 3)
            ),
            consent_until=today + dt.timedelta(days=rng.randint(60, 700)),
        )
    else:
        domain = "".join(c for c in offerer.lower() if c.isalnum())
        fields.update(
            offerer_name=f"{town} {offerer}",
            contact_email=f"hello{index}@{domain}.example.org",
            is_public=rng.random() < 0.8,
        )
    fields.update(sample_availability(index, today))
    return fields


def sample_availability(index: int, today: dt.date) -> dict:
    """Dates for some offers, so "available now" and "within a month" differ in the demo: most
    offers have none (available any time), some start in a few weeks or months, some end soon.
    Its own random stream, so the rest of each sample offer is what earlier demos made."""
    rng = random.Random(f"availability-{index}")
    roll = rng.random()
    if roll < 0.2:
        return {"available_from": today + dt.timedelta(days=rng.randint(5, 25))}
    if roll < 0.3:
        return {"available_from": today + dt.timedelta(days=rng.randint(45, 120))}
    if roll < 0.4:
        return {"available_until": today + dt.timedelta(days=rng.randint(10, 90))}
    return {}


def subcategories() -> dict[str, object]:
    from .models import Subcategory

    return {s.slug: s for s in Subcategory.objects.filter(programme__isnull=True)}


def create_sample_offer(
    *,
    area,
    rng: random.Random,
    today: dt.date,
    index: int = 0,
    actor=None,
    subs: dict | None = None,
):
    """Create one realistic offer in ``area`` through the service."""
    from .services import offer_create

    fields = sample_offer(rng, area.slug, today, index)
    sub = (subs or subcategories()).get(fields.pop("subcategory_slug"))
    if sub is not None:
        fields.update(subcategory=sub, category=sub.category)
    offer = offer_create(actor=actor, area=area, **fields)
    if not offer.is_individual:
        # The demo's organisations stand for ones a coordinator has already checked.
        from django.utils import timezone

        offer.organisation_checked_at = timezone.now()
        type(offer).objects.filter(pk=offer.pk).update(
            organisation_checked_at=offer.organisation_checked_at
        )
    return offer
