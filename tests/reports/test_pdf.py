"""The demo programme's report: the PDF's text (read back with pdftotext) carries the database
aggregates, the dashboard shows the same key facts, and every page renders inside A4."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from assets.models import Match, Offer
from budgeting.demo import GWENT_SLUG
from budgeting.models import Award, Bid, BidStatus, Contribution, FundingPot
from budgeting.money import format_pence
from engagement.demo import seed_demo
from engagement.models import Event, Programme, Registration, Role, RoleAssignment
from tests.factories import user_with_role
from voting.models import Ballot, PBVote

pytestmark = pytest.mark.django_db

LINCS = "lincolnshire-world-cafe-pilot"


@pytest.fixture
def demo():
    seed_demo(log=lambda _line: None)
    return Programme.objects.get(slug=LINCS)


def render(tmp_path: Path, slug: str, *args: str) -> tuple[Path, str]:
    out = tmp_path / f"{slug}{'-'.join(args)}.pdf"
    call_command("impact_report", slug, "--output", str(out), *args, stdout=StringIO())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    return out, " ".join(text.split())


def expected_facts(programme: Programme) -> list[str]:
    """The key facts computed here straight from the tables, not through the selector."""
    started = Event.objects.filter(programme=programme, starts_at__lte=timezone.now()).exclude(
        status__in=[Event.Status.DRAFT, Event.Status.CANCELLED]
    )

    def came(events):
        return Registration.objects.filter(
            event__in=events, status="confirmed", checked_in_at__isnull=False
        ).aggregate(n=Sum("party_size", default=0))["n"]

    cafes = started.filter(kind=Event.Kind.WORLD_CAFE)
    pbs = started.filter(kind=Event.Kind.PB_EVENT)
    bids = (
        Bid.objects.filter(round__area__programme=programme)
        .exclude(status__in=[BidStatus.DRAFT, BidStatus.WITHDRAWN])
        .aggregate(n=Count("pk"), total=Sum("amount_requested_pence", default=0))
    )
    awards = Award.objects.filter(
        bid__round__area__programme=programme, revoked_at__isnull=True
    ).aggregate(n=Count("pk"), total=Sum("amount_pence", default=0))
    ballots = Ballot.objects.filter(
        vote__area__programme=programme,
        vote__tally_state=PBVote.TallyState.DONE,
        vote__source="event",
    ).count()
    money = Contribution.objects.filter(pot__area__programme=programme).aggregate(
        pledged=Sum("pledged_pence", default=0),
        pcc=Sum("pledged_pence", filter=Q(source="pcc"), default=0),
    )
    target = FundingPot.objects.filter(area__programme=programme).aggregate(
        t=Sum("target_pence", default=0)
    )["t"]
    helpers = (
        RoleAssignment.objects.filter(
            Q(programme=programme), role__in=[Role.VOLUNTEER, Role.TABLE_HOST]
        )
        .values("user")
        .distinct()
        .count()
    )
    offers = Offer.objects.filter(area__programme=programme)
    matched = offers.filter(matches__status__in=[Match.Status.AGREED, Match.Status.DONE])
    return [
        f"{came(cafes):,} people came to {cafes.count()} World Caf",
        f"{helpers:,} residents helped plan and run the events",
        f"{came(pbs):,} people came to {pbs.count()} PB event",
        f"{ballots:,} ballots counted",
        f"{bids['n']:,} bids received, totalling {format_pence(bids['total'])}",
        f"{awards['n']:,} projects funded, with {format_pence(awards['total'] or 0)} awarded",
        f"{format_pence(money['pledged'])} pledged to the community pots against a target of "
        f"{format_pence(target)} ({round(100 * money['pledged'] / target)}%)",
        f"{format_pence(money['pledged'] - money['pcc'])} of match funding on top of "
        f"{format_pence(money['pcc'])} from {programme.funder_name or 'the funder'}",
        f"{offers.count():,} offers of help logged, {matched.distinct().count():,} matched",
        f"{came(started):,} people came to {started.count()} events in all",
    ]


def pages_fit_a4(pdf: Path, tmp_path: Path) -> int:
    """Each page as a 30 dpi greyscale image: A4-sized, not blank, nothing in the right margin
    (content wider than the page would spill there)."""
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(prefix)], check=True)
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert images
    for image in images:
        data = image.read_bytes()
        magic, width, height, maxval, pixels = re.match(
            rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.DOTALL
        ).groups()
        width, height = int(width), int(height)
        assert width in (248, 249) and height in (350, 351), image.name  # A4 at 30 dpi
        assert min(pixels) < 128, f"{image.name} is blank"
        margin = 12  # 1 cm of the 1.8 cm right margin
        for row in range(height):
            line = pixels[row * width : (row + 1) * width]
            assert min(line[width - margin :]) > 200, f"{image.name} spills into the margin"
    return len(images)


def test_demo_report_figures_equal_database_aggregates(demo, tmp_path, client):
    pdf, text = render(tmp_path, LINCS)
    for fact in expected_facts(demo):
        assert fact in text, fact
    assert "Contents" in text and "Method" in text
    assert pages_fit_a4(pdf, tmp_path) >= 8

    # The dashboard shows the very same key facts.
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=demo))
    html = client.get(f"/reports/{LINCS}/").content.decode()
    facts = re.search(r'<ul class="key-facts">(.*?)</ul>', html, re.DOTALL).group(1)
    items = [" ".join(strip_tags(li).split()) for li in re.findall(r"<li.*?</li>", facts, re.S)]
    assert len(items) == 9
    for item in items:
        assert item.replace("&#x27;", "'") in text, item


def test_gwent_report_in_the_seed_documents_style_and_an_area_report(demo, tmp_path):
    _pdf, text = render(tmp_path, GWENT_SLUG)
    assert "77 bids received, totalling £149,000" in text
    assert "35 projects funded" in text
    gwent = Programme.objects.get(slug=GWENT_SLUG)
    for fact in expected_facts(gwent):
        assert fact in text, fact
    today = timezone.localdate().isoformat()
    _pdf, area_text = render(tmp_path, LINCS, "--area", "sleaford", "--to", today)
    assert "Sleaford" in area_text
    # The period as dates, even with an open start: from the programme's start to today.
    assert f"– {date_format(timezone.localdate(), 'j F Y')}" in area_text
    assert "Everything so far" not in area_text


def test_command_refuses_bad_input(db, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="No programme"):
        call_command("impact_report", "nowhere", "--output", str(out))
    programme = user_with_role(Role.COORDINATOR).role_assignments.get().programme
    with pytest.raises(CommandError, match="No area"):
        call_command("impact_report", programme.slug, "--output", str(out), "--area", "x")
    with pytest.raises(CommandError, match="before its start"):
        call_command(
            "impact_report",
            programme.slug,
            "--output",
            str(out),
            "--from",
            "2026-02-01",
            "--to",
            "2026-01-01",
        )
    with pytest.raises(CommandError, match="Not a date"):
        call_command("impact_report", programme.slug, "--output", str(out), "--from", "soon")
    assert not out.exists()
