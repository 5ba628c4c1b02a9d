"""Reads of the engagement core, scoped to what the acting user may see."""

from django.db.models import Count, Q, QuerySet

from ..models import Area, Programme, Role
from ..roles import STAFF_ROLES, areas_where, programmes_where


def programme_list(*, user) -> QuerySet[Programme]:
    """Programmes the user may see: published ones for everybody, drafts for staff in them."""
    qs = Programme.objects.annotate(area_count=Count("areas"))
    if user.is_authenticated and user.is_superuser:
        return qs
    visible = ~Q(status=Programme.Status.DRAFT)
    staff_programmes = programmes_where(user, STAFF_ROLES)
    if staff_programmes:
        visible |= Q(pk__in=staff_programmes)
    return qs.filter(visible)


def programme_get(*, user, slug: str) -> Programme:
    return programme_list(user=user).get(slug=slug)


def area_list(*, user, programme: Programme) -> QuerySet[Area]:
    return Area.objects.filter(programme=programme).select_related("programme")


def managed_programmes(*, user) -> QuerySet[Programme]:
    """Programmes the user coordinates, wholly or through one of their areas."""
    if user.is_superuser:
        return Programme.objects.all()
    whole, areas = areas_where(user, Role.COORDINATOR)
    return Programme.objects.filter(Q(pk__in=whole) | Q(areas__in=areas)).distinct()


def user_roles_summary(*, user) -> list[dict]:
    """The user's roles for the dashboard, with their scope names, in one query."""
    rows = user.role_assignments.select_related("programme", "area", "partner").order_by(
        "programme__name", "area__name", "role"
    )
    return [
        {
            "role": r.get_role_display(),
            "programme": r.programme,
            "area": r.area,
            "partner": r.partner,
        }
        for r in rows
    ]
