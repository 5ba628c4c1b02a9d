"""Money services: pots, contributions, category pots and awards.

Every function that changes money locks the pot row (``select_for_update``) before reading the
totals it checks, updates the pot's running totals in the same transaction, and writes an audit
row. The pot's CheckConstraints (``pot_never_overspent`` and friends) back this up in the
database, so even a missed lock cannot overspend a pot: the second writer gets an IntegrityError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import Area, Programme, User
from engagement.services import DomainError, audit_log
from engagement.validators import validate_plain_text

from ..models import (
    Award,
    Bid,
    BidEmail,
    BidRound,
    BidStatus,
    Category,
    Contribution,
    ContributionSource,
    FundingPot,
    LeftoverRule,
    Phase,
)
from ..money import format_pence
from .emails import bid_email_queue


def _lock_pot(pot_id: int) -> FundingPot:
    return FundingPot.objects.select_for_update().get(pk=pot_id)


def _refresh_contribution_totals(pot: FundingPot) -> None:
    totals = Contribution.objects.filter(pot=pot).aggregate(
        pledged=Coalesce(Sum("pledged_pence"), 0), received=Coalesce(Sum("received_pence"), 0)
    )
    if totals["pledged"] < pot.awarded_pence:
        raise DomainError(
            _("That would leave %(pledged)s pledged, less than the %(awarded)s already awarded.")
            % {
                "pledged": format_pence(totals["pledged"]),
                "awarded": format_pence(pot.awarded_pence),
            }
        )
    if totals["received"] < pot.paid_pence:
        raise DomainError(
            _("That would leave %(received)s received, less than the %(paid)s already paid out.")
            % {
                "received": format_pence(totals["received"]),
                "paid": format_pence(pot.paid_pence),
            }
        )
    pot.pledged_pence = totals["pledged"]
    pot.received_pence = totals["received"]
    pot.save(update_fields=["pledged_pence", "received_pence", "modified"])


@transaction.atomic
def pot_create(*, actor: User | None, area: Area, name: str, target_pence: int = 0) -> FundingPot:
    pot = FundingPot(area=area, name=name, target_pence=target_pence)
    pot.full_clean()
    pot.save()
    audit_log(actor=actor, action="pot.create", subject=pot, data={"target": target_pence})
    return pot


@transaction.atomic
def pot_update(*, actor: User | None, pot: FundingPot, name: str, target_pence: int) -> FundingPot:
    """Rename a pot or change its fundraising target (the area stays: rounds and awards hang
    off it). Locks the pot; audit-logged with the target before and after."""
    pot = _lock_pot(pot.pk)
    before = {"name": pot.name, "target": pot.target_pence}
    pot.name = name.strip()
    pot.target_pence = target_pence
    pot.full_clean()
    pot.save(update_fields=["name", "target_pence", "modified"])
    audit_log(
        actor=actor,
        action="pot.update",
        subject=pot,
        data={"before": before, "after": {"name": pot.name, "target": target_pence}},
    )
    return pot


@transaction.atomic
def contribution_add(
    *,
    actor: User | None,
    pot: FundingPot,
    source: str,
    funder_name: str,
    pledged_pence: int,
    received_pence: int = 0,
    note: str = "",
    pledged_on: dt.date | None = None,
    received_on: dt.date | None = None,
) -> Contribution:
    """Record money promised to a pot (no round needed: a PCC seed can come first). Locks the
    pot and updates its totals; audit-logged."""
    pot = _lock_pot(pot.pk)
    validate_plain_text(note)
    contribution = Contribution(
        pot=pot,
        source=source,
        funder_name=funder_name,
        pledged_pence=pledged_pence,
        received_pence=received_pence,
        note=note.strip(),
        pledged_on=pledged_on or timezone.localdate(),
        received_on=received_on or (timezone.localdate() if received_pence else None),
    )
    if received_pence > pledged_pence:
        raise DomainError(_("The amount received cannot be more than the amount pledged."))
    contribution.full_clean()
    contribution.save()
    _refresh_contribution_totals(pot)
    audit_log(
        actor=actor,
        action="pot.contribution.add",
        subject=pot,
        data={
            "contribution": contribution.pk,
            "source": source,
            "pledged": pledged_pence,
            "received": received_pence,
        },
    )
    return contribution


@transaction.atomic
def contribution_update(
    *,
    actor: User | None,
    contribution: Contribution,
    pledged_pence: int,
    received_pence: int,
    note: str | None = None,
    pledged_on: dt.date | None = None,
    received_on: dt.date | None = None,
) -> Contribution:
    """Correct a pledge or record money arriving, with its dates and note. Refused if it would
    leave the pot with less pledged than awarded, or less received than paid out. Audit-logged
    with the figures before and after."""
    pot = _lock_pot(contribution.pot_id)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if received_pence > pledged_pence:
        raise DomainError(_("The amount received cannot be more than the amount pledged."))
    before = {"pledged": contribution.pledged_pence, "received": contribution.received_pence}
    if received_pence > contribution.received_pence and received_on is None:
        received_on = timezone.localdate()
    contribution.pledged_pence = pledged_pence
    contribution.received_pence = received_pence
    if note is not None:
        validate_plain_text(note)
        contribution.note = note.strip()
    if pledged_on is not None:
        contribution.pledged_on = pledged_on
    if received_on is not None:
        contribution.received_on = received_on
    contribution.full_clean()
    contribution.save()
    _refresh_contribution_totals(pot)
    audit_log(
        actor=actor,
        action="pot.contribution.update",
        subject=pot,
        data={
            "contribution": contribution.pk,
            "before": before,
            "after": {"pledged": pledged_pence, "received": received_pence},
        },
    )
    return contribution


def _check_categories_fit(pot: FundingPot, round: BidRound, total: int) -> None:
    """Category pots ring-fence money the pot really holds: what has been pledged, less what
    other rounds have awarded from it (a fundraising target is not money). The caller holds
    the pot's lock."""
    elsewhere = (
        Award.objects.active()
        .filter(pot=pot)
        .exclude(bid__round=round)
        .aggregate(total=Coalesce(Sum("amount_pence"), 0))["total"]
    )
    holds = max(pot.pledged_pence - elsewhere, 0)
    if total > holds:
        raise DomainError(
            _(
                "The category pots would add up to %(total)s, more than the pot holds for this "
                "round: %(holds)s (%(pledged)s pledged, %(elsewhere)s awarded in other rounds). "
                "Record the money pledged first, or make the category pots smaller."
            )
            % {
                "total": format_pence(total),
                "holds": format_pence(holds),
                "pledged": format_pence(pot.pledged_pence),
                "elsewhere": format_pence(elsewhere),
            }
        )


@transaction.atomic
def contribution_remove(*, actor: User | None, contribution: Contribution) -> FundingPot:
    """Take out a contribution entered by mistake. Refused, with the figures, if the pot would
    then hold less than it has awarded or paid. Audit-logged with what was removed."""
    pot = _lock_pot(contribution.pot_id)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    removed = {
        "contribution": contribution.pk,
        "funder": contribution.funder_name,
        "pledged": contribution.pledged_pence,
        "received": contribution.received_pence,
    }
    contribution.delete()
    _refresh_contribution_totals(pot)
    audit_log(actor=actor, action="pot.contribution.remove", subject=pot, data=removed)
    return pot


@transaction.atomic
def programme_pots_set(
    *,
    actor: User | None,
    programme: Programme,
    name: str,
    target_pence: int,
    seed_pence: int = 0,
    seed_funder: str = "",
    seed_source: str = ContributionSource.PCC,
    seed_received: bool = False,
) -> list[FundingPot]:
    """One step for a whole programme: each area gets (or keeps) a pot called ``name`` with the
    same target and, when ``seed_pence`` is given, one seed contribution from ``seed_funder``.
    Running it again updates the targets and the seed amount; it never adds a second seed to a
    pot. Audit-logged per pot."""
    validate_plain_text(name)
    validate_plain_text(seed_funder)
    name = name.strip()
    if not name:
        raise DomainError({"name": [_("Give the pots a name.")]})
    if seed_pence and not seed_funder.strip():
        raise DomainError({"seed_funder": [_("Say who gives the seed money.")]})
    areas = list(programme.areas.order_by("name"))
    if not areas:
        raise DomainError(_("This programme has no areas yet. Add its areas first."))
    pots = []
    for area in areas:
        pot = FundingPot.objects.select_for_update().filter(area=area, name=name).first()
        if pot is None:
            pot = pot_create(actor=actor, area=area, name=name, target_pence=target_pence)
        elif pot.target_pence != target_pence:
            pot = pot_update(actor=actor, pot=pot, name=name, target_pence=target_pence)
        if seed_pence:
            seed = pot.contributions.filter(note=SEED_NOTE, funder_name=seed_funder.strip()).first()
            received = seed_pence if seed_received else 0
            if seed is None:
                contribution_add(
                    actor=actor,
                    pot=pot,
                    source=seed_source,
                    funder_name=seed_funder.strip(),
                    pledged_pence=seed_pence,
                    received_pence=received,
                    note=SEED_NOTE,
                )
            elif seed.pledged_pence != seed_pence:
                contribution_update(
                    actor=actor,
                    contribution=seed,
                    pledged_pence=seed_pence,
                    received_pence=max(min(seed.received_pence, seed_pence), received),
                )
        pots.append(FundingPot.objects.get(pk=pot.pk))
    return pots


#: The note that marks a programme-wide seed contribution (so setting it again updates it).
SEED_NOTE = "Seed money for every area of the programme"


@transaction.atomic
def category_create(
    *, actor: User | None, round: BidRound, name: str, budget_pence: int, order: int = 0
) -> Category:
    """Ring-fence part of a round's pot. The category budgets together may not exceed what has
    been pledged to the pot, or its target if that is higher."""
    pot = _lock_pot(round.pot_id)
    existing = round.categories.aggregate(total=Coalesce(Sum("budget_pence"), 0))["total"]
    _check_categories_fit(pot, round, existing + budget_pence)
    category = Category(round=round, name=name, budget_pence=budget_pence, order=order)
    category.full_clean()
    category.save()
    audit_log(
        actor=actor, action="category.create", subject=category, data={"budget": budget_pence}
    )
    return category


@transaction.atomic
def category_update(
    *, actor: User | None, category: Category, name: str, budget_pence: int, order: int = 0
) -> Category:
    """Rename, re-budget or re-order a category pot. The budgets together may still not exceed
    the pot (as for ``category_create``), a budget may not drop below what the category has
    already awarded, and nothing changes once the leftovers have been moved (the moves were
    worked out from these budgets). Audit-logged with the old and new values."""
    pot = _lock_pot(category.round.pot_id)
    category = Category.objects.select_for_update().select_related("round").get(pk=category.pk)
    if category.round.leftovers_moved_at is not None:
        raise DomainError(
            _("Money left in the categories has been moved: the category pots are now fixed.")
        )
    others = category.round.categories.exclude(pk=category.pk).aggregate(
        total=Coalesce(Sum("budget_pence"), 0)
    )["total"]
    _check_categories_fit(pot, category.round, others + budget_pence)
    committed = category.awarded_pence - category.transfer_in_pence + category.transfer_out_pence
    if budget_pence < committed:
        raise DomainError(
            _("%(name)s has already awarded %(awarded)s: its budget cannot be less.")
            % {"name": category.name, "awarded": format_pence(committed)}
        )
    before = {"name": category.name, "budget": category.budget_pence, "order": category.order}
    category.name, category.budget_pence, category.order = name, budget_pence, order
    category.full_clean()
    category.save(update_fields=["name", "budget_pence", "order", "modified"])
    audit_log(
        actor=actor,
        action="category.update",
        subject=category,
        data={"before": before, "after": {"name": name, "budget": budget_pence, "order": order}},
    )
    return category


def plan_leftover_moves(lefts: list[tuple[int, int]], rule: str) -> dict[int, tuple[int, int]]:
    """Given (category id, money left) in category order, what moves in and out of each.

    RETURN_TO_POT: every category gives its leftover back (out only).
    NEXT_CATEGORY: each leftover moves to the next category; the last one's goes back to the pot.
    SHARE_EVENLY: each leftover is split evenly among the other categories (remainder pence to
    the earliest), so nothing is lost to rounding.
    """
    moves = {cid: [0, 0] for cid, _left in lefts}
    ids = [cid for cid, _left in lefts]
    for index, (cid, left) in enumerate(lefts):
        if left <= 0:
            continue
        moves[cid][1] += left
        if rule == LeftoverRule.NEXT_CATEGORY and index + 1 < len(ids):
            moves[ids[index + 1]][0] += left
        elif rule == LeftoverRule.SHARE_EVENLY and len(ids) > 1:
            others = [o for o in ids if o != cid]
            share, remainder = divmod(left, len(others))
            for position, other in enumerate(others):
                moves[other][0] += share + (1 if position < remainder else 0)
    return {cid: (inn, out) for cid, (inn, out) in moves.items()}


@transaction.atomic
def category_leftovers_move(*, actor: User | None, round: BidRound) -> dict[int, tuple[int, int]]:
    """Apply the round's leftover rule once, after category funding is done. A second call is
    refused (the round records when it happened), so the move is never doubled."""
    round = BidRound.objects.select_for_update().get(pk=round.pk)
    if round.leftovers_moved_at is not None:
        raise DomainError(_("Money left in the categories has already been moved."))
    categories = list(Category.objects.select_for_update().filter(round=round).order_by("order"))
    moves = plan_leftover_moves([(c.pk, c.left_pence) for c in categories], round.leftover_rule)
    for category in categories:
        inn, out = moves[category.pk]
        # Out is this category's own leftover, so in-before-out keeps the constraint true.
        category.transfer_in_pence += inn
        category.transfer_out_pence += out
        category.save(update_fields=["transfer_in_pence", "transfer_out_pence", "modified"])
    round.leftovers_moved_at = timezone.now()
    round.save(update_fields=["leftovers_moved_at", "modified"])
    audit_log(
        actor=actor,
        action="category.leftovers_move",
        subject=round,
        data={"rule": round.leftover_rule, "moves": {str(k): v for k, v in moves.items()}},
    )
    return moves


@transaction.atomic
def award_create(
    *,
    actor: User | None,
    bid: Bid,
    amount_pence: int | None = None,
    category: Category | None = None,
    check_phase: bool = True,
    email_kind: str = BidEmail.Kind.FUNDED,
    email_note: str = "",
) -> Award:
    """Fund a shortlisted bid from its round's pot and start its project.

    Locks the pot row first, so two coordinators awarding the last money at once are served one
    after the other and the second is refused with the amount left. ``amount_pence`` defaults to
    the amount requested. The group is emailed ``email_kind`` (e.g. funded after a change to a
    vote's count, with the published reason as ``email_note``). Audit-logged.
    """
    from .projects import project_create

    round_ = bid.round
    pot = _lock_pot(round_.pot_id)
    bid = Bid.objects.select_for_update().select_related("round").get(pk=bid.pk)
    if check_phase and round_.phase_at() not in (Phase.COUNTING, Phase.RESULTS):
        raise DomainError(_("Money can be awarded only after voting has closed."))
    if bid.status != BidStatus.SHORTLISTED:
        raise DomainError(_("Only a shortlisted bid can be funded."))
    amount = bid.amount_requested_pence if amount_pence is None else amount_pence
    if not amount or amount <= 0:
        raise DomainError(_("Enter an amount greater than zero."))
    left = pot.pledged_pence - pot.awarded_pence
    if amount > left:
        raise DomainError(
            _("There is not enough money left in %(pot)s: %(left)s left, %(amount)s asked.")
            % {"pot": pot.name, "left": format_pence(left), "amount": format_pence(amount)}
        )
    if category is not None:
        category = Category.objects.select_for_update().get(pk=category.pk, round=round_)
        if amount > category.left_pence:
            raise DomainError(
                _("There is not enough money left in the %(category)s category: %(left)s left.")
                % {"category": category.name, "left": format_pence(category.left_pence)}
            )
        category.awarded_pence += amount
        category.save(update_fields=["awarded_pence", "modified"])
    award = Award(pot=pot, bid=bid, category=category, amount_pence=amount, awarded_by=actor)
    award.full_clean(validate_constraints=False)  # the partial unique is checked by the database
    award.save()
    pot.awarded_pence += amount
    pot.save(update_fields=["awarded_pence", "modified"])
    bid.status = BidStatus.FUNDED
    bid.save(update_fields=["status", "modified"])
    project_create(actor=actor, award=award)
    bid_email_queue(bid=bid, kind=email_kind, key=f"funded-{award.pk}", note=email_note)
    audit_log(
        actor=actor,
        action="award.create",
        subject=award,
        data={"bid": bid.pk, "pot": pot.pk, "amount": amount, "left_after": left - amount},
    )
    return award


@transaction.atomic
def award_revoke(*, actor: User | None, award: Award, reason: str) -> Award:
    """Take an award back (e.g. the group folded) and free its money. Refused once any of it has
    been paid."""
    pot = _lock_pot(award.pot_id)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.revoked_at is not None:
        raise DomainError(_("This award has already been revoked."))
    if not reason.strip():
        raise DomainError(_("Give a reason for revoking the award."))
    project = getattr(award, "project", None)
    if project is not None and project.milestones.filter(paid_at__isnull=False).exists():
        raise DomainError(_("Part of this award has been paid, so it cannot be revoked."))
    award.revoked_at = timezone.now()
    award.revoked_reason = reason
    award.save(update_fields=["revoked_at", "revoked_reason", "modified"])
    pot.awarded_pence -= award.amount_pence
    pot.save(update_fields=["awarded_pence", "modified"])
    if award.category_id:
        category = Category.objects.select_for_update().get(pk=award.category_id)
        category.awarded_pence -= award.amount_pence
        category.save(update_fields=["awarded_pence", "modified"])
    if project is not None:
        project.status = project.Status.CANCELLED
        project.save(update_fields=["status", "modified"])
    Bid.objects.filter(pk=award.bid_id).update(status=BidStatus.NOT_FUNDED)
    bid_email_queue(
        bid=award.bid, kind=BidEmail.Kind.NOT_FUNDED, key=f"revoked-{award.pk}", note=reason
    )
    audit_log(
        actor=actor,
        action="award.revoke",
        subject=award,
        data={"amount": award.amount_pence, "reason": reason},
    )
    return award


@transaction.atomic
def round_close_unfunded(
    *, actor: User | None, round: BidRound, after_change: Mapping[int, str] | None = None
) -> int:
    """After the results, mark shortlisted bids that were not funded and queue an email to each
    group. ``after_change`` maps the bids the count had chosen but a change to the result left
    out to the published reason, so their groups are told what really happened. Idempotent:
    a second call finds no shortlisted bids left."""
    after_change = after_change or {}
    unfunded = list(
        Bid.objects.select_for_update().filter(round=round, status=BidStatus.SHORTLISTED)
    )
    count = Bid.objects.filter(pk__in=[b.pk for b in unfunded]).update(
        status=BidStatus.NOT_FUNDED, modified=timezone.now()
    )
    for bid in unfunded:
        if bid.pk in after_change:
            bid_email_queue(
                bid=bid,
                kind=BidEmail.Kind.NOT_FUNDED_AFTER_CHANGE,
                key="not_funded",
                note=after_change[bid.pk],
            )
        else:
            bid_email_queue(bid=bid, kind=BidEmail.Kind.NOT_FUNDED, key="not_funded")
    if count:
        audit_log(actor=actor, action="round.close_unfunded", subject=round, data={"bids": count})
    return count
