"""Celery tasks of the assets app. Thin: they call a service."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def offers_sweep_task(today: str | None = None) -> dict[str, int]:
    """Daily (beat): send re-confirmation reminders, then expire overdue offers.

    Idempotent: reminders are unique per (offer, expiry date) and expiry only touches active
    offers, so running it twice in a day sends and expires nothing more.
    """
    from .services import offers_sweep

    return offers_sweep(today=dt.date.fromisoformat(today) if today else None)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def offer_reminder_task(offer_id: int) -> bool:
    """Send one offer's reminder now (the admin's "remind" action). Idempotent per expiry."""
    from .services import offer_reminder_send

    return offer_reminder_send(offer_id=offer_id)
