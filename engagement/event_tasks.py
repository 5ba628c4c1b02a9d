"""Celery tasks for events. Thin: they take ids, call a service, and are safe to run twice.
Names are pinned (see ``engagement.tasks``)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .services.outbox import EMAIL_TASK_OPTIONS


@shared_task(name="engagement.event_tasks.event_message_send_task", **EMAIL_TASK_OPTIONS)
def event_message_send_task(message_id: int) -> str:
    """Send one queued email. Idempotent: a message already sent is not sent again; failures
    are recorded on the message (the coordinator sees them) and retried."""
    from .services.messages import event_message_send

    return event_message_send(message_id=message_id).status


@shared_task(name="engagement.event_tasks.message_deliveries_refresh_task", acks_late=True)
def message_deliveries_refresh_task() -> int:
    """Fetch GOV.UK Notify's delivery receipts (Celery beat, every 10 minutes). Idempotent."""
    from .services.messages import message_deliveries_refresh

    return message_deliveries_refresh()


@shared_task(name="engagement.event_tasks.event_reminders_task", acks_late=True)
def event_reminders_task() -> int:
    """Queue due reminders (Celery beat, every 15 minutes). Idempotent."""
    from .services.reminders import reminders_queue

    return reminders_queue()


@shared_task(name="engagement.event_tasks.event_thank_yous_task", acks_late=True)
def event_thank_yous_task() -> int:
    """Complete finished events and queue thank-yous (Celery beat, hourly). Idempotent."""
    from .services.reminders import thank_yous_queue

    return thank_yous_queue()


@shared_task(name="engagement.event_tasks.waiting_list_offers_expire_task", acks_late=True)
def waiting_list_offers_expire_task() -> int:
    """Lapse overdue offers and offer the places onward (Celery beat, every 5 minutes)."""
    from .services.registrations import offers_expire

    return offers_expire()


@shared_task(name="engagement.event_tasks.registrations_anonymise_task", acks_late=True)
def registrations_anonymise_task() -> int:
    """Anonymise registrations past their programme's retention period (nightly). Idempotent."""
    from .services.retention import registrations_anonymise

    return registrations_anonymise()


@shared_task(name="engagement.event_tasks.equality_answers_release_task", acks_late=True)
def equality_answers_release_task(everything: bool = False) -> int:
    """Count the waiting equality answers as responses, in a shuffled batch (every 30 minutes
    once a batch has gathered; nightly with ``everything``). Idempotent."""
    from .services.equality import equality_answers_release

    return equality_answers_release(minimum=1 if everything else None)


@shared_task(
    name="engagement.event_tasks.tension_review_reminders_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def tension_review_reminders_task() -> int:
    """Queue the emails to owners of assessments whose review is due (daily). Idempotent per
    review date; each email is sent by ``tension_review_reminder_send_task``."""
    from .services.tension import tension_review_reminders_queue

    return tension_review_reminders_queue()


@shared_task(name="engagement.event_tasks.tension_review_reminder_send_task", **EMAIL_TASK_OPTIONS)
def tension_review_reminder_send_task(reminder_id: int) -> str:
    """Send one review reminder. Idempotent: one already sent is not sent again; failures are
    recorded on the reminder (the admin shows them) and retried."""
    from .services.tension import tension_review_reminder_send

    return tension_review_reminder_send(reminder_id=reminder_id).status


@shared_task(name="engagement.event_tasks.role_invitation_email_send_task", **EMAIL_TASK_OPTIONS)
def role_invitation_email_send_task(row_id: int) -> str:
    """Send one invitation email. Idempotent: one already sent is not sent again."""
    from .services.invitations import invitation_email_send

    return invitation_email_send(row_id=row_id).status
