"""Equality monitoring answers and the area's population figures."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Area, EqualityResponse, PopulationFigure, Registration, User
from .audit import audit_log
from .errors import DomainError


@transaction.atomic
def equality_response_submit(
    *,
    registration: Registration,
    consent: bool,
    age_band: str = "",
    ethnicity: str = "",
    disability: str = "",
    first_language: str = "",
    groups: list[str] | tuple[str, ...] = (),
) -> EqualityResponse:
    """Store one person's optional answers apart from their booking: the response keeps only
    the event. The booking is marked as answered (so the form is not offered twice); that
    flag says nothing about the answers. Locks the booking row."""
    if not consent:
        raise DomainError(_("Please tick the box to agree before sending your answers."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.equality_answered:
        raise DomainError(_("You have already answered these questions for this event. Thank you."))
    response = EqualityResponse(
        event_id=registration.event_id,
        age_band=age_band,
        ethnicity=ethnicity,
        disability=disability,
        first_language=first_language,
        **{f"group_{g}": True for g in groups},
    )
    response.full_clean()
    response.save()
    Registration.objects.filter(pk=registration.pk).update(equality_answered=True)
    return response


@transaction.atomic
def equality_responses_submit(
    *, registration: Registration, consent: bool, people: list[dict]
) -> list[EqualityResponse]:
    """Store one response for each person in the booking who answered (at most the party
    size), all or none, each apart from the booking like a single response. Locks the booking
    row (through ``equality_response_submit``'s checks)."""
    if not consent:
        raise DomainError(_("Please tick the box to agree before sending your answers."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.equality_answered:
        raise DomainError(_("You have already answered these questions for this event. Thank you."))
    if len(people) > registration.party_size:
        raise DomainError(_("There are more answers than people in the booking."))
    responses = []
    for answers in people or [{}]:
        answers = dict(answers)
        groups = answers.pop("groups", ())
        response = EqualityResponse(
            event_id=registration.event_id, **answers, **{f"group_{g}": True for g in groups}
        )
        response.full_clean()
        response.save()
        responses.append(response)
    Registration.objects.filter(pk=registration.pk).update(equality_answered=True)
    return responses


@transaction.atomic
def population_figures_set(
    *, actor: User | None, area: Area, figures: dict[str, Decimal | None]
) -> list[PopulationFigure]:
    """Replace the area's Census shares: a value sets it, ``None`` removes it. Audit-logged."""
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
    audit_log(actor=actor, action="population.update", subject=area, data={"keys": sorted(figures)})
    return saved
