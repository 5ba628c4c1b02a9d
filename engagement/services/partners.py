"""Partner organisations: added, changed and retired from a programme's Partners page."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Partner, Programme, User
from .audit import audit_log
from .errors import DomainError


def _check_areas(programme: Programme, areas) -> None:
    if not areas:
        raise DomainError(_("Choose at least one area the partner works in."))
    if any(area.programme_id != programme.pk for area in areas):
        raise DomainError(_("That area is not part of this programme."))


def _save(partner: Partner, areas) -> None:
    partner.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as exc:
        raise DomainError(_("There is already a partner of this type with that name.")) from exc
    partner.areas.set(areas)


@transaction.atomic
def partner_create(*, actor: User, programme: Programme, areas, **fields: Any) -> Partner:
    """Add a partner organisation working in some of the programme's areas. Audit-logged."""
    _check_areas(programme, areas)
    partner = Partner(**fields)
    _save(partner, areas)
    audit_log(actor=actor, action="partner.create", subject=partner, programme=programme)
    return partner


@transaction.atomic
def partner_update(
    *, actor: User, programme: Programme, partner: Partner, areas, **fields: Any
) -> Partner:
    """Change a partner; its areas outside this programme are kept. Audit-logged."""
    _check_areas(programme, areas)
    for name, value in fields.items():
        setattr(partner, name, value)
    elsewhere = list(partner.areas.exclude(programme=programme))
    _save(partner, [*areas, *elsewhere])
    audit_log(
        actor=actor,
        action="partner.update",
        subject=partner,
        programme=programme,
        data={"fields": sorted(fields)},
    )
    return partner


@transaction.atomic
def partner_retire(*, actor: User, programme: Programme, partner: Partner) -> Partner:
    """Retire a partner: no longer offered for new work, still named on what it did."""
    if partner.retired_at is None:
        partner.retired_at = timezone.now()
        partner.save(update_fields=["retired_at", "modified"])
        audit_log(actor=actor, action="partner.retire", subject=partner, programme=programme)
    return partner
