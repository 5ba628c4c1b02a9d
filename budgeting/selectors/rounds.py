"""Reads about rounds and money."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from engagement.models import Area

from ..access import round_q
from ..models import Award, Bid, BidRound, BidStatus, Contribution, FundingPot


def round_list(*, user, area: Area | None = None) -> QuerySet[BidRound]:
    """Rounds the user may see (``budgeting.access``): published ones, and unpublished ones for
    the round's staff."""
    qs = BidRound.objects.filter(round_q(user)).select_related("area__programme", "pot")
    if area is not None:
        qs = qs.filter(area=area)
    return qs


def round_get(*, user, slug: str) -> BidRound:
    return round_list(user=user).get(slug=slug)


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
