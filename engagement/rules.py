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

    @rules.predicate(name=f"holds_{'_or_'.join(roles)}{'_programme_wide' if programme_wide else ''}")
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
