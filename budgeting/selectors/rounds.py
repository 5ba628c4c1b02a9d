"""Reads about rounds and money."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from engagement.models import Area, Role
from engagement.roles import STAFF_ROLES, areas_where

from ..models import Award, Bid, BidRound, BidStatus, Contribution, FundingPot


def _staff_round_filter(user) -> Q | None:
    whole, areas = areas_where(user, STAFF_ROLES)
    if not whole and not areas:
        return None
    return Q(area__programme_id__in=whole) | Q(area_id__in=areas)


def round_list(*, user, area: Area | None = None) -> QuerySet[BidRound]:
    """Rounds the user may see: published ones, plus unpublished ones for staff in scope."""
    qs = BidRound.objects.select_related("area__programme", "pot")
    if area is not None:
        qs = qs.filter(area=area)
    if user.is_authenticated and user.is_superuser:
        return qs
    visible = Q(published=True)
    staff = _staff_round_filter(user) if user.is_authenticated else None
    if staff is not None:
        visible |= staff
    return qs.filter(visible)


def round_get(*, user, slug: str) -> BidRound:
    return round_list(user=user).get(slug=slug)


def managed_round_list(*, user) -> QuerySet[BidRound]:
    """Rounds the user coordinates (for the dashboard and the overdue list)."""
    qs = BidRound.objects.select_related("area__programme", "pot")
    if user.is_superuser:
        return qs
    whole, areas = areas_where(user, [Role.COORDINATOR, Role.PARTNER, Role.PCC_OFFICE])
    return qs.filter(Q(area__programme_id__in=whole) | Q(area_id__in=areas))


def round_figures(*, round: BidRound) -> dict:
    """Counts and totals for a round's page and reports, in one query."""
    submitted = ~Q(status__in=[BidStatus.DRAFT, BidStatus.WITHDRAWN])
    figures = Bid.objects.filter(round=round).aggregate(
        bids=Count("pk", filter=submitted),
        requested=Coalesce(Sum("amount_requested_pence", filter=submitted), 0),
        shortlisted=Count(
            "pk",
            filter=Q(status__in=[BidStatus.SHORTLISTED, BidStatus.FUNDED, BidStatus.NOT_FUNDED]),
        ),
        funded=Count("pk", filter=Q(status=BidStatus.FUNDED)),
    )
    figures["awarded"] = (
        Award.objects.active()
        .filter(bid__round=round)
        .aggregate(total=Coalesce(Sum("amount_pence"), 0))["total"]
    )
    return figures


def pot_contributions_by_source(*, pot: FundingPot) -> list[dict]:
    return list(
        Contribution.objects.filter(pot=pot)
        .values("source")
        .annotate(pledged=Sum("pledged_pence"), received=Sum("received_pence"))
        .order_by("-pledged")
    )
