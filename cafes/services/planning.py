"""Planning a café: the café itself, tables, hosts, questions and the question bank."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from engagement.languages import in_source_language
from engagement.models import Event, GeneratedDocument, HostProfile, Programme, Role, User
from engagement.roles import forget_grants, holds
from engagement.services import DomainError, audit_log, document_request

from ..models import BankQuestion, Cafe, CafeQuestion, CafeTable, HostAssignment
from ..models.tables import DEFAULT_SEATS
from .host_messages import host_table_messages_queue

HOST_PACK = "cafe_host_pack"

CAFE_FIELDS = {
    "purpose",
    "purpose_cy",
    "rounds",
    "round_minutes",
    "changeover_minutes",
    "etiquette",
    "contact_phone",
    "safeguarding_lead_name",
    "safeguarding_lead_phone",
}
TABLE_FIELDS = {"number", "seats", "seats_override", "language", "bsl", "step_free"}


def _lock(cafe: Cafe) -> Cafe:
    return Cafe.objects.select_for_update().select_related("event").get(pk=cafe.pk)


def mark_stale(cafe: Cafe) -> None:
    """The seating no longer matches the people, tables or rules: plan again."""
    if cafe.seating_planned_at is not None and not cafe.seating_stale:
        Cafe.objects.filter(pk=cafe.pk).update(seating_stale=True)
        cafe.seating_stale = True


@transaction.atomic
def cafe_create(
    *,
    actor: User | None,
    event: Event,
    purpose: str = "",
    purpose_cy: str = "",
    rounds: int = 3,
    round_minutes: int = 20,
    changeover_minutes: int = 5,
    etiquette: str | None = None,
    tables: int = 0,
    seats: int = DEFAULT_SEATS,
    contact_phone: str = "",
    safeguarding_lead_name: str = "",
    safeguarding_lead_phone: str = "",
) -> Cafe:
    """Set up the café for a World Café event, with ``tables`` numbered tables of ``seats``.
    Locks the event so two coordinators cannot set up two cafés for it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.kind != Event.Kind.WORLD_CAFE:
        raise DomainError(_("A café can only be set up for an event of kind World Café."))
    if Cafe.objects.filter(event=event).exists():
        raise DomainError(_("This event already has a café."))
    if tables < 0 or tables > 40:
        raise DomainError(_("Choose between 0 and 40 tables."))
    with in_source_language():
        cafe = Cafe(
            event=event,
            purpose=purpose.strip() or event.purpose,
            purpose_cy=purpose_cy.strip() or (event.purpose_cy if not purpose.strip() else ""),
            rounds=rounds,
            round_minutes=round_minutes,
            changeover_minutes=changeover_minutes,
            contact_phone=contact_phone.strip(),
            safeguarding_lead_name=safeguarding_lead_name.strip(),
            safeguarding_lead_phone=safeguarding_lead_phone.strip(),
        )
        if etiquette is not None:
            cafe.etiquette = etiquette
        cafe.full_clean()
        cafe.save()
    for number in range(1, tables + 1):
        table = CafeTable(cafe=cafe, number=number, seats=seats, seats_override=seats > 5)
        table.full_clean()
        table.save()
    audit_log(actor=actor, action="cafe.create", subject=cafe, data={"tables": tables})
    return cafe


@transaction.atomic
def cafe_update(*, actor: User | None, cafe: Cafe, **fields: Any) -> Cafe:
    """Change the café's purpose, rounds and timings. Rounds cannot drop below the round being
    played; questions and seating for rounds that no longer exist are removed."""
    unknown = set(fields) - CAFE_FIELDS
    if unknown:
        raise TypeError(f"cafe_update does not change {sorted(unknown)}")
    cafe = _lock(cafe)
    old_rounds = cafe.rounds
    if fields.get("rounds", cafe.rounds) < cafe.current_round:
        raise DomainError(
            _("Round %(n)s has already started, so the café needs at least that many rounds.")
            % {"n": cafe.current_round}
        )
    with in_source_language():
        for name, value in fields.items():
            setattr(cafe, name, value)
        cafe.full_clean()
        cafe.save()
    if cafe.rounds < old_rounds:
        cafe.questions.filter(round_number__gt=cafe.rounds).delete()
        cafe.seats.filter(round_number__gt=cafe.rounds).delete()
    if cafe.rounds != old_rounds:
        mark_stale(cafe)
    audit_log(actor=actor, action="cafe.update", subject=cafe, data={"fields": sorted(fields)})
    return cafe


@transaction.atomic
def table_add(
    *, actor: User | None, cafe: Cafe, number: int | None = None, **fields: Any
) -> CafeTable:
    """Add a table; without a number it takes the next free one."""
    cafe = _lock(cafe)
    if number is None:
        number = (cafe.tables.aggregate(m=Max("number"))["m"] or 0) + 1
    if cafe.tables.filter(number=number).exists():
        raise DomainError(_("There is already a table %(n)s.") % {"n": number})
    table = CafeTable(cafe=cafe, number=number, **fields)
    table.full_clean()
    table.save()
    mark_stale(cafe)
    audit_log(actor=actor, action="cafe.table.add", subject=cafe, data={"table": number})
    return table


@transaction.atomic
def table_update(*, actor: User | None, table: CafeTable, **fields: Any) -> CafeTable:
    unknown = set(fields) - TABLE_FIELDS
    if unknown:
        raise TypeError(f"table_update does not change {sorted(unknown)}")
    cafe = _lock(table.cafe)
    table = CafeTable.objects.get(pk=table.pk)
    number = fields.get("number", table.number)
    if number != table.number and cafe.tables.filter(number=number).exists():
        raise DomainError(_("There is already a table %(n)s.") % {"n": number})
    for name, value in fields.items():
        setattr(table, name, value)
    table.full_clean()
    table.save()
    mark_stale(cafe)
    audit_log(actor=actor, action="cafe.table.update", subject=cafe, data={"table": table.number})
    return table


@transaction.atomic
def table_delete(*, actor: User | None, table: CafeTable) -> None:
    """Remove a table nobody has sat at in a played round and with no harvest."""
    cafe = _lock(table.cafe)
    if table.notes.exists() or table.photos.exists():
        raise DomainError(_("This table has harvest notes or photos, so it cannot be removed."))
    if table.seatings.filter(round_number__lte=cafe.current_round).exists():
        raise DomainError(_("People sat at this table in a round already played."))
    number = table.number
    table.delete()
    mark_stale(cafe)
    audit_log(actor=actor, action="cafe.table.delete", subject=cafe, data={"table": number})


def _check_host(cafe: Cafe, user: User, trained_on: dt.date, table: CafeTable | None) -> None:
    forget_grants(user)
    if not holds(user, Role.TABLE_HOST, cafe.event):
        raise DomainError(
            _("%(name)s is not a table host for this area. Give them the table host role first.")
            % {"name": user}
        )
    if trained_on > cafe.event.starts_at.date():
        raise DomainError(_("Hosts must be trained before the café."))
    if table is not None and table.cafe_id != cafe.pk:
        raise DomainError(_("That table belongs to another café."))


@transaction.atomic
def host_assign(
    *,
    actor: User | None,
    cafe: Cafe,
    user: User,
    trained_on: dt.date | None = None,
    table: CafeTable | None = None,
) -> HostAssignment:
    """Make ``user`` a host at the café (at ``table``, which must be free). Assigning the same
    person again moves them and updates their training date. Without ``trained_on`` the date
    on their host details (the People pages) is used. A host given a table they were not told
    about yet is sent their table, question and time (``host_table_messages_queue``)."""
    cafe = _lock(cafe)
    if trained_on is None:
        profile = HostProfile.objects.filter(user=user).first()
        trained_on = profile.trained_on if profile else None
    if trained_on is None:
        raise DomainError(
            _("Give the date %(name)s was trained, here or in their host details.") % {"name": user}
        )
    _check_host(cafe, user, trained_on, table)
    if table is not None:
        taken = HostAssignment.objects.filter(table=table).exclude(user=user).first()
        if taken is not None:
            raise DomainError(
                _("Table %(n)s already has a host: %(name)s.")
                % {"n": table.number, "name": taken.user}
            )
    assignment, _created = HostAssignment.objects.get_or_create(
        cafe=cafe, user=user, defaults={"trained_on": trained_on, "table": table}
    )
    assignment.trained_on, assignment.table = trained_on, table
    assignment.full_clean()
    assignment.save()
    host_table_messages_queue(assignment=assignment)
    mark_stale(cafe)
    audit_log(
        actor=actor,
        action="cafe.host.assign",
        subject=cafe,
        data={"user": user.pk, "table": table.number if table else None},
    )
    return assignment


@transaction.atomic
def host_remove(*, actor: User | None, assignment: HostAssignment) -> None:
    cafe = _lock(assignment.cafe)
    user_id = assignment.user_id
    assignment.delete()
    mark_stale(cafe)
    audit_log(actor=actor, action="cafe.host.remove", subject=cafe, data={"user": user_id})


@transaction.atomic
def question_set(
    *,
    actor: User | None,
    cafe: Cafe,
    round_number: int,
    text: str = "",
    text_cy: str = "",
    translations: dict[str, str] | None = None,
    bank_question: BankQuestion | None = None,
    same_as_round: int | None = None,
    save_to_bank: bool = False,
) -> CafeQuestion:
    """Set the question for a round, in English and (optionally) Welsh: typed, taken from the
    bank, or the same as another round. ``translations`` holds the other languages a table may
    speak. ``save_to_bank`` also keeps it in the programme's question bank (once)."""
    cafe = _lock(cafe)
    translations = dict(translations or {})
    text, text_cy = text.strip(), text_cy.strip()
    if same_as_round is not None:
        source = cafe.questions.filter(round_number=same_as_round).first()
        if source is None:
            raise DomainError(_("Round %(n)s has no question yet.") % {"n": same_as_round})
        text, text_cy, translations, bank_question = (
            source.text_en,
            source.text_cy or "",
            dict(source.translations),
            source.bank_question,
        )
    elif bank_question is not None:
        if bank_question.programme_id != cafe.event.programme_id:
            raise DomainError(_("That question is in another programme's bank."))
        if not text:
            text, translations = (
                bank_question.text_en,
                {**bank_question.translations, **translations},
            )
            text_cy = text_cy or bank_question.text_cy or ""
    if not text:
        raise DomainError(_("Write a question, or choose one from the bank."))
    if round_number < 1 or round_number > cafe.rounds:
        raise DomainError(_("The café has only %(n)s rounds.") % {"n": cafe.rounds})
    with in_source_language():
        question = cafe.questions.filter(round_number=round_number).first() or CafeQuestion(
            cafe=cafe, round_number=round_number
        )
        question.text, question.text_cy = text, text_cy or None
        question.translations, question.bank_question = translations, bank_question
        if save_to_bank and bank_question is None:
            question.bank_question, _created = BankQuestion.objects.get_or_create(
                programme=cafe.event.programme,
                text=text,
                defaults={
                    "text_cy": text_cy or None,
                    "translations": translations,
                    "created_by": actor,
                },
            )
        question.full_clean()
        question.save()
    audit_log(actor=actor, action="cafe.question.set", subject=cafe, data={"round": round_number})
    return question


def _bank_has(programme_id: int, text: str, exclude: int | None = None) -> bool:
    with in_source_language():
        return (
            BankQuestion.objects.filter(programme=programme_id, text=text)
            .exclude(pk=exclude)
            .exists()
        )


@transaction.atomic
def bank_question_create(
    *,
    actor: User | None,
    programme: Programme,
    text: str,
    text_cy: str = "",
    translations: dict[str, str] | None = None,
    notes: str = "",
) -> BankQuestion:
    text = text.strip()
    if _bank_has(programme.pk, text):
        raise DomainError(_("That question is already in the bank."))
    with in_source_language():
        question = BankQuestion(
            programme=programme,
            text=text,
            text_cy=text_cy.strip() or None,
            translations=translations or {},
            notes=notes,
            created_by=actor,
        )
        question.full_clean()
        question.save()
    audit_log(actor=actor, action="cafe.bank.create", subject=question)
    return question


@transaction.atomic
def bank_question_update(
    *,
    actor: User | None,
    question: BankQuestion,
    text: str,
    text_cy: str = "",
    translations: dict[str, str] | None = None,
    notes: str = "",
) -> BankQuestion:
    text = text.strip()
    if _bank_has(question.programme_id, text, exclude=question.pk):
        raise DomainError(_("That question is already in the bank."))
    with in_source_language():
        question.text, question.text_cy = text, text_cy.strip() or None
        question.translations, question.notes = translations or {}, notes
        question.full_clean()
        question.save()
    audit_log(actor=actor, action="cafe.bank.update", subject=question)
    return question


def host_pack_request(*, actor: User | None, cafe: Cafe) -> GeneratedDocument:
    """Queue the host pack PDF (made by the shared document task; asking twice keeps one
    record and one file)."""
    if not cafe.tables.exists():
        raise DomainError(_("Add tables before making the host pack."))
    return document_request(actor=actor, kind=HOST_PACK, subject=cafe)
