"""Running the café on the day: starting rounds and finishing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log

from ..models import Cafe
from .planning import _lock


@transaction.atomic
def round_start(*, actor: User | None, cafe: Cafe, round_number: int) -> Cafe:
    """Start ``round_number`` (the next one) now. Starting the round already running is a no-op,
    so a double tap on the facilitator's button does nothing twice. Locks the café."""
    cafe = _lock(cafe)
    if cafe.finished_at is not None:
        raise DomainError(_("The café has finished."))
    if round_number == cafe.current_round:
        return cafe
    if round_number != cafe.current_round + 1 or round_number > cafe.rounds:
        raise DomainError(
            _("The next round is round %(n)s.") % {"n": cafe.current_round + 1}
            if cafe.current_round < cafe.rounds
            else _("That was the last round.")
        )
    if not cafe.seats.filter(round_number=round_number).exists():
        raise DomainError(_("Plan the seating before starting a round."))
    cafe.current_round = round_number
    cafe.round_started_at = timezone.now()
    cafe.save(update_fields=["current_round", "round_started_at", "modified"])
    audit_log(actor=actor, action="cafe.round.start", subject=cafe, data={"round": round_number})
    return cafe


@transaction.atomic
def cafe_finish(*, actor: User | None, cafe: Cafe) -> Cafe:
    """End the café (after any round). Idempotent."""
    cafe = _lock(cafe)
    if cafe.finished_at is None:
        cafe.finished_at = timezone.now()
        cafe.save(update_fields=["finished_at", "modified"])
        audit_log(
            actor=actor, action="cafe.finish", subject=cafe, data={"round": cafe.current_round}
        )
    return cafe
