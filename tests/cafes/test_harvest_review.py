"""Correcting and removing the harvest, safeguarding alerts and escalation, suggested themes,
the summary's choices and the café set-up checks."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cafes import selectors, services
from cafes.models import CafeTable, CafeTheme, HarvestNote, SafeguardingAlert, SafeguardingFlag
from cafes.services import corrections, suggestions
from cafes.services.safeguarding import safeguarding_alert_send, safeguarding_escalate_due
from cafes.tasks import safeguarding_escalate_task
from engagement.models import AuditEntry, Role
from engagement.services import DomainError
from tests.factories import user_with_role

from .factories import cafe_with_tables, host_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    return cafe_with_tables(2).tables.get(number=1)


def note(table, text="More for young people to do", **fields):
    fields.setdefault("round_number", 1)
    return services.note_save(
        actor=None, table=table, client_id=uuid.uuid4(), text=text, **fields
    ).note


def test_host_corrects_then_removes_a_note_until_the_summary_is_published(table):
    host = host_at(table)
    item = note(table, "Mrs Jones at no 4 is a nuisance", themes="neighbours")
    corrections.note_correct(
        actor=host, note=item, text="Noise from neighbours", kind="insight", themes="noise"
    )
    item.refresh_from_db()
    assert item.text == "Noise from neighbours" and item.kind == "insight"
    assert [t.name for t in item.themes.all()] == ["noise"]
    other = note(table, "Wrong table")
    corrections.note_remove(actor=host, note=other)
    assert not HarvestNote.objects.filter(pk=other.pk).exists()
    entry = AuditEntry.objects.get(action="cafe.note.remove")
    assert "Wrong table" not in str(entry.data)
    services.summary_update(actor=None, cafe=table.cafe, summary="Thanks all", published=True)
    with pytest.raises(DomainError, match="only the coordinator"):
        corrections.note_remove(actor=host, note=item)
    fresh = CafeTable.objects.select_related("cafe").get(pk=table.pk)
    assert host.has_perm("cafes.correct_harvest", fresh) is False


def test_coordinator_removes_at_any_time_with_a_reason_and_it_leaves_everything(table):
    coordinator = user_with_role(Role.COORDINATOR, area=table.cafe.event.area)
    item = note(table, "Names a neighbour", themes="neighbours", kind="quote")
    services.summary_update(actor=None, cafe=table.cafe, summary="Thanks", published=True)
    assert coordinator.has_perm("cafes.correct_harvest", table)
    with pytest.raises(DomainError, match="Say why"):
        corrections.note_remove(actor=coordinator, note=item, as_coordinator=True, reason=" ")
    corrections.note_remove(
        actor=coordinator, note=item, as_coordinator=True, reason="It names a neighbour"
    )
    rows = list(selectors.harvest_csv_rows(table.cafe))
    assert len(rows) == 1  # the header only
    theme = CafeTheme.objects.get(name="neighbours")
    assert selectors.theme_list(table.cafe).get(pk=theme.pk).note_count == 0
    assert not selectors.public_quotes(table.cafe).exists()
    entry = AuditEntry.objects.get(action="cafe.note.remove")
    assert entry.data["reason"] == "It names a neighbour" and entry.actor == coordinator


def test_a_safeguarding_flag_emails_the_areas_coordinators_once(
    table, django_capture_on_commit_callbacks
):
    area = table.cafe.event.area
    first = user_with_role(Role.COORDINATOR, area=area, email="one@example.org")
    second = user_with_role(Role.COORDINATOR, area=area, email="two@example.org")
    user_with_role(Role.COORDINATOR, programme=area.programme, email="prog@example.org")
    host = host_at(table)
    client_id = uuid.uuid4()
    with django_capture_on_commit_callbacks() as callbacks:
        flag = services.flag_raise(
            actor=host, table=table, client_id=client_id, text="Frightened to go home"
        )
        services.flag_raise(actor=host, table=table, client_id=client_id, text="again")
    assert len(callbacks) == 2
    alerts = SafeguardingAlert.objects.filter(flag=flag)
    assert sorted(a.recipient_id for a in alerts) == sorted([first.pk, second.pk])
    for alert in alerts:
        safeguarding_alert_send(alert_id=alert.pk)
        safeguarding_alert_send(alert_id=alert.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert "Frightened" not in mail.outbox[0].body
    assert f"/cafes/{table.cafe.pk}/safeguarding/" in mail.outbox[0].body
    assert list(selectors.open_flags_for(user=first)) == [flag]


def test_acknowledging_records_who_when_and_what_and_ends_the_banner(table):
    coordinator = user_with_role(Role.COORDINATOR, area=table.cafe.event.area, name="Cora")
    flag = services.flag_raise(actor=None, table=table, client_id=uuid.uuid4(), text="Worry")
    services.flag_handle(actor=coordinator, flag=flag, outcome="Rang the family; referred")
    flag.refresh_from_db()
    assert flag.handled_by == coordinator and flag.handled_at and flag.outcome
    assert not selectors.open_flags_for(user=coordinator).exists()
    with pytest.raises(DomainError, match="Cora has already acknowledged"):
        services.flag_handle(actor=coordinator, flag=flag, outcome="again")


def test_unacknowledged_flags_escalate_after_two_hours_once(table):
    area = table.cafe.event.area
    user_with_role(Role.COORDINATOR, area=area)
    chief = user_with_role(Role.COORDINATOR, programme=area.programme, email="chief@example.org")
    flag = services.flag_raise(actor=None, table=table, client_id=uuid.uuid4(), text="Worry")
    assert safeguarding_escalate_due() == 0  # not yet two hours
    later = timezone.now() + dt.timedelta(hours=2, minutes=1)
    assert safeguarding_escalate_due(now=later) == 1
    assert safeguarding_escalate_due(now=later) == 0  # run twice: once
    flag.refresh_from_db()
    assert flag.escalated_at == later
    escalated = SafeguardingAlert.objects.get(flag=flag, key="escalated")
    assert escalated.recipient == chief
    handled = services.flag_raise(actor=None, table=table, client_id=uuid.uuid4(), text="Other")
    services.flag_handle(actor=None, flag=handled, outcome="Dealt with")
    SafeguardingFlag.objects.filter(pk=handled.pk).update(
        created=timezone.now() - dt.timedelta(hours=3)
    )
    assert safeguarding_escalate_task() == 0  # acknowledged flags never escalate


def test_suggested_themes_are_reviewed_before_they_become_themes(table):
    texts = [
        "parking on the pavement by the school",
        "cars parking on the pavement every morning",
        "pavement parking blocks buggies",
        "nothing for teenagers to do in the evenings",
        "teenagers need a youth club in the evenings",
        "youth club for teenagers closed",
    ]
    notes = [note(table, t) for t in texts]
    made = suggestions.theme_suggestions_make(actor=None, cafe=table.cafe)
    assert not CafeTheme.objects.exists()  # nothing until reviewed
    groups = sorted(sorted(n.text for n in s.notes.all()) for s in made)
    assert groups == [sorted(texts[:3]), sorted(texts[3:])]
    parking = next(s for s in made if notes[0] in s.notes.all())
    youth = next(s for s in made if s is not parking)
    theme = suggestions.theme_suggestion_accept(actor=None, suggestion=parking, name="Parking")
    assert theme.name == "Parking" and theme.notes.count() == 3
    with pytest.raises(DomainError):
        suggestions.theme_suggestion_discard(actor=None, suggestion=parking)
    suggestions.theme_suggestion_merge(actor=None, suggestion=youth, target=theme)
    assert theme.notes.count() == 6
    again = suggestions.theme_suggestions_make(actor=None, cafe=table.cafe)
    suggestions.theme_suggestion_discard(actor=None, suggestion=again[0])
    assert CafeTheme.objects.count() == 1


def test_summary_shows_only_what_the_coordinator_chose_in_order(table):
    note(table, "Speeding", themes="speeding")
    note(table, "Speeding again", themes="speeding")
    note(table, "typo", themes="=1+1")
    quote = note(table, "I love it here", kind="quote")
    cafe = table.cafe
    speeding, typo = CafeTheme.objects.get(name="speeding"), CafeTheme.objects.get(name="=1+1")
    services.summary_curate(
        actor=None,
        cafe=cafe,
        themes={speeding.pk: (True, 2), typo.pk: (False, 1)},
        quotes={quote.pk},
        photos={},
    )
    assert [t.name for t in selectors.summary_themes(cafe)] == ["speeding"]
    assert list(selectors.public_quotes(cafe)) == [quote]
    bars = selectors.theme_chart(selectors.summary_themes(cafe))
    assert [(b.label, b.count, b.width) for b in bars] == [("speeding", 2, 100)]


def test_rounds_must_fit_the_event_in_words():
    cafe = cafe_with_tables(1)
    event = cafe.event
    event.ends_at = event.starts_at + dt.timedelta(hours=2)
    event.save()
    with pytest.raises(ValidationError) as caught:
        services.cafe_update(
            actor=None, cafe=cafe, rounds=12, round_minutes=60, changeover_minutes=10
        )
    assert "12 rounds of 60 minutes with 10 minutes to move take 13 h 50 min, but the event " in (
        " ".join(caught.value.messages)
    )
    assert "lasts 2 h" in " ".join(caught.value.messages)


def test_running_order_by_the_clock():
    cafe = cafe_with_tables(1, rounds=2, round_minutes=20, changeover_minutes=5)
    event = cafe.event
    event.ends_at = event.starts_at + dt.timedelta(minutes=90)
    event.save()
    slots = selectors.running_order(cafe)
    minutes = [int((s.starts_at - event.starts_at).total_seconds() // 60) for s in slots]
    assert [s.label for s in slots] == [
        "Welcome, purpose and etiquette",
        "Round 1",
        "Travellers move to their next table",
        "Round 2",
        "Harvest: the whole room shares what came up",
    ]
    assert minutes == [0, 10, 30, 35, 55] and slots[-1].ends_at == event.ends_at


def test_a_welsh_speaking_coordinator_gets_the_alert_in_welsh_with_a_welsh_link(
    table, django_capture_on_commit_callbacks
):
    area = table.cafe.event.area
    user_with_role(Role.COORDINATOR, area=area, email="cy@example.org", preferred_language="cy")
    with django_capture_on_commit_callbacks():
        flag = services.flag_raise(
            actor=host_at(table), table=table, client_id=uuid.uuid4(), text="Frightened"
        )
    safeguarding_alert_send(alert_id=SafeguardingAlert.objects.get(flag=flag).pk)
    (message,) = mail.outbox
    assert message.subject.startswith("Mae baner ddiogelu angen sylw nawr")
    assert f"/cafes/{table.cafe.pk}/safeguarding/?lang=cy" in message.body
