"""Celery tasks of the budgeting app: thin wrappers round services. Names are pinned (see
``engagement.tasks``).

The grant offer letter is rendered by the shared ``engagement.tasks.document_render_task``.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from engagement.services.outbox import EMAIL_TASK_OPTIONS


@shared_task(
    name="budgeting.tasks.monitoring_reminders_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def monitoring_reminders_task() -> int:
    """Daily: queue the emails chasing overdue progress updates. Idempotent (one email per due
    date); each is sent by ``bid_email_send_task``."""
    from .services.projects import monitoring_reminders_queue

    return monitoring_reminders_queue()


@shared_task(name="budgeting.tasks.bid_email_send_task", **EMAIL_TASK_OPTIONS)
def bid_email_send_task(email_id: int) -> str:
    """Email a bid's group about a change of status. Idempotent: an email already sent is not
    sent again; a failure is recorded on the email (coordinators see it) and retried."""
    from .services.emails import bid_email_send

    return bid_email_send(email_id=email_id).status


@shared_task(
    name="budgeting.tasks.blank_drafts_tidy_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def blank_drafts_tidy_task() -> int:
    """Daily: delete drafts nobody ever filled in, in rounds no longer taking bids.
    Idempotent."""
    from .services.bids import blank_drafts_tidy

    return blank_drafts_tidy()


@shared_task(
    name="budgeting.tasks.draft_reminders_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def draft_reminders_task() -> int:
    """Hourly: remind people with an unsent draft that bids close within two days. Idempotent
    (one email per draft and deadline); each is sent by ``bid_email_send_task``."""
    from .services.emails import draft_reminders_queue

    return draft_reminders_queue()
