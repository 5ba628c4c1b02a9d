"""Permissions of the engagement core (django-rules).

Predicates here are the vocabulary every feature app's rules are written in.
"""

import rules

from .models import Programme, Role
from .roles import STAFF_ROLES, holds


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


@rules.predicate
def is_published_programme(user, programme) -> bool:
    return programme is not None and programme.status != Programme.Status.DRAFT


rules.add_perm("engagement.view_dashboard", is_superuser | is_staff_anywhere)
rules.add_perm("engagement.add_programme", is_superuser | is_coordinator_anywhere)
rules.add_perm("engagement.change_programme", is_superuser | is_programme_coordinator)
rules.add_perm(
    "engagement.view_programme",
    is_superuser | is_published_programme | is_staff_in_scope,
)
rules.add_perm("engagement.add_area", is_superuser | is_programme_coordinator)
rules.add_perm("engagement.change_area", is_superuser | is_coordinator)
rules.add_perm("engagement.view_programme_figures", is_superuser | is_coordinator | is_pcc_office)
rules.add_perm("engagement.view_audit", is_superuser | is_coordinator | is_pcc_office)


# --- Events, registrations, reach, the engagement register, "you said, we did" and CTAs ---------

from .models import Event  # noqa: E402

is_event_volunteer = holds_role(Role.COORDINATOR, Role.VOLUNTEER)


@rules.predicate
def is_open_event(user, event) -> bool:
    """Published (or completed/cancelled, so links keep working) and its programme is live.
    Invite-only events are checked in the view against their invitation token."""
    return (
        event is not None
        and event.status != Event.Status.DRAFT
        and event.programme.status != Programme.Status.DRAFT
    )


rules.add_perm("engagement.view_event", is_superuser | is_open_event | is_staff_in_scope)
# Creating needs a coordinator somewhere; the form only offers programmes and areas they cover.
rules.add_perm("engagement.add_event", is_superuser | is_coordinator_anywhere)
rules.add_perm("engagement.change_event", is_superuser | is_coordinator)
# Volunteers on the door check people in, add walk-ins and book people by phone or on paper.
rules.add_perm("engagement.check_in_event", is_superuser | is_event_volunteer)
rules.add_perm("engagement.view_event_registrations", is_superuser | is_event_volunteer)
rules.add_perm("engagement.register_others", is_superuser | is_event_volunteer)
rules.add_perm("engagement.view_reach", is_superuser | is_coordinator | is_pcc_office)
# Programme totals span every area: programme-wide coordinators and the PCC office only.
rules.add_perm(
    "engagement.view_programme_reach",
    is_superuser | is_programme_coordinator | holds_role(Role.PCC_OFFICE, programme_wide=True),
)
rules.add_perm("engagement.change_population", is_superuser | is_coordinator)

# The engagement register is for partnership working: every staff role reads it, coordinators
# and partners add to it, and a partner may only change what is in their scope.
rules.add_perm("engagement.view_register", is_superuser | is_staff_anywhere)
rules.add_perm(
    "engagement.add_activity",
    is_superuser | holds_role(Role.COORDINATOR, Role.PARTNER),
)
rules.add_perm(
    "engagement.change_activity", is_superuser | holds_role(Role.COORDINATOR, Role.PARTNER)
)

rules.add_perm("engagement.change_you_said_we_did", is_superuser | is_coordinator)

# Community Tension Assessments are restricted to coordinators.
rules.add_perm("engagement.view_tension", is_superuser | is_coordinator)
rules.add_perm("engagement.add_tension", is_superuser | is_coordinator_anywhere)
rules.add_perm("engagement.change_tension", is_superuser | is_coordinator)
