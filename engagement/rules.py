"""Permissions of the engagement core (django-rules).

Predicates here are the vocabulary every feature app's rules are written in. The role sets
they share (``OVERSIGHT_ROLES``, ``DOOR_ROLES``...) are defined with the scope rule in
``engagement.roles``; who may *see* which rows is defined once per object type in the apps'
``access`` modules, and ``in_rows`` asks that definition about one object.
"""

import rules

from . import access
from .models import Role
from .roles import (
    DOOR_ROLES,
    OVERSIGHT_ROLES,
    REGISTER_WRITER_ROLES,
    STAFF_ROLES,
    grants,
    holds,
)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_superuser)


def holds_role(*roles, programme_wide: bool = False):
    """A predicate: the user holds one of ``roles`` covering the object (any scope if none)."""

    @rules.predicate(
        name=f"holds_{'_or_'.join(roles)}{'_programme_wide' if programme_wide else ''}"
    )
    def predicate(user, obj=None) -> bool:
        return holds(user, roles, obj, programme_wide=programme_wide)

    return predicate


is_coordinator = holds_role(Role.COORDINATOR)
is_programme_coordinator = holds_role(Role.COORDINATOR, programme_wide=True)
is_pcc_office = holds_role(Role.PCC_OFFICE)
is_volunteer = holds_role(Role.VOLUNTEER)
is_table_host = holds_role(Role.TABLE_HOST)
is_partner = holds_role(Role.PARTNER)
is_staff_in_scope = holds_role(*STAFF_ROLES)
is_staff_anywhere = rules.predicate(lambda user: holds(user, STAFF_ROLES), name="is_staff_anywhere")
is_coordinator_anywhere = rules.predicate(
    lambda user: holds(user, Role.COORDINATOR), name="is_coordinator_anywhere"
)
is_overseer = holds_role(*OVERSIGHT_ROLES)


def in_rows(rows_q, *, name: str):
    """A predicate: ``obj`` is one of the rows ``rows_q(user)`` selects (one ``exists()``).

    The list pages filter with the same ``rows_q``, so what a list shows and what the object's
    page lets in are one definition. Without a saved object the answer is False: "may see the
    list at all" is a separate rule.
    """

    @rules.predicate(name=name)
    def predicate(user, obj=None) -> bool:
        if obj is None or obj.pk is None:
            return False
        return type(obj)._default_manager.filter(rows_q(user), pk=obj.pk).exists()

    return predicate


can_see_programme = in_rows(access.programme_q, name="can_see_programme")

rules.add_perm("engagement.view_dashboard", is_superuser | is_staff_anywhere)
rules.add_perm("engagement.add_programme", is_superuser | is_coordinator_anywhere)
rules.add_perm("engagement.change_programme", is_superuser | is_programme_coordinator)
rules.add_perm("engagement.view_programme", is_superuser | can_see_programme)
rules.add_perm("engagement.add_area", is_superuser | is_programme_coordinator)
rules.add_perm("engagement.change_area", is_superuser | is_coordinator)


# --- Events, registrations, reach, the engagement register, "you said, we did" and CTAs ---------

is_event_volunteer = holds_role(*DOOR_ROLES)
can_see_event = in_rows(access.event_visible_q, name="can_see_event")

# Open events for everybody, drafts for the staff in scope (invite-only events also need their
# invitation, which the page checks, unless the user is staff for the event).
rules.add_perm("engagement.view_event", is_superuser | can_see_event)
# Staff in the event's scope: the event is on their "Manage events" list.
rules.add_perm("engagement.view_managed_event", is_superuser | is_staff_in_scope)
# Creating needs a coordinator somewhere; the form only offers programmes and areas they cover.
rules.add_perm("engagement.add_event", is_superuser | is_coordinator_anywhere)
rules.add_perm("engagement.change_event", is_superuser | is_coordinator)
# Volunteers on the door check people in, add walk-ins and book people by phone or on paper.
rules.add_perm("engagement.check_in_event", is_superuser | is_event_volunteer)
rules.add_perm("engagement.view_event_registrations", is_superuser | is_event_volunteer)
rules.add_perm("engagement.register_others", is_superuser | is_event_volunteer)
rules.add_perm("engagement.view_reach", is_superuser | is_overseer)
# Programme totals span every area: programme-wide coordinators and the PCC office only.
rules.add_perm(
    "engagement.view_programme_reach",
    is_superuser | is_programme_coordinator | holds_role(Role.PCC_OFFICE, programme_wide=True),
)
rules.add_perm("engagement.change_population", is_superuser | is_coordinator)

# The engagement register is for partnership working: every staff role reads it, coordinators
# and partners add to it, and a partner may only change what is in their scope.
rules.add_perm("engagement.view_register", is_superuser | is_staff_anywhere)
is_register_writer = holds_role(*REGISTER_WRITER_ROLES)
rules.add_perm("engagement.add_activity", is_superuser | is_register_writer)
rules.add_perm(
    "engagement.change_activity",
    is_superuser | in_rows(access.activity_writer_q, name="can_change_activity"),
)


@rules.predicate
def runs_activity(user, activity=None) -> bool:
    """A partner posts only in their own organisation's name; coordinators in any partner's."""
    if activity is None or activity.partner_id is None or holds(user, Role.COORDINATOR, activity):
        return True
    own = {g.partner_id for g in grants(user) if g.role == Role.PARTNER and g.partner_id}
    return activity.partner_id in own


rules.add_perm("engagement.post_activity_as", is_superuser | runs_activity)

rules.add_perm("engagement.change_you_said_we_did", is_superuser | is_coordinator)


@rules.predicate
def no_object(user, obj=None) -> bool:
    return obj is None


# Community Tension Assessments are restricted to coordinators. Without an object: may open the
# list (a coordinator anywhere; the list shows only their scope).
can_see_tension = in_rows(access.tension_q, name="can_see_tension")
rules.add_perm(
    "engagement.view_tension",
    is_superuser | (no_object & is_coordinator_anywhere) | can_see_tension,
)
rules.add_perm("engagement.add_tension", is_superuser | is_coordinator_anywhere)
rules.add_perm("engagement.change_tension", is_superuser | is_coordinator)


# People and roles: a programme's People page is for its programme-wide coordinators; an area's
# for the coordinators who cover that area. What each may give is decided by the roles service.
@rules.predicate
def manages_people(user, obj=None) -> bool:
    from .models import Programme

    if obj is None:
        return False
    return holds(user, Role.COORDINATOR, obj, programme_wide=isinstance(obj, Programme))


rules.add_perm("engagement.manage_people", is_superuser | manages_people)

# The audit log of a programme: its programme-wide coordinators and the funder's office.
rules.add_perm(
    "engagement.view_audit_log",
    is_superuser | holds_role(Role.COORDINATOR, Role.PCC_OFFICE, programme_wide=True),
)
rules.add_perm("engagement.manage_partners", is_superuser | is_programme_coordinator)
