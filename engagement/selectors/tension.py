"""Reads of Community Tension Assessments, within the coordinator's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..access import tension_q
from ..models import TensionAssessment


def tension_list(*, user) -> QuerySet[TensionAssessment]:
    """Assessments the user may open (``engagement.view_tension``), latest incident first."""
    return TensionAssessment.objects.filter(tension_q(user)).select_related(
        "programme", "area", "owner"
    )


def tension_needing_attention(*, user, today: dt.date | None = None):
    """Open assessments the user may open whose tension is high or critical, or whose review
    is overdue: what the list marks and the dashboard shows first."""
    today = today or timezone.localdate()
    return (
        tension_list(user=user)
        .filter(status=TensionAssessment.Status.OPEN)
        .filter(Q(tension_level__in=TensionAssessment.HIGH_LEVELS) | Q(next_review_on__lt=today))
    )


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TensionVersion:
    when: dt.datetime
    who: str
    kind: str  # "Created", "Changed"
    changes: list[FieldChange]


def tension_history(*, assessment: TensionAssessment) -> list[TensionVersion]:
    """Every version of the assessment, newest first, each with what changed from the one
    before: the field, its earlier value and its new value, in words (choices by their label,
    people and areas by name). Three queries however long the history."""
    versions = list(assessment.history.select_related("history_user").order_by("-history_date"))
    deltas = [
        newer.diff_against(older, excluded_fields=["id", "created"]).changes
        for newer, older in zip(versions, versions[1:], strict=False)
    ]
    names = _names_of(deltas)
    out = []
    for version, changes in zip(versions, [*deltas, []], strict=True):
        out.append(
            TensionVersion(
                when=version.history_date,
                who=str(version.history_user or _("the system")),
                kind=version.get_history_type_display(),
                changes=[
                    FieldChange(
                        label=str(_field(c.field).verbose_name).capitalize(),
                        before=_in_words(c.field, c.old, names),
                        after=_in_words(c.field, c.new, names),
                    )
                    for c in changes
                ],
            )
        )
    return out


def _field(name: str):
    return TensionAssessment._meta.get_field(name)


def _names_of(deltas) -> dict[tuple[str, object], str]:
    """The names of the people, areas and programmes the history points to, fetched at once."""
    wanted: dict[str, set] = {}
    for changes in deltas:
        for c in changes:
            if _field(c.field).is_relation:
                wanted.setdefault(c.field, set()).update(v for v in (c.old, c.new) if v)
    names = {}
    for name, pks in wanted.items():
        model = _field(name).related_model
        for obj in model.objects.filter(pk__in=pks):
            names[(name, obj.pk)] = str(obj)
    return names


def _in_words(name: str, value, names: dict) -> str:
    if value in (None, ""):
        return "–"
    field = _field(name)
    if field.is_relation:
        return names.get((name, value), str(_("(since removed)")))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    return str(value)
