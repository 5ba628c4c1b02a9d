"""Rounds and their priorities."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from engagement.models import Area, User
from engagement.services import DomainError, audit_log

from ..models import BidRound, FundingPot, GroupType, Priority


def _check_round(round_: BidRound) -> None:
    if round_.pot.area_id != round_.area_id:
        raise DomainError(_("The funding pot must belong to the round's area."))
    unknown = set(round_.eligible_group_types) - set(GroupType.values)
    if unknown:
        raise DomainError(_("Unknown kind of group: %(kinds)s.") % {"kinds": ", ".join(unknown)})


@transaction.atomic
def round_create(*, actor: User | None, area: Area, pot: FundingPot, **fields: Any) -> BidRound:
    """Create a round for an area, funded by one of the area's pots."""
    round_ = BidRound(area=area, pot=pot, **fields)
    _check_round(round_)
    round_.full_clean()
    round_.save()
    audit_log(actor=actor, action="round.create", subject=round_)
    return round_


@transaction.atomic
def round_update(*, actor: User | None, round: BidRound, **fields: Any) -> BidRound:
    round_ = BidRound.objects.select_for_update().get(pk=round.pk)
    for name, value in fields.items():
        setattr(round_, name, value)
    _check_round(round_)
    round_.full_clean()
    round_.save()
    audit_log(actor=actor, action="round.update", subject=round_, data={"fields": sorted(fields)})
    return round_


@transaction.atomic
def priority_add(
    *, actor: User | None, round: BidRound, title: str, description: str = "", source: str = ""
) -> Priority:
    order = round.priorities.count()
    priority = Priority(
        round=round, title=title, description=description, source=source, order=order
    )
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priorities_from_themes(
    *, actor: User | None, round: BidRound, themes: list[str], source: str
) -> list[Priority]:
    """Add café harvest themes as priorities (the cafés app passes the theme titles and where they
    came from). Themes already present are skipped, so importing twice adds nothing."""
    existing = set(round.priorities.values_list("title", flat=True))
    added = [
        priority_add(actor=actor, round=round, title=theme.strip(), source=source)
        for theme in themes
        if theme.strip() and theme.strip() not in existing
    ]
    if added:
        audit_log(
            actor=actor, action="round.priorities_import", subject=round, data={"added": len(added)}
        )
    return added
