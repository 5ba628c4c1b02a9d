"""Who holds which role where: the one scope rule, used by every app's rules and selectors.

**The scope rule.** A role is held over a whole programme or over one area of it. A
programme-wide grant reaches everything in its programme. An area grant reaches what lies in its
area, and the programme itself (its pages), but nothing that belongs to the programme as a whole
(a programme-wide event, assessment or register entry has no area, so no area grant reaches it).

The rule has two readings that must always agree:

- ``scope_q``: a ``Q`` that selects the rows within the user's grants, for list filters and for
  the rules' ``exists()`` checks; each object type builds its own ``Q`` on it (in its app's
  ``access`` module), naming the lookups from its rows to their area and programme;
- ``holds``: the same rule for one loaded object, for the rules that run once per row of a page
  (no query: a user's grants are read once per request and cached on the user object).

The ``test_scope.py`` file of each app's tests checks the two against each other for every
object type, and every list page against the pages of the objects it lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import Area, Programme, Role, RoleAssignment

STAFF_ROLES = frozenset(
    {Role.COORDINATOR, Role.TABLE_HOST, Role.VOLUNTEER, Role.PARTNER, Role.PCC_OFFICE}
)

# Role sets that several apps' rules and lists share. They live here rather than in
# ``engagement.rules`` because the ``access`` modules that build the lists' filters need them,
# and ``rules`` modules import those ``access`` modules.
#: Coordinators run things; the PCC office reads them (reports, set-up, figures, cafés).
OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.PCC_OFFICE})
#: The people on the door of an event: bookings, check-in, walk-ins.
DOOR_ROLES = frozenset({Role.COORDINATOR, Role.VOLUNTEER})
#: Who writes to the engagement register (partnership working).
REGISTER_WRITER_ROLES = frozenset({Role.COORDINATOR, Role.PARTNER})
#: Who reviews bids.
REVIEWER_ROLES = frozenset({Role.COORDINATOR, Role.PARTNER})
#: Who sees bid rounds before they are published, and the bids in them.
ROUND_STAFF_ROLES = frozenset({Role.COORDINATOR, Role.PARTNER, Role.PCC_OFFICE})
#: Who records offers for other people (the fast café form, imports).
RECORDER_ROLES = frozenset({Role.COORDINATOR, Role.VOLUNTEER, Role.TABLE_HOST})
#: Who works on PB votes at events: coordinators, volunteers at the tables, the PCC office.
VOTE_STAFF_ROLES = frozenset({Role.COORDINATOR, Role.VOLUNTEER, Role.PCC_OFFICE})

#: A filter that selects no row, and one that selects every row; both combine safely with
#: ``|`` and ``&`` (an empty ``Q()`` would vanish from an ``|``).
NOTHING = Q(pk__in=[])
EVERYTHING = ~Q(pk__in=[])


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
    ``scope_object`` property naming one) so the same predicates work for all of them. An
    object of the programme as a whole (no area) gives (programme id, None).
    """
    obj = _scope_target(obj)
    if obj is None:
        return None, None
    if isinstance(obj, Programme):
        return obj.pk, None
    if isinstance(obj, Area):
        return obj.programme_id, obj.pk
    area = getattr(obj, "area", None)
    if area is not None:
        return area.programme_id, area.pk
    programme_id = getattr(obj, "programme_id", None)
    if programme_id is not None:
        return programme_id, None
    programme = getattr(obj, "programme", None)
    if programme is not None:
        return programme.pk, None
    return None, None


def _scope_target(obj):
    """The programme, area or area-bearing object that decides ``obj``'s scope."""
    while obj is not None and not isinstance(obj, Programme | Area):
        inner = getattr(obj, "scope_object", None)
        if inner is None:
            break
        obj = inner
    return obj


def _roles(roles: str | Iterable[str]) -> set[str]:
    return {roles} if isinstance(roles, str) else set(roles)


def holds(user, roles, obj=None, *, programme_wide: bool = False) -> bool:
    """True when the user holds one of ``roles`` covering ``obj`` (or anywhere if obj is None):
    the scope rule (see the module docstring) for one loaded object, as ``scope_q`` is for rows.

    ``programme_wide=True`` counts programme-wide grants only (a programme's totals span every
    area, so an area grant does not reach them even on the programme itself).
    """
    wanted = _roles(roles)
    mine = [g for g in grants(user) if g.role in wanted]
    if obj is None:
        return bool(mine)
    programme_id, area_id = scope_of(obj)
    is_programme = isinstance(_scope_target(obj), Programme)
    for g in mine:
        if g.programme_id != programme_id:
            continue
        if g.area_id is None:
            return True
        if programme_wide:
            continue
        if area_id is not None and g.area_id == area_id:
            return True
        if area_id is None and is_programme:
            return True
    return False


def scope_q(user, roles, *, area: str | None = "area", programme: str = "programme") -> Q:
    """The rows within the user's grants of one of ``roles``: the scope rule as a filter.

    ``programme`` is the lookup from a row to its programme and ``area`` the lookup to its area
    (``"pk"`` when the rows are areas or programmes themselves). A programme-wide grant selects
    the rows of its programme; an area grant, the rows of its area (never a row without one).
    ``area=None`` for rows that span a whole programme: only programme-wide grants reach them.
    An active superuser, who passes every permission check, gets every row.
    """
    if is_superuser(user):
        return EVERYTHING
    wanted = _roles(roles)
    return grants_q([g for g in grants(user) if g.role in wanted], area=area, programme=programme)


def grants_q(
    some: Iterable[Grant], *, area: str | None = "area", programme: str = "programme"
) -> Q:
    """``scope_q`` for the given grants, when what a grant allows depends on more than its role
    (a partner's type, say)."""
    some = list(some)
    whole = sorted({g.programme_id for g in some if g.area_id is None})
    areas = sorted({g.area_id for g in some if g.area_id is not None})
    q = NOTHING
    if whole:
        q |= Q(**{f"{programme}__in": whole})
    if areas and area is not None:
        q |= Q(**{f"{area}__in": areas})
    return q


def programmes_q(user, roles, *, programme: str = "programme") -> Q:
    """The rows of every programme where the user holds one of ``roles`` at all, programme-wide
    or in one of its areas: what a programme's pages, and the register of partnership working,
    show to the people who work in it. ``programme="pk"`` for programmes themselves."""
    if is_superuser(user):
        return EVERYTHING
    ids = programmes_where(user, roles)
    return Q(**{f"{programme}__in": sorted(ids)}) if ids else NOTHING


def holders_q(roles, obj, *, prefix: str = "") -> Q:
    """The role assignments whose grant of one of ``roles`` reaches ``obj``: the scope rule read
    the other way (who may act here). ``prefix="role_assignments__"`` selects users instead;
    filter with it in one ``filter()`` call so every condition holds for the same assignment."""
    programme_id, area_id = scope_of(obj)
    if programme_id is None:
        return NOTHING
    reach = Q(**{f"{prefix}area__isnull": True})
    if area_id is not None:
        reach |= Q(**{f"{prefix}area": area_id})
    elif isinstance(_scope_target(obj), Programme):
        reach = Q()
    return Q(**{f"{prefix}role__in": sorted(_roles(roles)), f"{prefix}programme": programme_id}) & (
        reach
    )


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser and user.is_active)


def programmes_where(user, roles) -> set[int]:
    wanted = _roles(roles)
    return {g.programme_id for g in grants(user) if g.role in wanted}


def role_label(role: str, programme: Programme) -> str:
    """A role's name as this programme calls it: the funder's office has the programme's own
    name (PCC functions move to mayors and council-leader boards from 2028)."""
    if role == Role.PCC_OFFICE:
        return programme.funder_office_label
    return str(Role(role).label)
