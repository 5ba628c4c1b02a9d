"""Giving, changing and taking away roles, within the giver's own scope.

**Who may give what.** Only coordinators manage roles, and never wider than their own grant:
a programme-wide coordinator gives any role anywhere in their programme (other coordinators
included); an area coordinator gives table hosts, volunteers and partners in their own area.
The same rule decides who may change or remove a role. A programme always keeps at least one
programme-wide coordinator, or nobody could manage it from the pages.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Area, Partner, Programme, Role, RoleAssignment, User
from ..roles import forget_grants, holds, is_superuser
from .audit import audit_log
from .errors import DomainError

#: Roles an area coordinator may give in their own area.
AREA_GRANTABLE = frozenset({Role.TABLE_HOST, Role.VOLUNTEER, Role.PARTNER})


def may_grant(actor: User | None, *, role: str, programme: Programme, area: Area | None) -> bool:
    """True when ``actor`` may give (or take away) ``role`` over ``area`` or the programme."""
    if actor is None or is_superuser(actor):
        return actor is None or actor.is_active
    if holds(actor, Role.COORDINATOR, programme, programme_wide=True):
        return True
    return area is not None and role in AREA_GRANTABLE and holds(actor, Role.COORDINATOR, area)


def grantable_roles(actor: User, *, programme: Programme, area: Area | None) -> list[str]:
    return [r for r in Role.values if may_grant(actor, role=r, programme=programme, area=area)]


def role_grant_check(
    *, actor: User | None, role: str, programme: Programme, area: Area | None, partner=None
) -> None:
    """Refuse, in words, a grant the actor may not make or that cannot exist."""
    if role not in Role.values:
        raise DomainError(_("Choose a role from the list."))
    if area is not None and area.programme_id != programme.pk:
        raise DomainError(_("That area is not part of this programme."))
    if role == Role.PARTNER and partner is None:
        raise DomainError(_("A partner must belong to a partner organisation."))
    if not may_grant(actor, role=role, programme=programme, area=area):
        raise DomainError(
            _("You cannot give this role here: nobody can give a role wider than their own.")
        )


def _audit_data(assignment: RoleAssignment, **extra) -> dict:
    return {
        "user": assignment.user_id,
        "role": assignment.role,
        "programme": assignment.programme_id,
        "area": assignment.area_id,
        **extra,
    }


@transaction.atomic
def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    programme: Programme,
    area: Area | None = None,
    partner: Partner | None = None,
    check_scope: bool = False,
) -> RoleAssignment:
    """Give ``user`` a role in a programme (or one area of it). Idempotent: assigning the same
    role twice returns the existing assignment. ``check_scope`` refuses a grant wider than the
    actor's own (every page passes it; set-up code and the programme's creator do not)."""
    if area is not None and area.programme_id != programme.pk:
        raise DomainError(_("That area is not part of this programme."))
    if role == Role.PARTNER and partner is None:
        raise DomainError(_("A partner must belong to a partner organisation."))
    if check_scope:
        role_grant_check(actor=actor, role=role, programme=programme, area=area, partner=partner)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        programme=programme,
        area=area,
        defaults={"partner": partner, "granted_by": actor if actor and actor.pk else None},
    )
    if created:
        audit_log(
            actor=actor, action="role.assign", subject=assignment, data=_audit_data(assignment)
        )
        forget_grants(user)
    return assignment


def _refuse_last_coordinator(assignment: RoleAssignment) -> None:
    if assignment.role != Role.COORDINATOR or assignment.area_id is not None:
        return
    others = (
        RoleAssignment.objects.select_for_update()
        .filter(programme_id=assignment.programme_id, role=Role.COORDINATOR, area__isnull=True)
        .exclude(pk=assignment.pk)
    )
    if not others.exists():
        raise DomainError(
            _(
                "%(name)s is the last coordinator of the whole programme. Give someone else "
                "that role first."
            )
            % {"name": assignment.user}
        )


@transaction.atomic
def role_revoke(
    *, actor: User | None, assignment: RoleAssignment, check_scope: bool = False
) -> None:
    """Take a role away. Locks the programme's coordinator rows, so two coordinators removing
    each other at once cannot leave the programme with none."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if check_scope and not may_grant(
        actor, role=assignment.role, programme=assignment.programme, area=assignment.area
    ):
        raise DomainError(_("You cannot remove this role: it is wider than your own."))
    _refuse_last_coordinator(assignment)
    audit_log(actor=actor, action="role.revoke", subject=assignment, data=_audit_data(assignment))
    assignment.delete()
    forget_grants(assignment.user)


@transaction.atomic
def role_change(
    *, actor: User, assignment: RoleAssignment, role: str, partner: Partner | None = None
) -> RoleAssignment:
    """Change the role a person holds over the same scope; both the old and the new role must
    be within the actor's own. Audit-logged as one change."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if role == assignment.role:
        return assignment
    if not may_grant(
        actor, role=assignment.role, programme=assignment.programme, area=assignment.area
    ):
        raise DomainError(_("You cannot change this role: it is wider than your own."))
    partner = partner or assignment.partner
    role_grant_check(
        actor=actor,
        role=role,
        programme=assignment.programme,
        area=assignment.area,
        partner=partner,
    )
    _refuse_last_coordinator(assignment)
    if RoleAssignment.objects.filter(
        user=assignment.user, role=role, programme=assignment.programme, area=assignment.area
    ).exists():
        raise DomainError(_("%(name)s already holds that role here.") % {"name": assignment.user})
    before = assignment.role
    assignment.role = role
    assignment.partner = partner if role == Role.PARTNER else None
    assignment.full_clean()
    assignment.save()
    audit_log(
        actor=actor,
        action="role.change",
        subject=assignment,
        data=_audit_data(assignment, before=before),
    )
    forget_grants(assignment.user)
    return assignment
