from typing import Any

from django.db import transaction

from ..models import Area, Programme, User
from .audit import audit_log


def _apply(instance, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def programme_create(*, actor: User | None, **fields: Any) -> Programme:
    """Create a programme after full validation; audit-logged."""
    programme = Programme(**fields)
    programme.full_clean()
    programme.save()
    audit_log(actor=actor, action="programme.create", subject=programme)
    return programme


@transaction.atomic
def programme_update(*, actor: User | None, programme: Programme, **fields: Any) -> Programme:
    _apply(programme, fields)
    programme.full_clean()
    programme.save()
    audit_log(
        actor=actor, action="programme.update", subject=programme, data={"fields": sorted(fields)}
    )
    return programme


@transaction.atomic
def area_create(*, actor: User | None, programme: Programme, **fields: Any) -> Area:
    area = Area(programme=programme, **fields)
    area.full_clean()
    area.save()
    audit_log(actor=actor, action="area.create", subject=area)
    return area


@transaction.atomic
def area_update(*, actor: User | None, area: Area, **fields: Any) -> Area:
    _apply(area, fields)
    area.full_clean()
    area.save()
    audit_log(actor=actor, action="area.update", subject=area, data={"fields": sorted(fields)})
    return area
