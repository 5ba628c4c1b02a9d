"""Setting up a PB vote, opening and closing it, counting it and acting on the result.

The count runs in Celery (``budgeting.tasks_voting.vote_tally_task``) and from the ``tally``
command, both through :func:`vote_tally`. Closing records the state first and only then tries
to queue the count: if Redis is down the close still stands, ballots already cast are safe in
PostgreSQL, and the beat sweeper (:func:`votes_sweep`) or the coordinator's "count again"
queues it later.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import Event, User
from engagement.services import DomainError, audit_log

from ..models import (
    Ballot,
    BidRound,
    BidStatus,
    PaperBallot,
    PBVote,
    ResultOverride,
    TallyRecord,
    VoteOption,
)
from ..money import format_pence
from ..tally import (
    BallotKind,
    BallotRules,
    Election,
    Project,
    RuleSpec,
    TallyError,
    parse_rule,
    tally,
)
from .tally_store import load_ballots, money_to_pence, pence_to_money

logger = logging.getLogger(__name__)

#: BallotRules fields a vote's ``params`` may set (the rest of params: threshold, policy).
RULE_FIELDS = (
    "max_choices",
    "min_choices",
    "max_points_per_bid",
    "max_total_points",
    "min_score",
    "max_score",
    "score_every_bid",
    "ordinal_places",
)
DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "scoring": {"min_score": 0, "max_score": 5, "score_every_bid": True},
    "approval": {"max_choices": None},
    "choose-1": {},
    "cumulative": {"max_total_points": 10, "max_points_per_bid": 5},
    "ordinal": {"max_choices": 3, "ordinal_places": 3},
    "knapsack": {},
}
#: A count still "running" after this long was lost with its worker; the sweeper re-queues it.
TALLY_LEASE = dt.timedelta(minutes=15)
#: A count still "pending" after this long was never queued (Redis down); re-queue it.
TALLY_REQUEUE_AFTER = dt.timedelta(minutes=1)


# --- reading the vote as the engine sees it -------------------------------------------------


def ballot_rules(vote: PBVote) -> BallotRules:
    params = vote.params or {}
    values = {k: params[k] for k in RULE_FIELDS if params.get(k) is not None}
    kind = BallotKind.parse(vote.ballot_type)
    if kind is BallotKind.ORDINAL and "ordinal_places" not in values and "max_choices" in values:
        values["ordinal_places"] = values["max_choices"]
    return BallotRules(kind=kind, **values)


def rule_spec(vote: PBVote) -> RuleSpec:
    params = vote.params or {}
    options: dict[str, Any] = {}
    if params.get("policy"):
        options["policy"] = params["policy"]
    threshold = params.get("threshold") if vote.rule == "greedy-threshold" else None
    return parse_rule(vote.rule, threshold=threshold, **options)


def vote_projects(vote: PBVote, options: Sequence[VoteOption] | None = None) -> list[Project]:
    options = list(vote.options.order_by("position")) if options is None else options
    return [
        Project(o.project_id, pence_to_money(o.cost_pence), o.category or None, o.title)
        for o in options
    ]


def vote_election(vote: PBVote) -> Election:
    """Everything counted so far, as a tally engine election (money in pounds)."""
    rules = ballot_rules(vote)
    ballots, points = load_ballots(
        vote.pk, weighted=rules.kind.weighted and rules.kind != "ordinal"
    )
    return Election(
        projects=vote_projects(vote),
        ballots=ballots,
        budget=pence_to_money(vote.budget_pence),
        rules=rules,
        points=points,
        meta=dict(vote.meta or {}),
    )


# --- setting up -----------------------------------------------------------------------------


def _check_params(ballot_type: str, rule: str, params: dict[str, Any]) -> dict[str, Any]:
    merged = {**DEFAULT_PARAMS.get(ballot_type, {}), **(params or {})}
    merged = {k: v for k, v in merged.items() if v not in (None, "")}
    probe = PBVote(ballot_type=ballot_type, rule=rule, params=merged, budget_pence=0)
    try:
        rules = ballot_rules(probe)
        rule_spec(probe)
    except (TypeError, ValueError, TallyError) as exc:
        raise DomainError(
            _("These ballot settings do not work together: %(why)s") % {"why": exc}
        ) from None
    if rules.kind is BallotKind.SCORE and (rules.max_score or 0) <= rules.min_score:
        raise DomainError(_("The highest score must be more than the lowest."))
    if (
        rules.max_choices is not None
        and rules.min_choices is not None
        and rules.min_choices > rules.max_choices
    ):
        raise DomainError(_("The fewest choices cannot be more than the most choices."))
    return merged


@transaction.atomic
def vote_create(
    *,
    actor: User | None,
    event: Event,
    round: BidRound,
    title: str,
    ballot_type: str,
    rule: str,
    budget_pence: int,
    params: dict[str, Any] | None = None,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    codes_must_be_issued: bool = True,
    eligibility_note: str = "",
) -> PBVote:
    """Set up the vote for a PB event on a round's shortlist, in the round's ballot order.

    The shortlist is copied onto the ballot now (the options), so later changes to bids cannot
    change a ballot people are already voting on. Audit-logged.
    """
    if event.kind != Event.Kind.PB_EVENT:
        raise DomainError(_("Choose a participatory budgeting event."))
    if event.area_id and event.area_id != round.area_id:
        raise DomainError(_("The event and the round must be in the same area."))
    bids = list(
        round.bids.filter(status=BidStatus.SHORTLISTED).order_by("ballot_position", "number", "pk")
    )
    if not bids:
        raise DomainError(_("The round has no shortlisted bids to vote on."))
    if budget_pence <= 0:
        raise DomainError(_("Enter the money to allocate."))
    vote = PBVote(
        event=event,
        round=round,
        area=round.area,
        title=title,
        ballot_type=ballot_type,
        rule=rule,
        params=_check_params(ballot_type, rule, params or {}),
        budget_pence=budget_pence,
        opens_at=opens_at,
        closes_at=closes_at,
        status=PBVote.Status.SCHEDULED if opens_at else PBVote.Status.DRAFT,
        codes_must_be_issued=codes_must_be_issued,
        eligibility_note=eligibility_note,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    vote.full_clean()
    vote.save()
    VoteOption.objects.bulk_create(
        VoteOption(
            vote=vote,
            position=i,
            project_id=str(bid.pk),
            bid=bid,
            title=bid.title,
            summary=bid.summary,
            cost_pence=bid.amount_requested_pence or 0,
            category=bid.category.name if bid.category_id else "",
        )
        for i, bid in enumerate(bids)
    )
    audit_log(
        actor=actor,
        action="vote.create",
        subject=vote,
        data={"round": round.pk, "event": event.pk, "bids": [b.pk for b in bids]},
    )
    return vote


def _lock(vote: PBVote) -> PBVote:
    return PBVote.objects.select_for_update().get(pk=vote.pk)


@transaction.atomic
def vote_open(*, actor: User | None, vote: PBVote) -> PBVote:
    """Open voting now. Audit-logged; opening an open vote changes nothing."""
    vote = _lock(vote)
    if vote.is_closed():
        raise DomainError(_("This vote has closed and cannot open again."))
    if vote.status == PBVote.Status.OPEN:
        return vote
    vote.status = PBVote.Status.OPEN
    vote.opened_at = timezone.now()
    vote.save(update_fields=["status", "opened_at", "modified"])
    audit_log(actor=actor, action="vote.open", subject=vote)
    return vote


def _paper_pending(vote: PBVote) -> int:
    return vote.paper_ballots.filter(
        state__in=[PaperBallot.State.AWAITING_SECOND, PaperBallot.State.DISPUTED]
    ).count()


def _lock_for_close(vote: PBVote) -> PBVote:
    # The table lock waits for every ballot being inserted (and holds new ones back), FOR
    # UPDATE for those cast through the full path (they hold FOR SHARE on the vote): the count
    # never misses a ballot that was accepted. Table first, then row (see
    # ``lock_ballots_against_inserts``).
    lock_ballots_against_inserts()
    return _lock(vote)


@transaction.atomic
def vote_close(*, actor: User | None, vote: PBVote, force: bool = False) -> PBVote:
    """Close voting now and queue the count.

    Refused while paper ballots wait for a second keying or a supervisor, unless ``force``
    (then they are left out, and the register shows them). Idempotent: closing a closed vote
    only re-queues a count that has not finished. The count is queued after commit; if the
    queue is down the vote stays closed with the count pending (see :func:`votes_sweep`).
    """
    vote = _lock_for_close(vote)
    if vote.status == PBVote.Status.DRAFT:
        raise DomainError(_("This vote never opened."))
    if not force and vote.status != PBVote.Status.CLOSED:
        pending = _paper_pending(vote)
        if pending:
            raise DomainError(
                _(
                    "%(count)s paper ballots still need a second keying or a supervisor. "
                    "Finish them, or close anyway and leave them out."
                )
                % {"count": pending}
            )
    if vote.status != PBVote.Status.CLOSED:
        now = timezone.now()
        vote.status = PBVote.Status.CLOSED
        vote.closed_at = now
        if vote.closes_at is None or vote.closes_at > now:
            vote.closes_at = now
        vote.save(update_fields=["status", "closed_at", "closes_at", "modified"])
        audit_log(
            actor=actor,
            action="vote.close",
            subject=vote,
            data={"ballots": Ballot.objects.filter(vote=vote).count(), "forced": force},
        )
    _request_tally(vote)
    return vote


def _request_tally(vote: PBVote) -> None:
    """Mark the count wanted and queue it after commit (never inside the transaction)."""
    if vote.tally_state == PBVote.TallyState.DONE:
        return
    vote.tally_state = PBVote.TallyState.PENDING
    vote.tally_requested_at = timezone.now()
    vote.tally_error = ""
    vote.save(update_fields=["tally_state", "tally_requested_at", "tally_error", "modified"])
    vote_id = vote.pk
    transaction.on_commit(lambda: enqueue_tally(vote_id))


def enqueue_tally(vote_id: int) -> bool:
    """Queue the count; False (logged) when the broker cannot be reached. Nothing is lost:
    the vote stays ``pending`` and the sweeper or a coordinator queues it again."""
    from celery import current_app
    from django.conf import settings

    from ..tasks_voting import vote_tally_task

    try:
        # A connection to the broker named in settings *now* (not a pooled one), so a broker
        # that went away is noticed at once and never blocks or loses the close.
        with current_app.connection_for_write(settings.CELERY_BROKER_URL or None) as conn:
            vote_tally_task.apply_async(args=[vote_id], retry=False, connection=conn)
    except Exception:  # noqa: BLE001 - any broker failure: the state in the database stands
        logger.warning("Could not queue the count of vote %s; it stays pending.", vote_id)
        return False
    return True


@transaction.atomic
def vote_tally_request(*, actor: User | None, vote: PBVote) -> PBVote:
    """The coordinator's "count again": re-queue a count that is pending, lost or failed."""
    vote = _lock(vote)
    if vote.status != PBVote.Status.CLOSED:
        raise DomainError(_("Close the vote before counting."))
    if vote.tally_state == PBVote.TallyState.DONE:
        raise DomainError(_("This vote has been counted."))
    _request_tally(vote)
    audit_log(actor=actor, action="vote.tally_request", subject=vote)
    return vote


# --- counting -------------------------------------------------------------------------------


def vote_tally(*, vote_id: int) -> TallyRecord | None:
    """Count a closed vote and store the result. Called by the Celery task and ``tally``.

    Idempotent: the result is one row per vote; a second run (a retry, a redelivered message
    after a worker died, or two workers at once) returns the stored result. The count is
    deterministic (the tie-break seed is the inputs' checksum), so a run that dies half-way and
    is repeated gets the same answer. Returns None if the vote is not closed.
    """
    with transaction.atomic():
        vote = PBVote.objects.select_for_update().get(pk=vote_id)
        existing = TallyRecord.objects.filter(vote=vote).first()
        if existing is not None:
            return existing
        if vote.status != PBVote.Status.CLOSED:
            return None
        vote.tally_state = PBVote.TallyState.RUNNING
        vote.tally_started_at = timezone.now()
        vote.save(update_fields=["tally_state", "tally_started_at", "modified"])
    try:
        election = vote_election(vote)
        result = tally(election, rule_spec(vote))
    except TallyError as exc:
        PBVote.objects.filter(pk=vote_id).update(
            tally_state=PBVote.TallyState.FAILED, tally_error=str(exc)[:2000]
        )
        raise
    with transaction.atomic():
        vote = PBVote.objects.select_for_update().get(pk=vote_id)
        existing = TallyRecord.objects.filter(vote=vote).first()
        if existing is not None:
            return existing
        record = TallyRecord(
            vote=vote,
            rule=result.rule,
            params=rule_spec(vote).canonical(),
            checksum=result.checksum,
            engine_version=result.engine_version,
            seed=result.seed,
            ballots_counted=election.num_voters,
            selected=list(result.selected),
            partial={k: money_to_pence(v) for k, v in result.partial.items()},
            spent_pence=money_to_pence(result.spent),
            budget_pence=vote.budget_pence,
            steps=[s.as_dict() for s in result.steps],
        )
        record.full_clean()
        record.save()
        vote.tally_state = PBVote.TallyState.DONE
        vote.tally_error = ""
        vote.save(update_fields=["tally_state", "tally_error", "modified"])
        audit_log(
            actor=None,
            action="vote.tally",
            subject=vote,
            data={
                "checksum": result.checksum,
                "rule": result.rule,
                "selected": list(result.selected),
                "ballots": election.num_voters,
            },
        )
    return record


def votes_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Beat, every minute: open and close votes at their set times, and re-queue counts that
    were never queued (Redis was down) or whose worker died. Idempotent."""
    now = now or timezone.now()
    opened = closed = queued = 0
    for vote in PBVote.objects.due_to_open(now).exclude(closes_at__lte=now):
        vote_open(actor=None, vote=vote)
        opened += 1
    for vote in PBVote.objects.due_to_close(now):
        vote_close(actor=None, vote=vote, force=True)
        closed += 1
    stale = PBVote.objects.awaiting_tally().filter(
        tally_state=PBVote.TallyState.PENDING, tally_requested_at__lte=now - TALLY_REQUEUE_AFTER
    ) | PBVote.objects.awaiting_tally().filter(
        tally_state=PBVote.TallyState.RUNNING, tally_started_at__lte=now - TALLY_LEASE
    )
    for vote_id in stale.values_list("pk", flat=True):
        PBVote.objects.filter(pk=vote_id).update(tally_requested_at=now)
        queued += enqueue_tally(vote_id)
    return {"opened": opened, "closed": closed, "queued": queued}


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the results page shows: the count's selection, or the latest override of it."""

    selected: list[str]
    spent_pence: int
    override: ResultOverride | None


def vote_outcome(vote: PBVote) -> Outcome | None:
    record = TallyRecord.objects.filter(vote=vote).first()
    if record is None:
        return None
    override = vote.overrides.select_related("made_by").first()
    if override is None:
        return Outcome(list(record.selected), record.spent_pence, None)
    costs = dict(vote.options.values_list("project_id", "cost_pence"))
    return Outcome(list(override.selected), sum(costs[p] for p in override.selected), override)


@transaction.atomic
def result_override(
    *, actor: User, vote: PBVote, selected: Sequence[str], reason: str
) -> ResultOverride:
    """Replace the count's outcome with the coordinator's, for a reason that is published with
    the results (e.g. a funded group withdrew). Refused once the results are confirmed, without
    a reason, or if the bids chosen cost more than the budget. Audit-logged."""
    vote = _lock(vote)
    if vote.tally_state != PBVote.TallyState.DONE:
        raise DomainError(_("The vote has not been counted yet."))
    if vote.results_confirmed_at is not None:
        raise DomainError(_("The results have been confirmed and can no longer change."))
    if not reason.strip():
        raise DomainError({"reason": [_("Give the reason: it is shown with the results.")]})
    costs = dict(vote.options.values_list("project_id", "cost_pence"))
    unknown = [p for p in selected if p not in costs]
    if unknown or len(set(selected)) != len(selected):
        raise DomainError(_("Choose bids from this ballot, each once."))
    total = sum(costs[p] for p in selected)
    if total > vote.budget_pence:
        raise DomainError(
            _("Those bids cost %(total)s, more than the %(budget)s to allocate.")
            % {"total": format_pence(total), "budget": format_pence(vote.budget_pence)}
        )
    override = ResultOverride(
        vote=vote, selected=list(selected), reason=reason.strip(), made_by=actor
    )
    override.full_clean()
    override.save()
    audit_log(
        actor=actor,
        action="vote.override",
        subject=vote,
        data={"selected": list(selected), "reason": reason.strip()},
    )
    return override


@transaction.atomic
def vote_results_confirm(*, actor: User | None, vote: PBVote) -> list[int]:
    """Fund the bids the vote chose (the override if any) through the bids' award service, and
    mark the other shortlisted bids not funded. All or nothing: if the pot cannot cover every
    award nothing is awarded. Idempotent: bids already funded are left as they are."""
    from .pots import award_create, round_close_unfunded

    vote = _lock(vote)
    if vote.results_confirmed_at is not None:
        return []
    outcome = vote_outcome(vote)
    if outcome is None:
        raise DomainError(_("The vote has not been counted yet."))
    options = {o.project_id: o for o in vote.options.select_related("bid")}
    awarded: list[int] = []
    for project_id in outcome.selected:
        option = options[project_id]
        bid = option.bid
        if bid is None or bid.status == BidStatus.FUNDED:
            continue
        award = award_create(
            actor=actor, bid=bid, amount_pence=option.cost_pence, check_phase=False
        )
        awarded.append(award.pk)
    if vote.round_id:
        round_close_unfunded(actor=actor, round=vote.round)
    vote.results_confirmed_at = timezone.now()
    vote.save(update_fields=["results_confirmed_at", "modified"])
    audit_log(actor=actor, action="vote.results_confirm", subject=vote, data={"awards": awarded})
    return awarded


def lock_ballots_against_inserts() -> None:
    """First thing in a transaction that closes a vote or cancels a card: wait for the ballots
    being inserted right now, and hold new ones back until this commits. The one-statement cast
    (``services.ballot_insert``) takes no row locks and relies on this to see the change.

    Lock order, everywhere: the ballot table, then the vote row. Inserting a ballot locks the
    vote row too (``FOR KEY SHARE``, by the foreign key check), so a transaction that held the
    vote row ``FOR UPDATE`` and then waited for the table would deadlock with it (a test
    found exactly that); see also :func:`lock_vote_for_ballot`."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Ballot._meta.db_table} IN SHARE MODE")  # noqa: S608 - no user input


def lock_vote_for_ballot(vote_id: int) -> PBVote:
    """``SELECT ... FOR SHARE``: many ballots at once, but never while the vote is closing.

    The ballot table is locked for inserting first (``ROW EXCLUSIVE``, which ballots share), so
    this takes its locks in the same order as :func:`lock_ballots_against_inserts`."""
    if connection.vendor != "postgresql":
        return PBVote.objects.get(pk=vote_id)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Ballot._meta.db_table} IN ROW EXCLUSIVE MODE")  # noqa: S608 - no user input
    found = list(
        PBVote.objects.raw(
            f"SELECT * FROM {PBVote._meta.db_table} WHERE id = %s FOR SHARE",  # noqa: S608 - no user input
            [vote_id],
        )
    )
    if not found:
        raise PBVote.DoesNotExist
    return found[0]
