"""The demo a newcomer sees on `make run` reads true: names carry the year they are held in,
nothing is booked over its capacity, and dates follow one another as they would in life."""

import re

from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from budgeting.models import BidRound
from cafes.models import Cafe, HostAssignment, SafeguardingFlag
from engagement.models import Event, Registration
from voting.models import PBVote

YEAR = re.compile(r"\b(19|20)\d\d\b")


def named_years(text: str) -> set[int]:
    return {int(m.group(0)) for m in YEAR.finditer(text)}


def test_seed_demo_prints_the_logins_and_codes_last_and_reads_true(db, capfd, settings):
    # What `make run` gets: the console email backend and tasks run in the process.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SITE_URL = "http://127.0.0.1:8100"
    call_command("seed_demo")
    out, err = capfd.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) < 30, out
    assert "Content-Type" not in out + err and "succeeded in" not in out + err
    assert "coordinator@demo.commonground.test" in out and "password: common-ground-demo" in out
    codes = lines[lines.index(next(x for x in lines if x.startswith("Demo voting codes"))) + 1]
    assert re.fullmatch(r"  [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}", codes)
    assert "http://127.0.0.1:8100/pb/vote/" in out
    assert lines[-1].startswith("====")
    check_the_demo_reads_true()


def check_the_demo_reads_true():
    today = timezone.localdate()

    for event in Event.objects.select_related("programme", "area"):
        held = timezone.localtime(event.starts_at)
        years = named_years(event.title)
        assert years <= {held.year}, f"{event.title!r} is held in {held.year}"
        if event.area is not None:
            assert event.area.name.split(",")[0] in event.title, event.title
        places = event.registrations.filter(status=Registration.Status.CONFIRMED).aggregate(
            n=Sum("party_size", default=0)
        )["n"]
        assert places <= event.capacity, f"{event.title}: {places} booked, {event.capacity} places"
        assert event.ends_at > event.starts_at
        if event.ends_at < timezone.now():
            assert event.status in (Event.Status.COMPLETED, Event.Status.CANCELLED), event.title
        else:
            assert event.status != Event.Status.COMPLETED, event.title
            assert not event.registrations.filter(checked_in_at__isnull=False).exists()
        programme = event.programme
        if programme.start_date and programme.end_date and programme.slug.startswith("linc"):
            assert programme.start_date <= held.date() <= programme.end_date, event.title

    for vote in PBVote.objects.select_related("event", "round"):
        held = timezone.localtime(vote.event.starts_at)
        assert named_years(vote.title) <= {held.year}, vote.title
        assert named_years(vote.round.name) <= {held.year}, vote.round.name
    assert PBVote.objects.values("title").distinct().count() == PBVote.objects.count()

    for round_ in BidRound.objects.all():
        opens = timezone.localtime(round_.submission_opens)
        assert named_years(round_.name) <= {opens.year}, round_.name
        assert round_.submission_opens < round_.submission_closes <= round_.voting_opens

    for cafe in Cafe.objects.select_related("event"):
        seats = cafe.tables.aggregate(n=Sum("seats", default=0))["n"]
        people = cafe.participants.filter(left_at__isnull=True).count()
        hosts = cafe.host_assignments.filter(table__isnull=False).count()
        assert people + hosts <= seats, f"{cafe}: {people} people and {hosts} hosts, {seats} seats"
    for flag in SafeguardingFlag.objects.select_related("cafe__event"):
        event = flag.cafe.event
        assert event.starts_at <= flag.created <= event.ends_at, "a flag raised outside its café"
        assert flag.escalated_at is None or flag.escalated_at < timezone.now()
    for host in HostAssignment.objects.select_related("cafe__event"):
        assert host.trained_on <= timezone.localtime(host.cafe.event.starts_at).date()
        assert host.trained_on <= today
