"""Reads about bids: the group's own, the review queue, the shortlist and conflicts."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from ..models import Bid, BidMessage, BidRound, BidStatus, ConflictDeclaration
from ..safeguarding import not_safe_q


def my_bid_list(*, user) -> QuerySet[Bid]:
    return Bid.objects.filter(applicant=user).select_related("round__area").order_by("-modified")


def bid_get(*, pk: int) -> Bid:
    return Bid.objects.select_related("round__area__programme", "round__pot", "applicant").get(
        pk=pk
    )


def bid_messages(*, bid: Bid, staff: bool) -> QuerySet[BidMessage]:
    qs = bid.messages.select_related("author")
    return qs if staff else qs.exclude(kind=BidMessage.Kind.NOTE)


def changes_request_message(*, bid: Bid) -> BidMessage | None:
    """What the coordinators last asked the group to change, while the bid waits for it."""
    if bid.status != BidStatus.CHANGES_REQUESTED:
        return None
    return bid.messages.filter(kind=BidMessage.Kind.CHANGES_REQUESTED).order_by("-created").first()


def review_queue(
    *, user, round: BidRound, status: str = "", not_safe: bool = False
) -> QuerySet[Bid]:
    """Sent bids in a round for the review page, with due diligence, whether this reviewer
    declared a conflict and whether the bid breaks the safeguarding rule, in one query;
    ``not_safe`` keeps only the bids that break it."""
    qs = (
        Bid.objects.filter(round=round)
        .exclude(status__in=[BidStatus.DRAFT])
        .select_related("due_diligence", "category")
        .annotate(
            my_conflict=Exists(
                ConflictDeclaration.objects.filter(
                    bid=OuterRef("pk"), kind=ConflictDeclaration.Kind.REVIEWER, reviewer=user.pk
                )
            ),
            group_messages=Count("messages", filter=Q(messages__from_group=True)),
            not_safe=ExpressionWrapper(not_safe_q(), output_field=BooleanField()),
        )
        .order_by("number")
    )
    if status:
        qs = qs.filter(status=status)
    if not_safe:
        qs = qs.filter(not_safe_q())
    return qs


def shortlist(*, round: BidRound) -> QuerySet[Bid]:
    """Shortlisted bids in ballot order (then by number until an order is drawn)."""
    return (
        Bid.objects.shortlisted()
        .filter(round=round)
        .select_related("category")
        .prefetch_related(Prefetch("attachments"))
        .order_by("ballot_position", "number")
    )


def voter_group_conflicts(*, round: BidRound) -> dict[str, set[int]]:
    """For voting: voter group → ids of bids its members may not score."""
    result: dict[str, set[int]] = defaultdict(set)
    rows = ConflictDeclaration.objects.filter(
        bid__round=round, kind=ConflictDeclaration.Kind.VOTER_GROUP
    ).values_list("voter_group", "bid_id")
    for group, bid_id in rows:
        result[group].add(bid_id)
    return dict(result)


def reviewer_conflicts(*, user, bids) -> list[Bid]:
    """The bids among ``bids`` (or their ids) with which ``user`` has declared a conflict of
    interest as a reviewer, by number: they must not decide anything about those bids."""
    if user is None or not user.is_authenticated:
        return []
    ids = [getattr(b, "pk", b) for b in bids]
    return list(
        Bid.objects.filter(
            pk__in=ids,
            conflicts__kind=ConflictDeclaration.Kind.REVIEWER,
            conflicts__reviewer=user,
        )
        .distinct()
        .order_by("number")
    )


def unconflicted_reviewers(*, bid: Bid) -> list:
    """People who may review ``bid`` (coordinators and partners of its area or programme) and
    have declared no conflict on it, by name: whom a conflicted reviewer can hand it to."""
    from engagement.models import RoleAssignment, User
    from engagement.roles import REVIEWER_ROLES

    holders = RoleAssignment.objects.covering_area(bid.round.area).filter(role__in=REVIEWER_ROLES)
    conflicted = ConflictDeclaration.objects.filter(
        bid=bid, kind=ConflictDeclaration.Kind.REVIEWER
    ).values("reviewer")
    return list(
        User.objects.filter(pk__in=holders.values("user"), is_active=True)
        .exclude(pk__in=conflicted)
        .order_by("name", "pk")
    )
