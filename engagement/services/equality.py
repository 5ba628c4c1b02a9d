"""Equality monitoring answers and the area's population figures."""

from __future__ import annotations

import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ..census import CensusProblem, CensusTable, census_table_read
from ..models import (
    Area,
    EqualityAnswerWaiting,
    EqualityResponse,
    PopulationFigure,
    Registration,
    User,
)
from .audit import audit_log
from .errors import DomainError


def equality_response_submit(
    *,
    registration: Registration,
    consent: bool,
    age_band: str = "",
    ethnicity: str = "",
    disability: str = "",
    first_language: str = "",
    groups: list[str] | tuple[str, ...] = (),
) -> EqualityAnswerWaiting:
    """One person's answers (see :func:`equality_responses_submit`)."""
    answers = {
        "age_band": age_band,
        "ethnicity": ethnicity,
        "disability": disability,
        "first_language": first_language,
        "groups": groups,
    }
    return equality_responses_submit(registration=registration, consent=consent, people=[answers])[
        0
    ]


def equality_responses_submit(
    *, registration: Registration, consent: bool, people: list[dict]
) -> list[EqualityAnswerWaiting]:
    """Keep the optional answers of each person in a booking (at most its party size; a party
    of two gives two answers) apart from the booking, all or none.

    Two transactions, on purpose: the first marks the booking as answered (so the form is not
    offered twice; the flag says nothing about the answers), the second keeps the answers with
    only the event. Written together they would share PostgreSQL's transaction id, which would
    name the person. The answers become responses later, in a shuffled batch
    (:func:`equality_answers_release`). Call outside a transaction. Locks the booking row."""
    if not consent:
        raise DomainError(_("Please tick the box to agree before sending your answers."))
    waiting = []
    for answers in people or [{}]:
        answers = dict(answers)
        groups = answers.pop("groups", ())
        row = EqualityAnswerWaiting(
            event_id=registration.event_id, **answers, **{f"group_{g}": True for g in groups}
        )
        row.full_clean()
        waiting.append(row)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.equality_answered:
            raise DomainError(
                _("You have already answered these questions for this event. Thank you.")
            )
        if len(waiting) > registration.party_size:
            raise DomainError(_("There are more answers than people in the booking."))
        Registration.objects.filter(pk=registration.pk).update(equality_answered=True)
    with transaction.atomic():
        EqualityAnswerWaiting.objects.bulk_create(waiting)
    return waiting


@transaction.atomic
def equality_answers_release(*, minimum: int | None = None) -> int:
    """Turn the waiting answers into responses, all in one transaction and in random order, once
    at least ``minimum`` are waiting (default ``EQUALITY_RELEASE_BATCH``; the nightly run passes
    1 so nothing waits for ever). Returns how many were released. Idempotent: released answers
    are deleted in the same transaction; rows another run is releasing are skipped."""
    minimum = settings.EQUALITY_RELEASE_BATCH if minimum is None else minimum
    waiting = list(EqualityAnswerWaiting.objects.select_for_update(skip_locked=True))
    if not waiting or len(waiting) < minimum:
        return 0
    random.SystemRandom().shuffle(waiting)
    EqualityResponse.objects.bulk_create(
        [
            EqualityResponse(event_id=w.event_id, **{f: getattr(w, f) for f in w.ANSWER_FIELDS})
            for w in waiting
        ]
    )
    EqualityAnswerWaiting.objects.filter(pk__in=[w.pk for w in waiting]).delete()
    return len(waiting)


@transaction.atomic
def population_figures_set(
    *, actor: User | None, area: Area, figures: dict[str, Decimal | None]
) -> list[PopulationFigure]:
    """Replace the area's Census shares: a value sets it, ``None`` removes it. Audit-logged."""
    saved = _figures_store(area=area, figures=figures)
    audit_log(actor=actor, action="population.update", subject=area, data={"keys": sorted(figures)})
    return saved


def _figures_store(*, area: Area, figures: dict[str, Decimal | None]) -> list[PopulationFigure]:
    saved = []
    for key, percent in figures.items():
        if percent is None:
            PopulationFigure.objects.filter(area=area, key=key).delete()
            continue
        figure = PopulationFigure.objects.filter(area=area, key=key).first() or PopulationFigure(
            area=area, key=key
        )
        figure.percent = percent
        figure.full_clean()
        figure.save()
        saved.append(figure)
    return saved


def population_census_import(
    *, actor: User | None, area: Area, data: bytes, file_name: str = ""
) -> CensusTable:
    """Load the area's shares from an ONS Census 2021 custom dataset CSV, all or nothing.

    The file is read again here (the preview's reading is not trusted), and any problem in it
    refuses the whole file with every problem in words: nothing is stored. Otherwise, in one
    transaction, each group the file gives is set (groups it cannot give are left as they
    are), the area's population is set from the file's total when the area has none, and one
    audit row names the file, the tables and the groups. The area row is locked so two imports
    of the same area cannot interleave."""
    table = census_table_read(data, area_code=area.ons_code)
    if not table.ok:
        messages = [_problem_in_words(p) for p in table.problems] or [
            _("The file gives none of our groups' figures.")
        ]
        raise DomainError(messages)
    with transaction.atomic():
        locked = Area.objects.select_for_update().get(pk=area.pk)
        _figures_store(area=locked, figures=table.figures())
        if locked.population is None and table.people:
            locked.population = table.people
            locked.save(update_fields=["population", "modified"])
        audit_log(
            actor=actor,
            action="population.import",
            subject=locked,
            data={
                "file": file_name[:200],
                "tables": [d.column for d in table.dimensions],
                "keys": sorted(table.figures()),
                "areas": sorted(table.used_areas),
                "people": table.people,
            },
        )
    return table


def _problem_in_words(problem: CensusProblem) -> str:
    if problem.row:
        return _("Row %(row)d: %(message)s") % {"row": problem.row, "message": problem.message}
    return problem.message
