"""Reads for World Cafés: lists scoped to the user, the seating grid, who moves where, the
harvest by theme and the export."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from engagement.access import event_scope_q
from engagement.models import Event, Programme, Role
from engagement.roles import scope_q
from engagement.spreadsheets import spreadsheet_safe

from .access import cafe_q
from .models import (
    Cafe,
    CafeTable,
    CafeTheme,
    HarvestNote,
    HostAssignment,
    Participant,
    SafeguardingFlag,
    Seat,
    TableclothPhoto,
)


def cafe_list(*, user) -> QuerySet[Cafe]:
    """Cafés the user plans, oversees or hosts at (``cafes.access``), newest event first."""
    return (
        Cafe.objects.with_event()
        .filter(cafe_q(user))
        .annotate(
            table_count=Count("tables", distinct=True),
            people=Count(
                "participants", filter=Q(participants__left_at__isnull=True), distinct=True
            ),
        )
    )


def events_needing_cafe(*, user) -> QuerySet[Event]:
    """World Café events the user coordinates that have no café yet."""
    return (
        Event.objects.filter(kind=Event.Kind.WORLD_CAFE, cafe__isnull=True)
        .filter(event_scope_q(user, Role.COORDINATOR))
        .exclude(status=Event.Status.CANCELLED)
        .select_related("area")
        .order_by("starts_at")
    )


def unmet_needs(cafe: Cafe) -> str:
    """In words, who needs what no table offers (empty when every need can be met)."""
    from .planner_io import SeatingImpossible, build_problem, check_capacity

    try:
        check_capacity(build_problem(cafe))
    except SeatingImpossible as exc:
        return str(exc) if exc.unmet else ""
    return ""


def tables_without_host(cafe: Cafe) -> list[int]:
    """Numbers of the tables nobody hosts."""
    return list(
        cafe.tables.filter(host_assignment__isnull=True)
        .order_by("number")
        .values_list("number", flat=True)
    )


def hosted_tables(*, user, cafe: Cafe) -> QuerySet[CafeTable]:
    return cafe.tables.filter(host_assignment__user=user)


def host_tables_of(
    *, user, programme=None, now: dt.datetime | None = None
) -> QuerySet[HostAssignment]:
    """The tables ``user`` hosts, soonest café first: with ``now``, only cafés not over by
    then (the host's dashboard), else every one (in ``programme`` when given: the People
    pages)."""
    rows = HostAssignment.objects.filter(user=user, table__isnull=False).select_related(
        "cafe__event", "table"
    )
    if programme is not None:
        rows = rows.filter(cafe__event__programme=programme)
    if now is not None:
        rows = rows.filter(cafe__event__ends_at__gte=now, cafe__finished_at__isnull=True)
    return rows.order_by("cafe__event__starts_at", "table__number")


def tables_with_hosts(cafe: Cafe) -> QuerySet[CafeTable]:
    return cafe.tables.select_related("host_assignment__user").order_by("number")


def host_list(cafe: Cafe) -> QuerySet[HostAssignment]:
    return cafe.host_assignments.select_related("user", "table").order_by(
        "table__number", "user__name"
    )


def participant_list(cafe: Cafe) -> QuerySet[Participant]:
    return cafe.participants.select_related("registration").order_by(
        "left_at", "registration__name", "companion"
    )


@dataclass
class TableRound:
    table: CafeTable
    host: HostAssignment | None
    people: list[Participant]


def seating_grid(cafe: Cafe) -> dict[int, list[TableRound]]:
    """round → every table (in number order) with its host and the people seated there."""
    tables = list(tables_with_hosts(cafe))
    seats = (
        Seat.objects.filter(cafe=cafe)
        .select_related("participant__registration")
        .order_by("round_number", "table__number", "participant__registration__name")
    )
    by_round: dict[int, dict[int, list[Participant]]] = defaultdict(lambda: defaultdict(list))
    for seat in seats:
        by_round[seat.round_number][seat.table_id].append(seat.participant)
    grid = {}
    for round_number in cafe.round_numbers:
        if round_number not in by_round:
            continue
        grid[round_number] = [
            TableRound(
                table=t,
                host=getattr(t, "host_assignment", None),
                people=by_round[round_number].get(t.pk, []),
            )
            for t in tables
        ]
    return grid


@dataclass(frozen=True)
class Move:
    name: str
    table_number: int
    stays: bool


def moves_for_round(cafe: Cafe, round_number: int) -> list[Move]:
    """Where each person sits in ``round_number``, by name, saying who stays where they are."""
    seats = list(
        Seat.objects.filter(cafe=cafe, round_number__in=[round_number - 1, round_number])
        .select_related("participant__registration", "table")
        .filter(participant__left_at__isnull=True)
    )
    before = {s.participant_id: s.table_id for s in seats if s.round_number == round_number - 1}
    moves = [
        Move(
            name=s.participant.name,
            table_number=s.table.number,
            stays=before.get(s.participant_id) == s.table_id,
        )
        for s in seats
        if s.round_number == round_number
    ]
    return sorted(moves, key=lambda m: m.name.lower())


def table_people(table: CafeTable, round_number: int) -> list[Participant]:
    return [
        s.participant
        for s in Seat.objects.filter(table=table, round_number=round_number)
        .select_related("participant__registration")
        .order_by("participant__registration__name", "participant__companion")
    ]


def table_notes(table: CafeTable) -> QuerySet[HarvestNote]:
    return table.notes.prefetch_related("themes").order_by("-round_number", "-created")


def theme_list(cafe: Cafe) -> QuerySet[CafeTheme]:
    """Themes with how many insights and tables are behind them, biggest first, each with its
    notes prefetched (table and themes included)."""
    notes = HarvestNote.objects.select_related("table").order_by("round_number", "table__number")
    return (
        cafe.themes.annotate(
            note_count=Count("notes", distinct=True),
            table_count=Count("notes__table", distinct=True),
        )
        .select_related("you_said_we_did")
        .prefetch_related(Prefetch("notes", queryset=notes))
        .order_by("-note_count", "name")
    )


def untagged_notes(cafe: Cafe) -> QuerySet[HarvestNote]:
    return (
        cafe.notes.filter(themes__isnull=True)
        .select_related("table")
        .order_by("round_number", "table__number")
    )


def flag_list(cafe: Cafe) -> QuerySet[SafeguardingFlag]:
    return cafe.safeguarding_flags.select_related("table", "reported_by", "handled_by")


def open_flags_for(*, user) -> QuerySet[SafeguardingFlag]:
    """Flags waiting for an acknowledgement in the cafés the user coordinates (the dashboard's
    banner), oldest first."""
    if not user.is_authenticated:
        return SafeguardingFlag.objects.none()
    scope = scope_q(
        user, Role.COORDINATOR, area="cafe__event__area", programme="cafe__event__programme"
    )
    return (
        SafeguardingFlag.objects.filter(status=SafeguardingFlag.Status.OPEN)
        .filter(scope)
        .select_related("cafe__event", "table")
        .order_by("created")
    )


def published_summaries(*, event=None, area=None, programme=None) -> QuerySet[Cafe]:
    """Cafés with a published summary, for the public event, area and programme pages; the
    same test as the summary page's (``rules.is_published_summary``)."""
    cafes = (
        Cafe.objects.with_event()
        .filter(summary_published=True)
        .exclude(event__status=Event.Status.DRAFT)
        .exclude(event__programme__status=Programme.Status.DRAFT)
    )
    if event is not None:
        cafes = cafes.filter(event=event)
    if area is not None:
        cafes = cafes.filter(event__area=area)
    if programme is not None:
        cafes = cafes.filter(event__programme=programme)
    return cafes.order_by("-event__starts_at")


def open_flag_count(cafe: Cafe) -> int:
    return cafe.safeguarding_flags.filter(status=SafeguardingFlag.Status.OPEN).count()


CSV_HEADER = ["round", "table", "host", "kind", "text", "themes", "said_by", "written_at"]


def harvest_csv_rows(cafe: Cafe) -> Iterator[list[str]]:
    """The harvest as rows for a CSV file (never safeguarding flags; names only with consent)."""
    yield CSV_HEADER
    notes = (
        cafe.notes.select_related("table__host_assignment__user")
        .prefetch_related("themes")
        .order_by("round_number", "table__number", "created")
    )
    for note in notes:
        assignment = getattr(note.table, "host_assignment", None)
        yield [
            str(note.round_number),
            str(note.table.number),
            spreadsheet_safe(str(assignment.user) if assignment else ""),
            note.kind,
            spreadsheet_safe(note.text),
            spreadsheet_safe("; ".join(sorted(t.name for t in note.themes.all()))),
            spreadsheet_safe(note.attribution if note.attribution_consent else ""),
            note.created.isoformat(timespec="seconds"),
        ]


def public_quotes(cafe: Cafe) -> QuerySet[HarvestNote]:
    """Quotes the coordinator chose for the summary."""
    return cafe.notes.filter(kind=HarvestNote.Kind.QUOTE, in_summary=True).order_by(
        "round_number", "created"
    )


def all_quotes(cafe: Cafe) -> QuerySet[HarvestNote]:
    return cafe.notes.filter(kind=HarvestNote.Kind.QUOTE).order_by("round_number", "created")


def summary_themes(cafe: Cafe) -> list[CafeTheme]:
    """The themes the coordinator chose for the summary, in their order (then biggest first)."""
    return list(
        cafe.themes.filter(in_summary=True)
        .annotate(note_count=Count("notes", distinct=True))
        .select_related("you_said_we_did")
        .order_by("summary_order", "-note_count", "name")
    )


def summary_photos(cafe: Cafe) -> QuerySet[TableclothPhoto]:
    return (
        cafe.photos.filter(in_summary=True)
        .select_related("table")
        .order_by("summary_order", "table__number", "created")
    )


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float


def theme_chart(themes: list[CafeTheme], *, width: int = 100) -> list[Bar]:
    """Horizontal bars (a share of ``width``) for the summary's theme chart, drawn as SVG."""
    biggest = max((t.note_count for t in themes), default=0) or 1
    return [
        Bar(
            label=t.name,
            count=t.note_count,
            y=i * 32,
            width=round(width * t.note_count / biggest, 1),
        )
        for i, t in enumerate(themes)
    ]


def cafe_figures(cafe: Cafe) -> dict[str, int]:
    totals = Cafe.objects.filter(pk=cafe.pk).aggregate(
        people=Count("participants", distinct=True),
        tables=Count("tables", distinct=True),
        notes=Count("notes", distinct=True),
        themes=Count("themes", distinct=True),
        hosts=Count("host_assignments", distinct=True),
    )
    return {k: v or 0 for k, v in totals.items()}


@dataclass(frozen=True)
class Slot:
    starts_at: object
    ends_at: object
    label: str


def running_order(cafe: Cafe) -> list[Slot]:
    """The evening by the clock: a welcome, each round and changeover, then the whole-room
    harvest until the event ends. The welcome takes up to ten minutes of any spare time."""
    import datetime as dt

    from django.utils.translation import gettext as _

    event = cafe.event
    spare = max(
        0, int((event.ends_at - event.starts_at).total_seconds() // 60) - cafe.running_minutes
    )
    welcome = min(10, spare // 2) if spare else 0
    slots, at = [], event.starts_at
    if welcome:
        slots.append(
            Slot(at, at + dt.timedelta(minutes=welcome), _("Welcome, purpose and etiquette"))
        )
        at += dt.timedelta(minutes=welcome)
    for number in cafe.round_numbers:
        end = at + dt.timedelta(minutes=cafe.round_minutes)
        slots.append(Slot(at, end, _("Round %(n)s") % {"n": number}))
        at = end
        if number < cafe.rounds:
            end = at + dt.timedelta(minutes=cafe.changeover_minutes)
            slots.append(Slot(at, end, _("Travellers move to their next table")))
            at = end
    if at < event.ends_at:
        slots.append(Slot(at, event.ends_at, _("Harvest: the whole room shares what came up")))
    return slots


def host_pack_document(cafe: Cafe):
    """The host pack's GeneratedDocument record, if one was ever asked for."""
    from django.contrib.contenttypes.models import ContentType

    from engagement.models import GeneratedDocument

    from .services.planning import HOST_PACK

    return GeneratedDocument.objects.filter(
        kind=HOST_PACK,
        content_type=ContentType.objects.get_for_model(cafe),
        object_id=str(cafe.pk),
    ).first()
