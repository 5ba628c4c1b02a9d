"""Reads about funded projects: public progress per area, and overdue updates for staff."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement.models import Area
from engagement.roles import OVERSIGHT_ROLES

from ..access import project_scope_q, public_project_q
from ..models import MonitoringUpdate, Project


def _with_progress(qs: QuerySet[Project]) -> QuerySet[Project]:
    """Figures from published updates only: what a coordinator has checked."""
    latest = MonitoringUpdate.objects.approved().filter(project=OuterRef("pk")).order_by("-created")
    published = Q(updates__status=MonitoringUpdate.Status.APPROVED)
    return qs.select_related("bid__round__area", "award").annotate(
        spent_pence=Coalesce(Sum("updates__spend_pence", filter=published), 0),
        people_reached=Coalesce(Sum("updates__people_reached", filter=published), 0),
        update_count=Count("updates", filter=published),
        latest_progress=Subquery(latest.values("progress")[:1]),
        latest_update_at=Subquery(latest.values("created")[:1]),
    )


def funded_project_list(*, area: Area | None = None) -> QuerySet[Project]:
    """Public: funded projects (not cancelled, round published) with money spent, people
    reached and the latest progress, in one query."""
    qs = Project.objects.filter(public_project_q())
    if area is not None:
        qs = qs.filter(bid__round__area=area)
    return _with_progress(qs).order_by("bid__round__area__name", "bid__title")


def project_get(*, pk: int) -> Project:
    return _with_progress(Project.objects.all()).get(pk=pk)


def public_update_photo(*, pk: int) -> MonitoringUpdate:
    """A published monitoring update's photo, public with its project."""
    return (
        MonitoringUpdate.objects.approved()
        .exclude(photo="")
        .get(pk=pk, project__in=Project.objects.filter(public_project_q()))
    )


def overdue_project_list(*, user, today: dt.date | None = None) -> QuerySet[Project]:
    """Projects whose progress update is overdue, in the areas the user coordinates or oversees."""
    today = today or timezone.localdate()
    qs = Project.objects.overdue(today).filter(project_scope_q(user, OVERSIGHT_ROLES))
    return _with_progress(qs).order_by("next_update_due")


def areas_with_projects() -> QuerySet[Area]:
    return (
        Area.objects.filter(bid_rounds__bids__project__isnull=False, bid_rounds__published=True)
        .select_related("programme")
        .distinct()
        .order_by("programme__name", "name")
    )


def project_updates(*, project: Project, private: bool) -> QuerySet[MonitoringUpdate]:
    """A project's updates: the published ones for everyone, all of them (with their state) for
    the group and the staff in scope."""
    qs = project.updates.select_related("moderated_by")
    return qs if private else qs.approved()


def waiting_update_list(*, user) -> QuerySet[MonitoringUpdate]:
    """Updates waiting for a coordinator, in the areas the user coordinates or oversees."""
    projects = Project.objects.filter(project_scope_q(user, OVERSIGHT_ROLES))
    return (
        MonitoringUpdate.objects.waiting()
        .filter(project__in=projects)
        .select_related("project__bid__round__area", "project__award")
        .order_by("created")
    )
