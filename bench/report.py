"""Impact report rendering: seconds and peak memory for the demo programme and a large one.

    python -m tests.harness.services -- .venv/bin/python bench/report.py

Creates its own databases on the server in DATABASE_URL (``bench_report_demo`` and
``bench_report_large``, dropped first) and migrates them. The first gets ``seed_demo``; the second
a large programme made with bulk_create: 40 areas, 2 events in each (100 people booked at each),
2,000 bids of which 500 funded (each a project with a progress update), one counted PB vote per
area with 50,000 ballots in all, pledges and equality answers.

Each report is rendered in a fresh Python process (Django start-up included, as for the
``impact_report`` command): it prints the seconds for the figures (the selector), for the whole
PDF, the pages, and the process's peak memory (max RSS).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AREAS, BIDS, BALLOTS, FUNDED_EVERY = 40, 2_000, 50_000, 4

RENDER = """
import json, os, resource, sys, tempfile, time
t0 = time.perf_counter()
import django
django.setup()
from engagement.models import Programme
from reports.selectors import impact_report
from reports.services import report_pdf
programme = Programme.objects.get(slug=sys.argv[1])
t1 = time.perf_counter()
impact_report(programme=programme)
t2 = time.perf_counter()
pdf, pages = report_pdf(programme=programme)
t3 = time.perf_counter()
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"startup": t1 - t0, "figures": t2 - t1, "pdf": t3 - t2, "pages": pages,
                  "bytes": len(pdf), "rss_mb": rss_mb}))
"""


def _database(name: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL (run under tests.harness.services).")
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}"))


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def _manage(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _render(url: str, slug: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", RENDER, slug],
        cwd=ROOT,
        env=_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_large() -> str:
    """Run inside the large database's process (``--build``): bulk-insert the programme."""
    import datetime as dt
    import uuid
    from decimal import Decimal

    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from budgeting.models import (
        Award,
        Bid,
        BidRound,
        BidStatus,
        Contribution,
        FundingPot,
        MonitoringUpdate,
        Project,
    )
    from engagement.models import (
        Area,
        EqualityResponse,
        Event,
        PopulationFigure,
        Programme,
        Registration,
    )
    from voting.models import Ballot, PBVote, TallyRecord, VoteOption

    rng = random.Random(2026)
    now = timezone.now()
    with transaction.atomic():
        programme = Programme.objects.create(
            name="Large programme",
            slug="large-programme",
            status=Programme.Status.ACTIVE,
            funder_name="Police and Crime Commissioner",
        )
        areas = Area.objects.bulk_create(
            Area(
                programme=programme,
                name=f"Area {i:02d}",
                slug=f"area-{i:02d}",
                population=rng.randint(3_000, 30_000),
            )
            for i in range(AREAS)
        )
        PopulationFigure.objects.bulk_create(
            PopulationFigure(area=a, key=key, percent=Decimal(p))
            for a in areas
            for key, p in [("age_band:16_24", "9.0"), ("ethnicity:white", "93.0")]
        )
        events = Event.objects.bulk_create(
            Event(
                kind=kind,
                programme=programme,
                area=a,
                title=f"{a.name} {kind}",
                slug=f"{a.slug}-{kind}",
                purpose="Talk and vote.",
                venue_name="Hall",
                starts_at=now - dt.timedelta(days=30 + i),
                ends_at=now - dt.timedelta(days=30 + i) + dt.timedelta(hours=3),
                capacity=200,
                status=Event.Status.COMPLETED,
            )
            for i, a in enumerate(areas)
            for kind in (Event.Kind.WORLD_CAFE, Event.Kind.PB_EVENT)
        )
        Registration.objects.bulk_create(
            Registration(
                event=e,
                name=f"Person {j}",
                email=f"p{e.pk}-{j}@example.org",
                party_size=rng.choice([1, 1, 1, 2, 3]),
                code=f"B{e.pk:05d}{j:03d}",
                checked_in_at=now if rng.random() < 0.8 else None,
            )
            for e in events
            for j in range(100)
        )
        EqualityResponse.objects.bulk_create(
            EqualityResponse(
                event=e,
                age_band=rng.choice(["16_24", "25_44", "45_64", "65_74"]),
                ethnicity=rng.choice(["white"] * 9 + ["asian"]),
            )
            for e in events
            for _j in range(40)
        )
        pots = FundingPot.objects.bulk_create(
            FundingPot(area=a, name=f"{a.name} pot", target_pence=3_000_000) for a in areas
        )
        Contribution.objects.bulk_create(
            Contribution(pot=p, source=s, funder_name=s, pledged_pence=v, received_pence=v)
            for p in pots
            for s, v in [("pcc", 500_000), ("business", rng.randint(1, 20) * 50_000)]
        )
        start = now - dt.timedelta(days=120)
        rounds = BidRound.objects.bulk_create(
            BidRound(
                area=a,
                pot=p,
                name=f"{a.name} bids",
                slug=f"{a.slug}-bids",
                published=True,
                submission_opens=start,
                submission_closes=start + dt.timedelta(days=30),
                review_closes=start + dt.timedelta(days=40),
                shortlist_closes=start + dt.timedelta(days=50),
                voting_opens=start + dt.timedelta(days=60),
                voting_closes=start + dt.timedelta(days=61),
                results_at=start + dt.timedelta(days=62),
                max_amount_pence=500_000,
            )
            for a, p in zip(areas, pots, strict=True)
        )
        per_round = BIDS // AREAS
        bids = Bid.objects.bulk_create(
            Bid(
                round=r,
                number=j + 1,
                status=BidStatus.FUNDED if j % FUNDED_EVERY == 0 else BidStatus.NOT_FUNDED,
                group_name=f"{r.area.name} group {j}",
                group_key=f"name:{r.slug}-{j}",
                title=f"Project idea {j} in {r.area.name}",
                summary="Activities for young people, run by local volunteers.",
                amount_requested_pence=rng.randint(5, 30) * 10_000,
                submitted_at=start + dt.timedelta(days=1 + j % 25),
                ballot_position=j + 1,
            )
            for r in rounds
            for j in range(per_round)
        )
        funded = [b for b in bids if b.status == BidStatus.FUNDED]
        pot_of = {r.pk: r.pot_id for r in rounds}
        awards = Award.objects.bulk_create(
            Award(pot_id=pot_of[b.round_id], bid=b, amount_pence=b.amount_requested_pence)
            for b in funded
        )
        projects = Project.objects.bulk_create(
            Project(bid=b, award=a) for b, a in zip(funded, awards, strict=True)
        )
        MonitoringUpdate.objects.bulk_create(
            MonitoringUpdate(
                project=p,
                progress="Sessions running every week; more young people each month.",
                spend_pence=10_000,
                people_reached=rng.randint(5, 80),
                status=MonitoringUpdate.Status.APPROVED,
            )
            for p in projects
        )
        by_event = {(e.area_id, e.kind): e for e in events}
        votes = PBVote.objects.bulk_create(
            PBVote(
                event=by_event[(r.area_id, Event.Kind.PB_EVENT)],
                round=r,
                area=r.area,
                title=f"{r.area.name} decides",
                budget_pence=1_500_000,
                status=PBVote.Status.CLOSED,
                tally_state=PBVote.TallyState.DONE,
                # Confirmed, as reports show only confirmed results.
                results_confirmed_at=timezone.now(),
                params={"min_score": 0, "max_score": 5},
            )
            for r in rounds
        )
        bids_of: dict[int, list[Bid]] = {}
        for b in bids:
            bids_of.setdefault(b.round_id, []).append(b)
        VoteOption.objects.bulk_create(
            VoteOption(
                vote=v,
                position=i,
                project_id=str(b.pk),
                bid=b,
                title=b.title,
                cost_pence=b.amount_requested_pence,
            )
            for v in votes
            for i, b in enumerate(bids_of[v.round_id])
        )
        per_vote = BALLOTS // AREAS
        Ballot.objects.bulk_create(
            (
                Ballot(
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    vote=v,
                    source=Ballot.Source.IMPORTED,
                    choices=",".join(str(c) for c in sorted(rng.sample(range(per_round), 5))),
                )
                for v in votes
                for _k in range(per_vote)
            ),
            batch_size=5_000,
        )
        TallyRecord.objects.bulk_create(
            TallyRecord(
                vote=v,
                rule="greedy",
                checksum="0" * 64,
                engine_version="bench",
                seed="bench",
                ballots_counted=per_vote,
                selected=[str(b.pk) for b in bids_of[v.round_id] if b.status == BidStatus.FUNDED],
                spent_pence=sum(
                    b.amount_requested_pence
                    for b in bids_of[v.round_id]
                    if b.status == BidStatus.FUNDED
                ),
                budget_pence=v.budget_pence,
            )
            for v in votes
        )
    return programme.slug


def main() -> None:
    if "--build" in sys.argv:
        print(build_large())
        return
    results = {}
    demo = _database("bench_report_demo")
    _manage(demo, "migrate", "--noinput", "-v0")
    _manage(demo, "seed_demo")
    results["demo programme (Lincolnshire)"] = _render(demo, "lincolnshire-world-cafe-pilot")
    large = _database("bench_report_large")
    _manage(large, "migrate", "--noinput", "-v0")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--build"],
        cwd=ROOT,
        env=_env(large),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    build = time.perf_counter() - t0
    results[f"large ({AREAS} areas, {BIDS:,} bids, {BALLOTS:,} ballots)"] = _render(
        large, "large-programme"
    )
    print(f"large programme bulk-inserted in {build:.1f} s")
    # "PDF s" is the whole report (figures again, template, WeasyPrint); peak MB is the max RSS
    # of the process that rendered it, Django start-up included.
    print(f"{'report':48} {'figures s':>10} {'PDF s':>8} {'pages':>6} {'peak MB':>8}")
    for name, r in results.items():
        print(f"{name:48} {r['figures']:10.2f} {r['pdf']:8.2f} {r['pages']:6d} {r['rss_mb']:8.0f}")


if __name__ == "__main__":
    main()
