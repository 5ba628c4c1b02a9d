"""Who may see which World Cafés: one definition, used by the café list (as a filter) and by the
``cafes.view_cafe`` rule (as an ``exists()``), so the list never shows a café whose page refuses.

- Coordinators and the PCC office: the cafés of the events in their scope.
- Table hosts: the cafés where they are given a table, while they still hold the table host
  role over the event (a host not yet given a table has nothing to open there).
- Superusers: every café.
"""

from __future__ import annotations

from django.db.models import Q

from engagement.models import Role
from engagement.roles import OVERSIGHT_ROLES, scope_q

from .models import HostAssignment


def cafe_scope_q(user, roles) -> Q:
    """Cafés whose event lies within the user's grants of ``roles``."""
    return scope_q(user, roles, area="event__area", programme="event__programme")


def hosting_q(user) -> Q:
    """Cafés where the user hosts a table."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    tables = HostAssignment.objects.filter(user=user, table__isnull=False).values("cafe_id")
    return Q(pk__in=tables)


def cafe_q(user) -> Q:
    return cafe_scope_q(user, OVERSIGHT_ROLES) | (
        cafe_scope_q(user, Role.TABLE_HOST) & hosting_q(user)
    )
