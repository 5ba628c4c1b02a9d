"""Reads of the engagement core, scoped to what the acting user may see."""

from django.db.models import Count, QuerySet

from ..access import programme_q
from ..models import Area, Programme, Role
from ..roles import programmes_q, role_label


def programme_list(*, user) -> QuerySet[Programme]:
    """Programmes the user may see: published ones for everybody, drafts for staff in them."""
    return Programme.objects.annotate(area_count=Count("areas")).filter(programme_q(user))


def programme_get(*, user, slug: str) -> Programme:
    return programme_list(user=user).get(slug=slug)


def area_list(*, user, programme: Programme) -> QuerySet[Area]:
    return Area.objects.filter(programme=programme).select_related("programme")


def managed_programmes(*, user) -> QuerySet[Programme]:
    """Programmes the user coordinates, wholly or through one of their areas."""
    return Programme.objects.filter(programmes_q(user, Role.COORDINATOR, programme="pk"))


def user_roles_summary(*, user) -> list[dict]:
    """The user's roles for the dashboard, with their scope names, in one query."""
    rows = user.role_assignments.select_related("programme", "area", "partner").order_by(
        "programme__name", "area__name", "role"
    )
    return [
        {
            "role": role_label(r.role, r.programme),
            "programme": r.programme,
            "area": r.area,
            "partner": r.partner,
        }
        for r in rows
    ]
