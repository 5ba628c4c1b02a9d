"""What the issue desk shows: the groups by name, and how many cards have gone out."""

from __future__ import annotations

from budgeting.models import Bid
from budgeting.selectors import voter_group_conflicts

from ..models import PBVote, VotingCode


def issue_desk_groups(*, vote: PBVote) -> list[tuple[str, str]]:
    """(group key, the group's name as its bids give it), sorted by name. The key is what a
    card records; people only ever see the name."""
    if not vote.round_id:
        return []
    keys = set(voter_group_conflicts(round=vote.round))
    names: dict[str, str] = {}
    rows = (
        Bid.objects.filter(round_id=vote.round_id, group_key__in=keys)
        .exclude(group_name="")
        .order_by("created")
        .values_list("group_key", "group_name")
    )
    for key, name in rows:
        names.setdefault(key, name)
    # A key with no bid left to name it still gets a readable label.
    for key in keys - set(names):
        names[key] = key.split(":", 1)[-1].replace("-", " ").capitalize()
    return sorted(names.items(), key=lambda pair: pair[1].casefold())


def issue_desk_count(*, vote: PBVote) -> int:
    return VotingCode.objects.filter(vote=vote, state=VotingCode.State.ISSUED).count()
