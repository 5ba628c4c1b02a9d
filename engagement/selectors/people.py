"""Who holds which role in a programme or an area, and who has been invited."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Area, Programme, RoleAssignment, RoleInvitation


def _scoped(qs: QuerySet, scope: Programme | Area) -> QuerySet:
    if isinstance(scope, Area):
        return qs.filter(area=scope)
    return qs.filter(programme=scope)


def people_list(*, user, scope: Programme | Area) -> QuerySet[RoleAssignment]:
    """Role assignments within ``scope`` (a programme: every area of it too). The page checks
    ``engagement.manage_people`` on the scope before calling this."""
    return (
        _scoped(RoleAssignment.objects.all(), scope)
        .select_related("user__host_profile", "area", "partner", "granted_by", "programme")
        .order_by("area__name", "role", "user__name", "user__email")
    )


def invitation_list(*, user, scope: Programme | Area) -> QuerySet[RoleInvitation]:
    """Invitations still waiting for an answer within ``scope``."""
    return _scoped(RoleInvitation.objects.pending(), scope).select_related(
        "area", "partner", "invited_by"
    )
