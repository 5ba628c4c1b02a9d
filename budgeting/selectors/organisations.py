"""Reads about organisation records: the groups with bids in the areas a coordinator runs."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from engagement.roles import Role

from ..access import bid_scope_q
from ..models import Bid, Organisation


def organisation_list(*, user) -> QuerySet[Organisation]:
    """Current (unmerged) organisations with a bid in a round the user coordinates, with how
    many bids each has, by name. The same list decides which ones the user may merge."""
    bids = Bid.objects.filter(bid_scope_q(user, {Role.COORDINATOR}))
    return (
        Organisation.objects.current()
        .filter(bids__in=bids)
        .annotate(bid_count=Count("bids", distinct=True))
        .order_by("name", "pk")
    )
