"""The beat sweeper that queues again what a Redis outage (or a lost worker) left waiting."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .documents import documents_requeue_stale
from .outbox import outbox_requeue_stale


def queue_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Queue again every email still waiting to send and every document still waiting to be
    made well after it was asked for. Idempotent: a re-queued row is left alone for another
    interval, and the tasks themselves never send or render twice. PB counts have their own
    sweeper (``votes_sweep``), which also opens and closes votes."""
    now = now or timezone.now()
    return {"emails": outbox_requeue_stale(now=now), "documents": documents_requeue_stale(now=now)}
