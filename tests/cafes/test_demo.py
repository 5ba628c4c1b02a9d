"""seed_demo's café step: a finished Sleaford café with questions, seating, harvest, themes and
a published summary, a planned one, and running it twice changes nothing."""

from cafes.models import Cafe, HarvestNote, SafeguardingFlag, Seat
from engagement.demo import seed_demo


def counts():
    return (
        Cafe.objects.count(),
        Seat.objects.count(),
        HarvestNote.objects.count(),
        SafeguardingFlag.objects.count(),
    )


def test_demo_cafes_and_idempotence(db):
    world = seed_demo(log=lambda _line: None)
    done, planned = world.extra["cafes"]["done"], world.extra["cafes"]["planned"]
    done.refresh_from_db()
    assert done.finished_at and done.current_round == 3 and done.summary_published
    assert done.seating_planned_at is not None and done.seating_repeats is not None
    assert done.questions.count() == 3 and done.notes.count() >= 15
    assert done.themes.filter(is_priority=True).exists()
    assert done.themes.filter(you_said_we_did__isnull=False).exists()
    people = done.participants.count()
    for round_number in done.round_numbers:
        assert done.seats.filter(round_number=round_number).count() == people
    assert done.host_assignments.filter(user=world.users["host"], table__number=1).exists()
    assert planned.tables.count() == 6 and planned.questions.count() == 3
    assert not planned.seats.exists()
    before = counts()
    seed_demo(log=lambda _line: None)
    assert counts() == before
