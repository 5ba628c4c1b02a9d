"""Who is at the café and where they sit: participants from check-in, seating rules, and the
plan made by the rotation planner (through the adapter in ``cafes.planner_io``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import AccessNeed, Registration, User
from engagement.services import DomainError, audit_log

from ..models import Cafe, Participant, Seat, SeatingConstraint
from .planning import _lock, mark_stale


@dataclass(frozen=True)
class SyncResult:
    added: int
    left: int


def _prefill(registration: Registration) -> dict:
    needs = set(registration.access_needs or [])
    return {
        "needs_bsl": AccessNeed.BSL in needs,
        "needs_step_free": AccessNeed.WHEELCHAIR in needs,
    }


@transaction.atomic
def participants_sync(*, actor: User | None, cafe: Cafe) -> SyncResult:
    """Bring the participants in line with check-in: everyone checked in (walk-ins too) is a
    participant, one per person in their party; a check-in that was undone takes the person out
    (kept, marked as left, if they already sat in a played round). Idempotent. Locks the café."""
    cafe = _lock(cafe)
    checked_in = list(
        Registration.objects.filter(
            event_id=cafe.event_id, status=Registration.Status.CONFIRMED
        ).checked_in()
    )
    existing = {(p.registration_id, p.companion): p for p in cafe.participants.all()}
    wanted: set[tuple[int, int]] = set()
    added = 0
    for registration in checked_in:
        for companion in range(registration.party_size):
            key = (registration.pk, companion)
            wanted.add(key)
            if key not in existing:
                fields = _prefill(registration) if companion == 0 else {}
                Participant.objects.create(
                    cafe=cafe, registration=registration, companion=companion, **fields
                )
                added += 1
    left = 0
    now = timezone.now()
    for key, participant in existing.items():
        if key in wanted or participant.left_at is not None:
            continue
        if participant.seats.filter(round_number__lte=cafe.current_round).exists():
            participant.left_at = now
            participant.save(update_fields=["left_at", "modified"])
        else:
            participant.delete()
        left += 1
    if added or left:
        mark_stale(cafe)
        audit_log(
            actor=actor,
            action="cafe.participants.sync",
            subject=cafe,
            data={"added": added, "left": left},
        )
    return SyncResult(added=added, left=left)


@transaction.atomic
def participant_update(
    *,
    actor: User | None,
    participant: Participant,
    staff: str = "",
    language: str = "",
    needs_bsl: bool = False,
    needs_step_free: bool = False,
) -> Participant:
    """Record what matters for seating: staff (spread across tables) and needs (matched to
    tables)."""
    cafe = _lock(participant.cafe)
    participant.staff, participant.language = staff, language.strip()
    participant.needs_bsl, participant.needs_step_free = needs_bsl, needs_step_free
    participant.full_clean()
    participant.save()
    mark_stale(cafe)
    audit_log(actor=actor, action="cafe.participant.update", subject=participant)
    return participant


@transaction.atomic
def participant_leave(*, actor: User | None, participant: Participant) -> Participant:
    """Someone went home: they keep their seats in played rounds and get none after."""
    cafe = _lock(participant.cafe)
    if participant.left_at is None:
        participant.left_at = timezone.now()
        participant.save(update_fields=["left_at", "modified"])
        mark_stale(cafe)
        audit_log(actor=actor, action="cafe.participant.leave", subject=participant)
    return participant


@transaction.atomic
def participant_return(*, actor: User | None, participant: Participant) -> Participant:
    cafe = _lock(participant.cafe)
    if participant.left_at is not None:
        participant.left_at = None
        participant.save(update_fields=["left_at", "modified"])
        mark_stale(cafe)
        audit_log(actor=actor, action="cafe.participant.return", subject=participant)
    return participant


def _groups(cafe: Cafe) -> dict[int, int]:
    """participant id → representative of the people who must sit with them."""
    from ..planner_io import together_groups

    return {pid: min(group) for group in together_groups(cafe) for pid in group}


@transaction.atomic
def constraint_add(
    *, actor: User | None, cafe: Cafe, kind: str, first: Participant, second: Participant
) -> SeatingConstraint:
    """Keep two people apart or together. Refuses rules that contradict each other (apart
    from someone they must sit with)."""
    cafe = _lock(cafe)
    if first.pk == second.pk:
        raise DomainError(_("Choose two different people."))
    first, second = sorted([first, second], key=lambda p: p.pk)
    if cafe.constraints.filter(first=first, second=second).exists():
        raise DomainError(_("There is already a rule for these two people."))
    rule = SeatingConstraint(cafe=cafe, kind=kind, first=first, second=second)
    rule.full_clean()
    groups = _groups(cafe)
    same_group = groups.get(first.pk, first.pk) == groups.get(second.pk, second.pk)
    if kind == SeatingConstraint.Kind.APART and same_group:
        raise DomainError(_("These two must sit together, so they cannot be kept apart."))
    if kind == SeatingConstraint.Kind.TOGETHER:
        mine = {p for p, g in groups.items() if g == groups.get(first.pk, first.pk)} | {first.pk}
        theirs = {p for p, g in groups.items() if g == groups.get(second.pk, second.pk)} | {
            second.pk
        }
        apart = cafe.constraints.filter(kind=SeatingConstraint.Kind.APART)
        for a, b in apart.values_list("first_id", "second_id"):
            if (a in mine and b in theirs) or (a in theirs and b in mine):
                raise DomainError(_("Someone in one group must be kept apart from the other."))
    rule.save()
    mark_stale(cafe)
    audit_log(actor=actor, action="cafe.constraint.add", subject=cafe, data={"kind": kind})
    return rule


@transaction.atomic
def constraint_remove(*, actor: User | None, rule: SeatingConstraint) -> None:
    cafe = _lock(rule.cafe)
    kind = rule.kind
    rule.delete()
    mark_stale(cafe)
    audit_log(actor=actor, action="cafe.constraint.remove", subject=cafe, data={"kind": kind})


class SeatingNeedsUnmet(DomainError):
    """Some people need what no table offers; ``unmet`` are their participant ids, so the page
    can offer to seat everyone else."""

    def __init__(self, message: str, unmet: list[int]):
        super().__init__(message)
        self.unmet = unmet


def seating_plan(
    *,
    actor: User | None,
    cafe: Cafe,
    seed: int | None = None,
    seat_everyone_else: bool = False,
) -> Cafe:
    """Plan (or re-plan) the seating. Rounds already played (up to ``current_round``) are kept
    exactly as they were; only later rounds are seated again, for the people still here.
    Locks the café, so two coordinators pressing the button get one plan after the other.

    If someone needs what no table offers, :class:`SeatingNeedsUnmet` names them and the need;
    with ``seat_everyone_else`` those people are left out of the plan and everyone else is
    seated."""
    with transaction.atomic():
        return _seating_plan(
            actor=actor, cafe=cafe, seed=seed, seat_everyone_else=seat_everyone_else
        )


def _seating_plan(*, actor, cafe, seed, seat_everyone_else) -> Cafe:
    from ..planner_io import SeatingImpossible, plan_cafe

    cafe = _lock(cafe)
    leave_out: frozenset[int] = frozenset()
    try:
        plan = plan_cafe(cafe, seed=seed)
    except SeatingImpossible as exc:
        if not exc.unmet:
            raise DomainError(str(exc)) from exc
        if not seat_everyone_else:
            raise SeatingNeedsUnmet(str(exc), exc.unmet) from exc
        leave_out = frozenset(exc.unmet)
        try:
            plan = plan_cafe(cafe, seed=seed, leave_out=leave_out)
        except SeatingImpossible as again:
            raise DomainError(str(again)) from again
    Seat.objects.filter(cafe=cafe, round_number__gt=cafe.current_round).delete()
    Seat.objects.bulk_create(
        Seat(cafe=cafe, round_number=round_number, table_id=table_id, participant_id=pid)
        for round_number, tables in plan.rounds.items()
        if round_number > cafe.current_round
        for table_id, people in tables.items()
        for pid in people
    )
    cafe.seating_planned_at = timezone.now()
    cafe.seating_repeats = plan.repeats
    cafe.seating_version += 1
    cafe.seating_stale = False
    cafe.save(
        update_fields=[
            "seating_planned_at",
            "seating_repeats",
            "seating_version",
            "seating_stale",
            "modified",
        ]
    )
    audit_log(
        actor=actor,
        action="cafe.seating.plan",
        subject=cafe,
        data={
            "version": cafe.seating_version,
            "repeats": plan.repeats,
            "kept": cafe.current_round,
            "left_out": len(leave_out),
        },
    )
    return cafe
