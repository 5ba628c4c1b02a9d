from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Area, Partner, Programme, Role, RoleAssignment, User
from .audit import audit_log
from .errors import DomainError


@transaction.atomic
def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    programme: Programme,
    area: Area | None = None,
    partner: Partner | None = None,
) -> RoleAssignment:
    """Give ``user`` a role in a programme (or one area of it). Idempotent: assigning the same
    role twice returns the existing assignment."""
    if area is not None and area.programme_id != programme.pk:
        raise DomainError(_("That area is not part of this programme."))
    if role == Role.PARTNER and partner is None:
        raise DomainError(_("A partner must belong to a partner organisation."))
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, programme=programme, area=area, defaults={"partner": partner}
    )
    if created:
        audit_log(
            actor=actor,
            action="role.assign",
            subject=assignment,
            data={"user": user.pk, "role": role},
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    audit_log(
        actor=actor,
        action="role.revoke",
        subject=assignment,
        data={"user": assignment.user_id, "role": assignment.role},
    )
    assignment.delete()
