"""Who may see and make impact reports and exports (django-rules).

Whose reports are defined once in ``reports.access`` (with the index page).
Exports (360Giving, CSV, pabulib) follow the report they belong to.
"""

from __future__ import annotations

import rules

from engagement.models import Area, GeneratedDocument, Programme
from engagement.roles import holds
from engagement.rules import is_superuser

from .access import REPORT_ROLES, area_report_q, programme_report_q


def _scope(obj):
    """A programme or an area, from a programme, an area, a report document or a PB vote."""
    if isinstance(obj, GeneratedDocument):
        return obj.subject
    if isinstance(obj, Programme | Area):
        return obj
    return getattr(obj, "area", None)


@rules.predicate
def reports_in_scope(user, obj=None) -> bool:
    if obj is None:
        return holds(user, REPORT_ROLES)
    scope = _scope(obj)
    if isinstance(scope, Programme):
        return Programme.objects.filter(programme_report_q(user), pk=scope.pk).exists()
    if isinstance(scope, Area):
        return Area.objects.filter(area_report_q(user), pk=scope.pk).exists()
    return False


# Without an object: may see the reports pages at all (the menu link).
rules.add_perm("reports.view_reports", is_superuser | reports_in_scope)
# With a programme, an area, a report document or a PB vote.
rules.add_perm("reports.view_report", is_superuser | reports_in_scope)
rules.add_perm("reports.request_report", is_superuser | reports_in_scope)
rules.add_perm("reports.export_data", is_superuser | reports_in_scope)
