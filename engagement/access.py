"""Who may see which programmes, areas, events, bookings, assessments and register entries.

Each object type has one filter here, built on the scope rule (``engagement.roles``). The
selectors filter their lists with it and the rules check one object against it (``exists()``),
so a list can never show what the object's own page refuses, or hide what it shows.
"""

from __future__ import annotations

from django.db.models import Q

from .models import Event, Programme, Role
from .roles import DOOR_ROLES, STAFF_ROLES, grants, grants_q, programmes_q, scope_q


def programme_q(user) -> Q:
    """Programmes: published ones for everybody; drafts for anyone with a role in them."""
    return ~Q(status=Programme.Status.DRAFT) | programmes_q(user, STAFF_ROLES, programme="pk")


def area_q(user, roles) -> Q:
    """Areas within the user's grants of ``roles`` (a programme-wide grant: all its areas)."""
    return scope_q(user, roles, area="pk", programme="programme")


def programme_areas_q(user, roles) -> Q:
    """Every area of every programme where the user holds one of ``roles`` anywhere."""
    return programmes_q(user, roles, programme="programme")


def open_event_q() -> Q:
    """Events anyone may open: not a draft, in a programme that is live (invite-only events
    also need their invitation, which the page checks)."""
    return ~Q(status=Event.Status.DRAFT) & ~Q(programme__status=Programme.Status.DRAFT)


def event_scope_q(user, roles) -> Q:
    """Events within the user's grants of ``roles`` (a programme-wide event: programme-wide
    grants only)."""
    return scope_q(user, roles, area="area", programme="programme")


def event_staff_q(user) -> Q:
    """Events the user works on as staff (drafts too): the "Manage events" list."""
    return event_scope_q(user, STAFF_ROLES)


def event_visible_q(user) -> Q:
    return open_event_q() | event_staff_q(user)


def event_door_q(user) -> Q:
    """Events whose bookings, check-in and walk-ins the user looks after."""
    return event_scope_q(user, DOOR_ROLES)


def registration_door_q(user) -> Q:
    """Bookings (with their personal data) the user may read: those of ``event_door_q``."""
    return scope_q(user, DOOR_ROLES, area="event__area", programme="event__programme")


def tension_q(user) -> Q:
    """Community Tension Assessments: the coordinators of their area or programme only."""
    return scope_q(user, Role.COORDINATOR)


def activity_q(user) -> Q:
    """The engagement register is for partnership working: anyone with a staff role in a
    programme reads all of that programme's register, not only their area's."""
    return programmes_q(user, STAFF_ROLES)


def activity_writer_q(user) -> Q:
    """Register entries the user may change: anything in a coordinator's scope; for a partner,
    only their own organisation's entries (or ones they added) in their scope, so nobody edits
    another organisation's work."""
    q = scope_q(user, Role.COORDINATOR)
    for g in grants(user):
        if g.role == Role.PARTNER and g.partner_id:
            q |= grants_q([g]) & (Q(partner_id=g.partner_id) | Q(created_by=user.pk))
    return q
