"""Who may do what with World Cafés (django-rules).

Coordinators of the event's area (or its whole programme) plan and run a café and read its
harvest. A table host sees and writes only the table they are assigned to, and only while they
still hold the table host role there. Safeguarding flags are for the area's coordinators alone.
Django answers every ``has_perm`` with True for an active superuser.
"""

from __future__ import annotations

import rules

from engagement.models import Event, Programme, Role
from engagement.roles import OVERSIGHT_ROLES
from engagement.rules import holds_role, in_rows, is_coordinator, is_pcc_office, is_superuser

from .access import cafe_q

is_table_host_role = holds_role(Role.TABLE_HOST)
is_event_volunteer = holds_role(Role.VOLUNTEER)


def _cafe_of(obj):
    if obj is None:
        return None
    if hasattr(obj, "rounds"):
        return obj
    return getattr(obj, "cafe", None)


def _hosted_table_ids(user, cafe) -> set[int]:
    """Tables of ``cafe`` the user hosts; cached on the user for the request."""
    if not (user and user.is_authenticated) or cafe is None:
        return set()
    cache = user.__dict__.setdefault("_cg_hosted_tables", {})
    if cafe.pk not in cache:
        from .models import HostAssignment

        cache[cafe.pk] = set(
            HostAssignment.objects.filter(cafe=cafe, user=user, table__isnull=False).values_list(
                "table_id", flat=True
            )
        )
    return cache[cafe.pk]


@rules.predicate
def is_host_of_table(user, table) -> bool:
    """The user is the host assigned to this table (``table`` is a CafeTable)."""
    if table is None:
        return False
    return table.pk in _hosted_table_ids(user, table.cafe)


@rules.predicate
def is_host_at_cafe(user, obj) -> bool:
    return bool(_hosted_table_ids(user, _cafe_of(obj)))


@rules.predicate
def is_world_cafe_event(user, event) -> bool:
    return isinstance(event, Event) and event.kind == Event.Kind.WORLD_CAFE


@rules.predicate
def is_published_summary(user, cafe) -> bool:
    return (
        cafe is not None
        and cafe.summary_published
        and cafe.event.status != Event.Status.DRAFT
        and cafe.event.programme.status != Programme.Status.DRAFT
    )


@rules.predicate
def is_summary_unpublished(user, obj) -> bool:
    cafe = _cafe_of(obj)
    return cafe is not None and not cafe.summary_published


host_of_table = is_table_host_role & is_host_of_table
host_at_cafe = is_table_host_role & is_host_at_cafe

# Listing cafés: any coordinator or table host somewhere (the list is filtered by scope).
rules.add_perm("cafes.view_cafe_list", is_superuser | holds_role(*OVERSIGHT_ROLES, Role.TABLE_HOST))
# obj: the Event a café is set up for.
rules.add_perm("cafes.add_cafe", is_superuser | (is_coordinator & is_world_cafe_event))
# obj: a Cafe. Planning, seating, running the café, themes, summary and the host pack.
rules.add_perm("cafes.change_cafe", is_superuser | is_coordinator)
# Who may open a café is defined once, with the café list, in ``cafes.access``.
rules.add_perm("cafes.view_cafe", is_superuser | in_rows(cafe_q, name="can_see_cafe"))
# The projected screen shows names, tables and the question: the people running the room.
rules.add_perm(
    "cafes.view_screen",
    is_superuser | is_coordinator | is_event_volunteer | host_at_cafe,
)
# obj: a CafeTable. The host phone page and writing the harvest.
rules.add_perm("cafes.view_table", is_superuser | is_coordinator | host_of_table)
rules.add_perm("cafes.write_harvest", is_superuser | is_coordinator | host_of_table)
# obj: a CafeTable. Correcting or removing its notes and photos: the host until the summary is
# published, the coordinators at any time (with a reason, see ``services.corrections``).
rules.add_perm(
    "cafes.correct_harvest",
    is_superuser | is_coordinator | (host_of_table & is_summary_unpublished),
)
# obj: a Cafe. Reading the harvest across tables (never safeguarding flags).
rules.add_perm("cafes.view_harvest", is_superuser | is_coordinator | is_pcc_office)
# obj: a Cafe. Safeguarding flags: the area's coordinators only.
rules.add_perm("cafes.view_safeguarding", is_superuser | is_coordinator)
# obj: a Cafe. The summary for participants and partners, once published.
rules.add_perm(
    "cafes.view_summary", is_superuser | is_published_summary | is_coordinator | is_pcc_office
)
# obj: a Programme. The question bank is shared across the programme's cafés.
rules.add_perm("cafes.manage_question_bank", is_superuser | is_coordinator)
