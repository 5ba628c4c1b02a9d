"""Planning, seating bookkeeping and the live round services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cafes import services
from cafes.models import BankQuestion, Cafe, CafeTable, HostAssignment, Participant, Seat
from engagement.models import AuditEntry, Event, Role
from engagement.services import DomainError
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role

from .factories import CafeFactory, cafe_with_tables, checked_in, host_at, participants

pytestmark = pytest.mark.django_db


def test_cafe_create_with_tables_and_audit():
    event = EventFactory(kind=Event.Kind.WORLD_CAFE)
    coordinator = user_with_role(Role.COORDINATOR, area=event.area)
    cafe = services.cafe_create(actor=coordinator, event=event, tables=5, seats=4, rounds=4)
    assert list(cafe.tables.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert cafe.purpose == event.purpose
    assert AuditEntry.objects.filter(action="cafe.create", actor=coordinator).exists()
    with pytest.raises(DomainError):
        services.cafe_create(actor=coordinator, event=event)
    assert Cafe.objects.count() == 1


def test_cafe_only_for_world_cafe_events():
    event = EventFactory(kind=Event.Kind.PB_EVENT)
    with pytest.raises(DomainError):
        services.cafe_create(actor=None, event=event)
    assert not Cafe.objects.exists()


def test_tables_have_at_most_five_seats_unless_overridden():
    cafe = CafeFactory()
    with pytest.raises(ValidationError) as error:
        services.table_add(actor=None, cafe=cafe, seats=6)
    assert "five" in str(error.value)
    assert not cafe.tables.exists()
    table = services.table_add(actor=None, cafe=cafe, seats=6, seats_override=True)
    assert (table.number, table.seats) == (1, 6)
    assert services.table_add(actor=None, cafe=cafe).number == 2
    with pytest.raises(DomainError):
        services.table_add(actor=None, cafe=cafe, number=1)


def test_table_with_harvest_cannot_be_removed():
    cafe = cafe_with_tables(2)
    t1, t2 = cafe.tables.all()
    services.note_save(actor=None, table=t1, client_id=_uuid(1), round_number=1, text="Parking")
    with pytest.raises(DomainError):
        services.table_delete(actor=None, table=t1)
    services.table_delete(actor=None, table=t2)
    assert list(cafe.tables.values_list("number", flat=True)) == [1]


def test_host_needs_the_table_host_role_and_training_before_the_cafe():
    cafe = cafe_with_tables(2)
    t1, t2 = cafe.tables.all()
    resident = user_with_role(None)
    with pytest.raises(DomainError):
        services.host_assign(actor=None, cafe=cafe, user=resident, trained_on=dt.date(2026, 1, 1))
    host = user_with_role(Role.TABLE_HOST, area=cafe.event.area)
    late = cafe.event.starts_at.date() + dt.timedelta(days=1)
    with pytest.raises(DomainError):
        services.host_assign(actor=None, cafe=cafe, user=host, trained_on=late, table=t1)
    assignment = services.host_assign(
        actor=None, cafe=cafe, user=host, trained_on=dt.date(2026, 1, 1), table=t1
    )
    # Again: moves them, never two rows.
    services.host_assign(actor=None, cafe=cafe, user=host, trained_on=dt.date(2026, 2, 1), table=t2)
    assignment.refresh_from_db()
    assert (assignment.table, assignment.trained_on) == (t2, dt.date(2026, 2, 1))
    assert HostAssignment.objects.count() == 1


def test_one_host_per_table():
    cafe = cafe_with_tables(1)
    table = cafe.tables.get()
    host_at(table)
    second = user_with_role(Role.TABLE_HOST, area=cafe.event.area)
    with pytest.raises(DomainError, match="already has a host"):
        services.host_assign(
            actor=None, cafe=cafe, user=second, trained_on=dt.date(2026, 1, 1), table=table
        )


def test_host_of_another_area_refused():
    cafe = cafe_with_tables(1)
    elsewhere = user_with_role(Role.TABLE_HOST)
    with pytest.raises(DomainError):
        services.host_assign(actor=None, cafe=cafe, user=elsewhere, trained_on=dt.date(2026, 1, 1))


def test_questions_typed_from_the_bank_or_reused():
    cafe = CafeFactory(rounds=3)
    q1 = services.question_set(
        actor=None,
        cafe=cafe,
        round_number=1,
        text="What is good about living here?",
        text_cy="Beth sy'n dda am fyw yma?",
        translations={"pl": "Co jest dobrego w życiu tutaj?"},
        save_to_bank=True,
    )
    assert q1.bank_question.text == q1.text
    assert q1.bank_question.text_cy == "Beth sy'n dda am fyw yma?"
    assert q1.text_in("cy-gb") == "Beth sy'n dda am fyw yma?"
    assert q1.text_in("pl") == "Co jest dobrego w życiu tutaj?"
    assert q1.text_in("lt") == q1.text
    q2 = services.question_set(actor=None, cafe=cafe, round_number=2, same_as_round=1)
    assert (q2.text, q2.text_cy, q2.translations) == (q1.text, q1.text_cy, q1.translations)
    bank = BankQuestion.objects.create(
        programme=cafe.event.programme, text="What would you change?"
    )
    q3 = services.question_set(actor=None, cafe=cafe, round_number=3, bank_question=bank)
    assert q3.text == "What would you change?"
    # Saving the same question to the bank again keeps one.
    services.question_set(actor=None, cafe=cafe, round_number=1, text=q1.text, save_to_bank=True)
    assert BankQuestion.objects.count() == 2


def test_question_refusals_store_nothing():
    cafe = CafeFactory(rounds=2)
    with pytest.raises(DomainError):
        services.question_set(actor=None, cafe=cafe, round_number=3, text="Too late")
    with pytest.raises(DomainError):
        services.question_set(actor=None, cafe=cafe, round_number=1, text="  ")
    with pytest.raises(DomainError):
        services.question_set(actor=None, cafe=cafe, round_number=2, same_as_round=1)
    with pytest.raises(ValidationError):
        services.question_set(
            actor=None, cafe=cafe, round_number=1, text="Hi", translations={"Welsh!": "x"}
        )
    # The Welsh has its own field, so it cannot hide in the other languages.
    with pytest.raises(ValidationError):
        services.question_set(
            actor=None, cafe=cafe, round_number=1, text="Hi", translations={"cy": "Helo"}
        )
    other = BankQuestion.objects.create(programme=CafeFactory().event.programme, text="Elsewhere")
    with pytest.raises(DomainError):
        services.question_set(actor=None, cafe=cafe, round_number=1, bank_question=other)
    assert not cafe.questions.exists()


def test_fewer_rounds_drops_their_questions_but_not_below_the_current_round():
    cafe = CafeFactory(rounds=3)
    services.question_set(actor=None, cafe=cafe, round_number=3, text="Last")
    services.cafe_update(actor=None, cafe=cafe, rounds=2)
    assert not cafe.questions.exists()
    Cafe.objects.filter(pk=cafe.pk).update(current_round=2)
    with pytest.raises(DomainError):
        services.cafe_update(actor=None, cafe=cafe, rounds=1)


def test_participants_follow_check_in_one_per_person_in_the_party():
    cafe = cafe_with_tables(3)
    family = RegistrationFactory(
        event=cafe.event, party_size=3, checked_in_at=timezone.now(), access_needs=["wheelchair"]
    )
    checked_in(cafe.event, 2)
    RegistrationFactory(event=cafe.event)  # booked, not arrived
    result = services.participants_sync(actor=None, cafe=cafe)
    assert (result.added, result.left) == (5, 0)
    assert services.participants_sync(actor=None, cafe=cafe).added == 0
    booker = Participant.objects.get(registration=family, companion=0)
    assert booker.needs_step_free and booker.name == family.name
    assert (
        Participant.objects.get(registration=family, companion=2).name == f"{family.name}'s guest 2"
    )
    # Check-in undone before any round: they go.
    family.checked_in_at = None
    family.save()
    assert services.participants_sync(actor=None, cafe=cafe).left == 3
    assert cafe.participants.count() == 2


def test_someone_who_sat_in_a_played_round_is_kept_as_left():
    cafe = cafe_with_tables(1)
    (person,) = participants(cafe, 1)
    Seat.objects.create(cafe=cafe, round_number=1, table=cafe.tables.get(), participant=person)
    Cafe.objects.filter(pk=cafe.pk).update(current_round=1)
    person.registration.checked_in_at = None
    person.registration.save()
    services.participants_sync(actor=None, cafe=cafe)
    person.refresh_from_db()
    assert person.left_at is not None


def test_seating_rules_refuse_contradictions():
    cafe = cafe_with_tables(2)
    a, b, c = participants(cafe, 3)
    services.constraint_add(actor=None, cafe=cafe, kind="together", first=a, second=b)
    with pytest.raises(DomainError):
        services.constraint_add(actor=None, cafe=cafe, kind="apart", first=b, second=a)
    services.constraint_add(actor=None, cafe=cafe, kind="apart", first=c, second=a)
    with pytest.raises(DomainError):
        services.constraint_add(actor=None, cafe=cafe, kind="together", first=b, second=c)
    with pytest.raises(DomainError):
        services.constraint_add(actor=None, cafe=cafe, kind="apart", first=c, second=c)
    assert cafe.constraints.count() == 2


def test_changes_after_planning_mark_the_seating_stale():
    cafe = cafe_with_tables(2)
    Cafe.objects.filter(pk=cafe.pk).update(seating_planned_at=timezone.now())
    cafe.refresh_from_db()
    (person,) = participants(cafe, 1)
    services.participant_update(actor=None, participant=person, staff="pcso")
    cafe.refresh_from_db()
    assert cafe.seating_stale


def test_rounds_start_in_order_once_seated_and_a_double_tap_is_harmless():
    cafe = cafe_with_tables(1, rounds=2)
    (person,) = participants(cafe, 1)
    with pytest.raises(DomainError):
        services.round_start(actor=None, cafe=cafe, round_number=1)
    for r in (1, 2):
        Seat.objects.create(cafe=cafe, round_number=r, table=cafe.tables.get(), participant=person)
    with pytest.raises(DomainError):
        services.round_start(actor=None, cafe=cafe, round_number=2)
    started = services.round_start(actor=None, cafe=cafe, round_number=1)
    again = services.round_start(actor=None, cafe=cafe, round_number=1)
    assert again.round_started_at == started.round_started_at
    services.round_start(actor=None, cafe=cafe, round_number=2)
    with pytest.raises(DomainError, match="last round"):
        services.round_start(actor=None, cafe=cafe, round_number=3)
    services.cafe_finish(actor=None, cafe=cafe)
    services.cafe_finish(actor=None, cafe=cafe)
    assert AuditEntry.objects.filter(action="cafe.finish").count() == 1


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def test_tables_of_other_cafes_are_separate():
    cafe = cafe_with_tables(1)
    other = cafe_with_tables(1)
    assert CafeTable.objects.filter(number=1).count() == 2
    assert cafe.tables.get() != other.tables.get()
