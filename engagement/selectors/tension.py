"""Reads of Community Tension Assessments, within the coordinator's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from ..access import tension_q
from ..models import TensionAssessment


def tension_list(*, user) -> QuerySet[TensionAssessment]:
    """Assessments the user may open (``engagement.view_tension``), latest incident first."""
    return TensionAssessment.objects.filter(tension_q(user)).select_related(
        "programme", "area", "owner"
    )
