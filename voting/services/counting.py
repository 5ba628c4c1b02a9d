"""Counting a closed vote: asking for the count, the count itself, and re-queueing lost ones.

The count runs in Celery (``voting.tasks.vote_tally_task``) and from the ``tally`` command,
both through :func:`vote_tally`. Closing records the state first and only then tries to queue
the count: if Redis is down the close still stands, ballots already cast are safe in
PostgreSQL, and the beat sweeper or the coordinator's "count again" queues it later.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.money import format_pence
from engagement.models import User
from engagement.queueing import enqueue_now, enqueue_on_commit
from engagement.services import DomainError, audit_log
from pbtally import TallyError, tally

from ..ballot_store import money_to_pence
from ..models import PBVote, TallyRecord
from ..selectors.election import rule_spec, vote_election
from .locks import lock_vote

#: The pinned name of the task that counts one vote (``voting.tasks.vote_tally_task``).
TALLY_TASK = "budgeting.tasks_voting.vote_tally_task"
#: A count still "running" after this long was lost with its worker; the sweeper re-queues it.
TALLY_LEASE = dt.timedelta(minutes=15)


#: A count still "pending" after this long was never queued (Redis down); re-queue it.
TALLY_REQUEUE_AFTER = dt.timedelta(minutes=1)


def count_error_message(exc: TallyError) -> str:
    """Why a count could not run, in words for the coordinator (the engine speaks in codes)."""
    if exc.code == "bad_category_budget":
        return _(
            "The category pots add up to %(total)s, more than the %(budget)s to allocate. Make "
            "the category pots smaller, or set up the vote again with more money."
        ) % {
            "total": format_pence(int(Fraction(exc.params["total"]) * 100)),
            "budget": format_pence(int(Fraction(exc.params["budget"]) * 100)),
        }
    return str(exc)


def tally_request(vote: PBVote) -> None:
    """Mark the count wanted and queue it after commit (never inside the transaction). If the
    broker is down the vote stays pending and :func:`tallies_requeue` queues it again."""
    if vote.tally_state == PBVote.TallyState.DONE:
        return
    vote.tally_state = PBVote.TallyState.PENDING
    vote.tally_requested_at = timezone.now()
    vote.tally_error = ""
    vote.save(update_fields=["tally_state", "tally_requested_at", "tally_error", "modified"])
    enqueue_on_commit(TALLY_TASK, vote.pk)


@transaction.atomic
def vote_tally_request(*, actor: User | None, vote: PBVote) -> PBVote:
    """The coordinator's "count again": re-queue a count that is pending, lost or failed."""
    vote = lock_vote(vote)
    if vote.status != PBVote.Status.CLOSED:
        raise DomainError(_("Close the vote before counting."))
    if vote.tally_state == PBVote.TallyState.DONE:
        raise DomainError(_("This vote has been counted."))
    tally_request(vote)
    audit_log(actor=actor, action="vote.tally_request", subject=vote)
    return vote


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
            tally_state=PBVote.TallyState.FAILED, tally_error=count_error_message(exc)[:2000]
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


def tallies_requeue(*, now: dt.datetime) -> int:
    """Re-queue counts that were never queued (Redis was down) or whose worker died."""
    queued = 0
    stale = PBVote.objects.awaiting_tally().filter(
        tally_state=PBVote.TallyState.PENDING, tally_requested_at__lte=now - TALLY_REQUEUE_AFTER
    ) | PBVote.objects.awaiting_tally().filter(
        tally_state=PBVote.TallyState.RUNNING, tally_started_at__lte=now - TALLY_LEASE
    )
    for vote_id in stale.values_list("pk", flat=True):
        PBVote.objects.filter(pk=vote_id).update(tally_requested_at=now)
        queued += enqueue_now(TALLY_TASK, vote_id)
    return queued
