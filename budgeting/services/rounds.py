"""Rounds and their priorities."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from engagement.languages import in_source_language
from engagement.models import Area, User
from engagement.services import DomainError, audit_log
from engagement.validators import validate_plain_text

from ..models import Award, BidRound, FundingPot, GroupType, Priority


def _check_round(round_: BidRound) -> None:
    if round_.pot.area_id != round_.area_id:
        raise DomainError(_("The funding pot must belong to the round's area."))
    unknown = set(round_.eligible_group_types) - set(GroupType.values)
    if unknown:
        raise DomainError(_("Unknown kind of group: %(kinds)s.") % {"kinds": ", ".join(unknown)})


@transaction.atomic
def round_create(*, actor: User | None, area: Area, pot: FundingPot, **fields: Any) -> BidRound:
    """Create a round for an area, funded by one of the area's pots."""
    with in_source_language():
        round_ = BidRound(area=area, pot=pot, **fields)
        _check_round(round_)
        round_.full_clean()
        round_.save()
    audit_log(actor=actor, action="round.create", subject=round_)
    return round_


@transaction.atomic
def round_update(*, actor: User | None, round: BidRound, **fields: Any) -> BidRound:
    """Change a round. Locks it; the pot cannot change once money has been awarded from it."""
    round_ = BidRound.objects.select_for_update().get(pk=round.pk)
    new_pot = fields.get("pot")
    if (
        new_pot is not None
        and new_pot.pk != round_.pot_id
        and Award.objects.filter(bid__round=round_).exists()
    ):
        raise DomainError(
            {"pot": [_("Money has been awarded from this round's pot, so it cannot change.")]}
        )
    with in_source_language():
        for name, value in fields.items():
            setattr(round_, name, value)
        _check_round(round_)
        round_.full_clean()
        round_.save()
    audit_log(actor=actor, action="round.update", subject=round_, data={"fields": sorted(fields)})
    return round_


@transaction.atomic
def priority_add(
    *,
    actor: User | None,
    round: BidRound,
    title: str,
    description: str = "",
    source: str = "",
    cafe_theme_id: int | None = None,
) -> Priority:
    """Add a priority, typed in or taken from what the community said (``cafe_theme_id``: the
    World Café theme it came from). Plain text only."""
    validate_plain_text(title)
    validate_plain_text(description)
    order = round.priorities.count()
    priority = Priority(
        round=round,
        title=title.strip(),
        description=description.strip(),
        source=source.strip(),
        order=order,
        cafe_theme_id=cafe_theme_id,
    )
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_remove(*, actor: User | None, priority: Priority) -> None:
    """Take a priority off a round. Refused once a bid has said it addresses it, so no bid
    loses an answer it gave."""
    priority = Priority.objects.select_for_update().get(pk=priority.pk)
    if priority.bids.exists():
        raise DomainError(
            _("A bid has chosen “%(title)s”, so it cannot be removed.") % {"title": priority.title}
        )
    audit_log(
        actor=actor,
        action="round.priority_remove",
        subject=priority.round,
        data={"title": priority.title},
    )
    priority.delete()


@transaction.atomic
def priorities_from_feedback(
    *, actor: User | None, round: BidRound, items: list[tuple[str, str, int | None]]
) -> list[Priority]:
    """Add priorities from what the community said, as (title, where it came from, café theme
    id or None) triples, all or none. Titles the round already has are skipped, so adding twice
    adds nothing."""
    existing = {t.casefold() for t in round.priorities.values_list("title", flat=True)}
    added = []
    for title, source, theme_id in items:
        title = " ".join(title.split())
        if title and title.casefold() not in existing:
            added.append(
                priority_add(
                    actor=actor, round=round, title=title, source=source, cafe_theme_id=theme_id
                )
            )
            existing.add(title.casefold())
    if added:
        audit_log(
            actor=actor, action="round.priorities_import", subject=round, data={"added": len(added)}
        )
    return added


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
