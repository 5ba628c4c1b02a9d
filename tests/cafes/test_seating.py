"""Seating through the planner: everyone seated once per round, hosts fixed, rules kept, and
re-planning after walk-ins and departures leaves played rounds exactly as they were."""

from collections import Counter

import pytest

from cafes import services
from cafes.models import Cafe, Participant, Seat
from engagement.services import DomainError

from .factories import cafe_with_tables, checked_in, host_at, participants

pytestmark = pytest.mark.django_db


def seating(cafe) -> dict[int, dict[int, set[int]]]:
    out: dict[int, dict[int, set[int]]] = {}
    for seat in Seat.objects.filter(cafe=cafe).select_related("table"):
        out.setdefault(seat.round_number, {}).setdefault(seat.table.number, set()).add(
            seat.participant_id
        )
    return out


def assert_everyone_once(cafe, rounds):
    present = set(cafe.participants.present().values_list("pk", flat=True))
    for r in rounds:
        seats = Seat.objects.filter(cafe=cafe, round_number=r)
        ids = [s.participant_id for s in seats]
        assert len(ids) == len(set(ids)) and set(ids) == present, r
        per_table = Counter(s.table_id for s in seats)
        for table in cafe.tables.all():
            hosted = hasattr(table, "host_assignment")
            assert per_table.get(table.pk, 0) + hosted <= table.seats


@pytest.fixture
def cafe():
    cafe = cafe_with_tables(4, rounds=3)
    for table in cafe.tables.all():
        host_at(table)
    participants(cafe, 12)
    return cafe


def test_plan_seats_everyone_with_no_repeats(cafe):
    planned = services.seating_plan(actor=None, cafe=cafe, seed=1)
    assert_everyone_once(cafe, [1, 2, 3])
    assert planned.seating_repeats == 0 and planned.seating_version == 1
    assert not planned.seating_stale


def test_rules_and_needs_are_kept(cafe):
    a, b, c, d = list(cafe.participants.order_by("pk"))[:4]
    services.constraint_add(actor=None, cafe=cafe, kind="apart", first=a, second=b)
    services.constraint_add(actor=None, cafe=cafe, kind="together", first=c, second=d)
    polish = cafe.tables.get(number=2)
    services.table_update(actor=None, table=polish, language="Polish")
    services.participant_update(actor=None, participant=a, language="Polish")
    services.seating_plan(actor=None, cafe=cafe, seed=3)
    for tables in seating(cafe).values():
        for number, people in tables.items():
            assert not {a.pk, b.pk} <= people
            assert ({c.pk, d.pk} <= people) or not ({c.pk, d.pk} & people)
            if a.pk in people:
                assert number == 2


def test_replanning_keeps_played_rounds_and_seats_walk_ins_later(cafe):
    services.seating_plan(actor=None, cafe=cafe, seed=5)
    services.round_start(actor=None, cafe=cafe, round_number=1)
    round_one = seating(cafe)[1]
    leaver = Participant.objects.filter(cafe=cafe).first()
    services.participant_leave(actor=None, participant=leaver)
    checked_in(cafe.event, 1)
    services.participants_sync(actor=None, cafe=cafe)
    cafe.refresh_from_db()
    assert cafe.seating_stale
    replanned = services.seating_plan(actor=None, cafe=cafe, seed=5)
    after = seating(cafe)
    assert after[1] == round_one
    assert replanned.seating_version == 2
    assert_everyone_once(cafe, [2, 3])
    assert all(leaver.pk not in people for r in (2, 3) for people in after[r].values())


def test_not_enough_seats_is_a_clear_refusal(cafe):
    participants(cafe, 1)  # 13 travellers, 12 seats beside the hosts
    with pytest.raises(DomainError, match="only 12 seats"):
        services.seating_plan(actor=None, cafe=cafe)
    assert not Seat.objects.exists()


def test_nobody_checked_in_is_refused():
    cafe = cafe_with_tables(2)
    with pytest.raises(DomainError):
        services.seating_plan(actor=None, cafe=cafe)
    assert Cafe.objects.get().seating_planned_at is None
