"""Reads for the coordinator's set-up pages: the pots and rounds a person looks after, what the
community said in an area (for priorities), and what the after-the-vote actions would do."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from cafes.models import CafeTheme
from engagement.models import YouSaidWeDid
from engagement.roles import OVERSIGHT_ROLES

from ..access import pot_scope_q, round_scope_q
from ..models import Bid, BidRound, BidStatus, FundingPot
from ..services.pots import plan_leftover_moves


def setup_pot_list(*, user) -> QuerySet[FundingPot]:
    """Pots in the areas the user coordinates or reads for the PCC office, with their rounds."""
    return (
        FundingPot.objects.filter(pot_scope_q(user, OVERSIGHT_ROLES))
        .select_related("area__programme")
        .annotate(round_count=Count("rounds"))
        .order_by("area__programme__name", "area__name", "name")
    )


def setup_round_list(*, user) -> QuerySet[BidRound]:
    """Rounds (published or not) in the same areas, newest first."""
    return (
        BidRound.objects.filter(round_scope_q(user, OVERSIGHT_ROLES))
        .select_related("area__programme", "pot")
        .order_by("-submission_opens")
    )


def feedback_priority_options(*, round: BidRound, limit: int = 50) -> list[dict]:
    """What people in the round's area said: World Café themes a coordinator marked "a priority
    for community bids" first, then "you said, we did" items, newest first, leaving out what is
    already one of the round's priorities."""
    taken = {t.casefold() for t in round.priorities.values_list("title", flat=True)}
    options = []
    themes = (
        CafeTheme.objects.priorities()
        .for_area(round.area_id)
        .select_related("cafe__event")
        .order_by("-priority_set_at")[:limit]
    )
    for theme in themes:
        title = " ".join(theme.priority_statement.split())[:200]
        if not title or title.casefold() in taken:
            continue
        event = theme.cafe.event
        options.append(
            {
                "pk": f"theme-{theme.pk}",
                "title": title,
                "label": _("%(title)s (World Café: %(event)s)")
                % {"title": title, "event": event.title},
                "source": _("World Café: %(event)s") % {"event": event.title},
                "cafe_theme": theme.pk,
            }
        )
        taken.add(title.casefold())
    items = (
        YouSaidWeDid.objects.filter(area=round.area_id)
        .select_related("event")
        .order_by("-created")[:limit]
    )
    for item in items:
        title = " ".join(item.you_said.split())[:200]
        if not title or title.casefold() in taken:
            continue
        options.append(
            {
                "pk": item.pk,
                "title": title,
                "label": title,
                "source": item.event.title if item.event_id else "",
                "cafe_theme": None,
            }
        )
    return options


def leftover_preview(*, round: BidRound) -> list[dict]:
    """What the round's leftover rule would move now, category by category."""
    categories = list(round.categories.order_by("order", "name"))
    moves = plan_leftover_moves([(c.pk, c.left_pence) for c in categories], round.leftover_rule)
    return [
        {"category": c, "left": c.left_pence, "in": moves[c.pk][0], "out": moves[c.pk][1]}
        for c in categories
    ]


def unfunded_bids(*, round: BidRound) -> QuerySet[Bid]:
    """Shortlisted bids that have not been funded (closing the round marks them not funded)."""
    return Bid.objects.filter(round=round, status=BidStatus.SHORTLISTED).order_by(
        "ballot_position", "number"
    )
