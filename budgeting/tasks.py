"""Celery tasks of the budgeting app: thin wrappers round services.

The grant offer letter is rendered by the shared ``engagement.tasks.document_render_task``.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def monitoring_reminders_task() -> int:
    """Daily: chase overdue progress updates. Idempotent (one email per due date)."""
    from .services.projects import monitoring_reminders_send

    return monitoring_reminders_send()


from . import tasks_voting  # noqa: E402,F401 - voting tasks (issue 7)
