"""Celery tasks of the assets app. Thin: they call a service. Names are pinned (see
``engagement.tasks``)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from engagement.services.outbox import EMAIL_TASK_OPTIONS


@shared_task(
    name="assets.tasks.offers_sweep_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def offers_sweep_task(today: str | None = None) -> dict[str, int]:
    """Daily (beat): queue re-confirmation reminders, then expire overdue offers.

    Idempotent: reminders are unique per (offer, expiry date) and expiry only touches active
    offers, so running it twice in a day queues and expires nothing more.
    """
    from .services import offers_sweep

    return offers_sweep(today=dt.date.fromisoformat(today) if today else None)


@shared_task(name="assets.tasks.offer_reminder_send_task", **EMAIL_TASK_OPTIONS)
def offer_reminder_send_task(reminder_id: int) -> str:
    """Send one re-confirmation reminder. Idempotent: one already sent is not sent again;
    failures are recorded on the reminder (the admin shows them) and retried."""
    from .services import offer_reminder_send

    return offer_reminder_send(reminder_id=reminder_id).status
