"""Asset search at scale: 100,000 offers in PostgreSQL, typical searches, p50/p99 latency.

    python -m tests.harness.services -- .venv/bin/python bench/asset_search.py [--offers 100000]

Creates its own database (``bench_assets``, dropped first) on the server in DATABASE_URL,
migrates it, bulk-inserts realistic offers across four areas (about a third from
individuals, consent to random partner types), fills the stored search vectors in one UPDATE,
then times each typical search as the list page runs it (the count and the first page of 20,
tags prefetched) for an anonymous visitor, a police partner and a coordinator.
Prints p50/p99 per query in ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_NAME = "bench_assets"


def _bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL (run under tests.harness.services).")
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    return urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    import django

    django.setup()


def _populate(n: int) -> dict:
    from functools import cache

    from django.db import connection, transaction
    from django.utils import timezone

    from assets.geo import postcode_point as lookup

    # Each look-up asks the postcode directory; a few thousand distinct postcodes, asked once.
    postcode_point = cache(lookup)
    from assets.models import Offer
    from assets.sample import sample_offer, subcategories
    from assets.search import offer_keywords, offers_reindex
    from assets.services.offers import _expiry, default_category
    from engagement.models import (
        Area,
        Partner,
        PartnerType,
        Programme,
        Role,
        RoleAssignment,
        User,
    )

    today = timezone.localdate()
    programme = Programme.objects.create(name="Bench", slug="bench", status="active")
    slugs = ["sutton-bridge", "sleaford", "skegness", "gainsborough-south-west"]
    areas = [Area.objects.create(programme=programme, slug=s, name=s) for s in slugs]
    subs = subcategories()
    rng = random.Random(100)
    started = time.perf_counter()
    batch: list[Offer] = []
    for i in range(n):
        area = areas[i % 4]
        f = sample_offer(rng, area.slug, today, i)
        sub = subs.get(f.pop("subcategory_slug"))
        tags = f.pop("tags")
        share = set(f.pop("share_with", []))
        offer = Offer(
            area=area,
            subcategory=sub,
            category=sub.category
            if sub
            else default_category(kind=f["kind"], offerer_kind=f["offerer_kind"]),
            **f,
            **{
                f"share_{a}": a in share
                for a in ("police", "council", "housing", "health", "voluntary")
            },
        )
        offer.latitude, offer.longitude = postcode_point(offer.postcode) or (None, None)
        offer.keywords = offer_keywords(offer, tags)
        offer.expires_on = _expiry(offer, today)
        batch.append(offer)
        if len(batch) == 5000:
            Offer.objects.bulk_create(batch)
            batch = []
    if batch:
        Offer.objects.bulk_create(batch)
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        offers_reindex(Offer.objects.all())
    indexed = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE assets_offer")
    police = Partner.objects.create(name="Bench Police", type=PartnerType.POLICE)
    partner = User.objects.create_user(email="partner@bench.test")
    RoleAssignment.objects.create(
        user=partner, role=Role.PARTNER, programme=programme, area=areas[2], partner=police
    )
    coordinator = User.objects.create_user(email="coordinator@bench.test")
    RoleAssignment.objects.create(user=coordinator, role=Role.COORDINATOR, programme=programme)
    return {
        "inserted_s": inserted,
        "indexed_s": indexed,
        "areas": areas,
        "partner": partner,
        "coordinator": coordinator,
    }


def _queries(ctx: dict):
    from assets.geo import postcode_point
    from assets.selectors import OfferFilters

    skeg = postcode_point("PE25 3AB")
    gains = postcode_point("DN21 2")
    return [
        ("'hall'", OfferFilters(q="hall")),
        ("'football coaching'", OfferFilters(q="football coaching")),
        ("'translation polish'", OfferFilters(q="translation polish")),
        ("'minibus' near PE25 3AB", OfferFilters(q="minibus", near=skeg)),
        ("'church hall' near DN21, 10 km", OfferFilters(q="church hall", near=gains, within_km=10)),
        (
            "venues, accessible, near PE25",
            OfferFilters(kind="venue", accessible_venue=True, near=skeg),
        ),
        ("category economic, area", OfferFilters(category="economic", area=ctx["areas"][1])),
        ("newest (no filters)", OfferFilters()),
    ]


def _time(user, filters, runs: int) -> list[float]:
    from django.core.paginator import Paginator

    from assets.selectors import offer_list

    samples = []
    for _ in range(runs):
        # A fresh user object each time: grants are looked up per request in the real site.
        fresh = type(user).objects.get(pk=user.pk) if user.is_authenticated else user
        t = time.perf_counter()
        page = Paginator(offer_list(user=fresh, filters=filters), 20).page(1)
        for offer in page.object_list:
            list(offer.tags.all())
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    _setup(_bench_database_url())
    from django.contrib.auth.models import AnonymousUser

    from assets.models import Offer

    ctx = _populate(args.offers)
    total = Offer.objects.count()
    individuals = Offer.objects.filter(offerer_kind="individual").count()
    print(f"asset_search: {total:,} offers ({individuals:,} from individuals) in PostgreSQL")
    print(f"  bulk insert {ctx['inserted_s']:.1f} s; search vectors {ctx['indexed_s']:.1f} s")
    users = [
        ("anonymous", AnonymousUser()),
        ("police partner", ctx["partner"]),
        ("coordinator", ctx["coordinator"]),
    ]
    print(f"  {'query':<34} {'user':<15} {'results':>8} {'p50 ms':>8} {'p99 ms':>8}")
    from assets.selectors import offer_list

    all_samples = []
    for label, filters in _queries(ctx):
        for who, user in users:
            _time(user, filters, 3)  # warm up
            samples = _time(user, filters, args.runs)
            all_samples += samples
            count = offer_list(user=user, filters=filters).count()
            print(
                f"  {label:<34} {who:<15} {count:>8,} {statistics.median(samples):>8.1f} "
                f"{_pct(samples, 99):>8.1f}"
            )
    print(
        f"  all typical searches: p50 {statistics.median(all_samples):.1f} ms, "
        f"p99 {_pct(all_samples, 99):.1f} ms over {len(all_samples)} runs"
    )


if __name__ == "__main__":
    main()
