"""Whose reports the user may see: one definition, used by the reports index (as a filter) and
by the rules (as an ``exists()``), so the index lists exactly the dashboards that open.

The PCC office and coordinators, within their scope: a programme's report spans every area,
so it needs a programme-wide role; an area's report needs a role over that area or its whole
programme.
"""

from __future__ import annotations

from django.db.models import Q

from engagement.roles import OVERSIGHT_ROLES, scope_q

REPORT_ROLES = OVERSIGHT_ROLES


def programme_report_q(user) -> Q:
    """Programmes whose whole report the user may see."""
    return scope_q(user, REPORT_ROLES, area=None, programme="pk")


def area_report_q(user) -> Q:
    """Areas whose report the user may see."""
    return scope_q(user, REPORT_ROLES, area="pk", programme="programme")
