"""Who holds which role where. Used by every app's ``rules.py``.

A user's assignments are read once per request and cached on the user object, so permission
checks in a page's loop cost no queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Area, Programme, Role, RoleAssignment

STAFF_ROLES = frozenset(
    {Role.COORDINATOR, Role.TABLE_HOST, Role.VOLUNTEER, Role.PARTNER, Role.PCC_OFFICE}
)


@dataclass(frozen=True)
class Grant:
    role: str
    programme_id: int
    area_id: int | None
    partner_id: int | None


def grants(user) -> list[Grant]:
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_cg_grants", None)
    if cached is None:
        cached = [
            Grant(*row)
            for row in RoleAssignment.objects.filter(user=user).values_list(
                "role", "programme_id", "area_id", "partner_id"
            )
        ]
        user._cg_grants = cached
    return cached


def forget_grants(user) -> None:
    """Drop the cache after assignments change within the same request."""
    if hasattr(user, "_cg_grants"):
        del user._cg_grants


def scope_of(obj) -> tuple[int | None, int | None]:
    """(programme id, area id) of a programme, an area or anything with ``area``/``programme``.

    Feature models reach their scope through an ``area`` or ``programme`` attribute (or a
    ``scope_object`` property naming one) so the same predicates work for all of them.
    """
    if obj is None:
        return None, None
    if isinstance(obj, Programme):
        return obj.pk, None
    if isinstance(obj, Area):
        return obj.programme_id, obj.pk
    inner = getattr(obj, "scope_object", None)
    if inner is not None:
        return scope_of(inner)
    area = getattr(obj, "area", None)
    if area is not None:
        return area.programme_id, area.pk
    programme = getattr(obj, "programme", None)
    if programme is not None:
        return programme.pk, None
    return None, None


def holds(user, roles, obj=None, *, programme_wide: bool = False) -> bool:
    """True when the user holds one of ``roles`` covering ``obj`` (or anywhere if obj is None).

    A programme-wide grant covers every area of the programme; an area grant covers only its area
    and, for programme-level objects, gives no power unless ``programme_wide`` is False.
    """
    roles = {roles} if isinstance(roles, str) else set(roles)
    mine = [g for g in grants(user) if g.role in roles]
    if obj is None:
        return bool(mine)
    programme_id, area_id = scope_of(obj)
    for g in mine:
        if g.programme_id != programme_id:
            continue
        if g.area_id is None:
            return True
        if programme_wide:
            continue
        if area_id is None or g.area_id == area_id:
            return True
    return False


def programmes_where(user, roles) -> set[int]:
    roles = {roles} if isinstance(roles, str) else set(roles)
    return {g.programme_id for g in grants(user) if g.role in roles}


def areas_where(user, roles) -> tuple[set[int], set[int]]:
    """(programme ids held programme-wide, area ids held directly) for the given roles."""
    roles = {roles} if isinstance(roles, str) else set(roles)
    whole = {g.programme_id for g in grants(user) if g.role in roles and g.area_id is None}
    areas = {g.area_id for g in grants(user) if g.role in roles and g.area_id is not None}
    return whole, areas
