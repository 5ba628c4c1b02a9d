"""Celery tasks for PB votes: thin wrappers round the voting services.

The names are pinned to where the tasks lived before PB voting became its own app, so messages
already queued and the beat entry keep working."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="budgeting.tasks_voting.vote_tally_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def vote_tally_task(vote_id: int) -> str | None:
    """Count a closed vote. Idempotent: the result is one row per vote, and the count is
    deterministic, so a rerun (retry, redelivery after a worker died) stores nothing new."""
    from .services.counting import vote_tally

    record = vote_tally(vote_id=vote_id)
    return record.checksum if record is not None else None


@shared_task(name="budgeting.tasks_voting.votes_sweep_task", acks_late=True)
def votes_sweep_task() -> dict[str, int]:
    """Every minute: open/close votes at their set times, re-queue lost counts. Idempotent."""
    from .services.votes import votes_sweep

    return votes_sweep()
