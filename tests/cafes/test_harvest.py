"""The harvest: idempotent notes, safeguarding flags, themes and the export."""

import csv
import io
import uuid

import pytest
from django.core.exceptions import ValidationError

from cafes import services
from cafes.models import CafeTheme, HarvestNote, SafeguardingFlag
from cafes.selectors import harvest_csv_rows, theme_list
from engagement.models import AuditEntry, Role, YouSaidWeDid
from engagement.services import DomainError
from tests.factories import user_with_role

from .factories import cafe_with_tables, host_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    return cafe_with_tables(2).tables.get(number=1)


def save(table, client_id=None, **fields):
    fields.setdefault("round_number", 1)
    fields.setdefault("text", "More for young people to do")
    return services.note_save(
        actor=None, table=table, client_id=client_id or uuid.uuid4(), **fields
    )


def test_the_same_note_sent_twice_is_stored_once(table):
    client_id = uuid.uuid4()
    first = save(table, client_id, themes="Youth, parking")
    second = save(table, client_id, themes="youth; Parking")
    assert first.created and not second.created
    assert HarvestNote.objects.count() == 1
    assert sorted(CafeTheme.objects.values_list("name", flat=True)) == ["Youth", "parking"]


def test_a_resent_note_with_changes_updates_it(table):
    client_id = uuid.uuid4()
    save(table, client_id, text="Speeding")
    saved = save(table, str(client_id), text="Speeding on the A17", themes="traffic")
    assert saved.note.text == "Speeding on the A17"
    assert [t.name for t in saved.note.themes.all()] == ["traffic"]
    assert HarvestNote.objects.count() == 1


def test_a_note_id_cannot_be_reused_by_another_table(table):
    client_id = uuid.uuid4()
    save(table, client_id)
    other = table.cafe.tables.get(number=2)
    with pytest.raises(DomainError):
        save(other, client_id, text="Overwrite")
    assert HarvestNote.objects.get().text == "More for young people to do"


def test_bad_notes_store_nothing(table):
    with pytest.raises(DomainError):
        save(table, text="   ")
    with pytest.raises(DomainError):
        save(table, round_number=4)
    with pytest.raises(DomainError):
        save(table, kind="quote", attribution="Sue, a parent", attribution_consent=False)
    with pytest.raises(DomainError):
        save(table, themes=",".join(f"t{i}" for i in range(9)))
    with pytest.raises(ValidationError):
        save(table, kind="shout")
    assert not HarvestNote.objects.exists()
    assert not CafeTheme.objects.exists()


def test_safeguarding_flag_is_idempotent_and_its_audit_holds_no_content(table):
    host = host_at(table)
    client_id = uuid.uuid4()
    text = "A girl said an older man gives her lifts and gifts"
    first = services.flag_raise(
        actor=host, table=table, client_id=client_id, text=text, round_number=1
    )
    second = services.flag_raise(
        actor=host, table=table, client_id=client_id, text=text, round_number=1
    )
    assert first == second and SafeguardingFlag.objects.count() == 1
    entry = AuditEntry.objects.get(action="cafe.safeguarding.raise")
    assert "gifts" not in str(entry.data)
    coordinator = user_with_role(Role.COORDINATOR, area=table.cafe.event.area)
    with pytest.raises(DomainError):
        services.flag_handle(actor=coordinator, flag=first, outcome="")
    handled = services.flag_handle(actor=coordinator, flag=first, outcome="Referred to MASH")
    assert handled.status == SafeguardingFlag.Status.HANDLED
    assert AuditEntry.objects.filter(action="cafe.safeguarding.handle", actor=coordinator).exists()


def test_flags_never_reach_the_harvest_or_its_export(table):
    services.flag_raise(actor=None, table=table, client_id=uuid.uuid4(), text="SECRET disclosure")
    save(table, text="Street lights")
    exported = "".join(",".join(row) for row in harvest_csv_rows(table.cafe))
    assert "SECRET" not in exported and "Street lights" in exported


def test_export_protects_spreadsheets_and_names_only_with_consent(table):
    save(table, text='=HYPERLINK("http://evil")', themes="@sum")
    save(table, kind="quote", text="We need a bus", attribution="Sue", attribution_consent=True)
    save(table, kind="quote", text="Nobody listens")
    rows = list(csv.reader(io.StringIO("\n".join(_csv_lines(table)))))
    assert rows[0][:3] == ["round", "table", "host"]
    body = {r[4]: r for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in body
    assert body['\'=HYPERLINK("http://evil")'][5] == "'@sum"
    assert body["We need a bus"][6] == "Sue"
    assert body["Nobody listens"][6] == ""


def _csv_lines(table):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in harvest_csv_rows(table.cafe):
        writer.writerow(row)
    return out.getvalue().splitlines()


def test_themes_merge_rename_and_counts(table):
    t2 = table.cafe.tables.get(number=2)
    save(table, themes="youth")
    save(t2, themes="young people")
    save(t2, themes="young people, parking")
    youth = CafeTheme.objects.get(name="youth")
    young = CafeTheme.objects.get(name="young people")
    services.theme_make_priority(actor=None, theme=youth, statement="Things for teenagers to do")
    merged = services.theme_merge(actor=None, source=youth, target=young)
    assert merged.is_priority and merged.priority_statement == "Things for teenagers to do"
    assert not CafeTheme.objects.filter(pk=youth.pk).exists()
    with pytest.raises(DomainError):
        services.theme_update(actor=None, theme=merged, name="PARKING")
    renamed = services.theme_update(actor=None, theme=merged, name="Young people", kind="ambition")
    counts = {t.name: (t.note_count, t.table_count) for t in theme_list(table.cafe)}
    assert counts == {"Young people": (3, 2), "parking": (1, 1)}
    assert renamed.kind == "ambition"
    assert list(CafeTheme.objects.priorities().for_area(table.cafe.event.area)) == [renamed]


def test_theme_becomes_you_said_we_did_once(table):
    save(table, themes="Speeding")
    theme = CafeTheme.objects.get()
    coordinator = user_with_role(Role.COORDINATOR, area=table.cafe.event.area)
    item = services.theme_to_you_said_we_did(
        actor=coordinator,
        theme=theme,
        you_said="Speeding near the school",
        owner="Neighbourhood team",
    )
    assert item.area == table.cafe.event.area and item.event == table.cafe.event
    theme.refresh_from_db()
    assert theme.you_said_we_did == item
    with pytest.raises(DomainError):
        services.theme_to_you_said_we_did(actor=coordinator, theme=theme, you_said="x", owner="y")
    assert YouSaidWeDid.objects.count() == 1


def test_priority_needs_a_statement(table):
    save(table, themes="Parks")
    theme = CafeTheme.objects.get()
    with pytest.raises(DomainError):
        services.theme_make_priority(actor=None, theme=theme, statement=" ")
    assert not CafeTheme.objects.priorities().exists()


def test_summary_published_only_with_text(table):
    with pytest.raises(DomainError):
        services.summary_update(actor=None, cafe=table.cafe, summary="", published=True)
    cafe = services.summary_update(actor=None, cafe=table.cafe, summary="We heard…", published=True)
    assert cafe.summary_published
