"""Celery tasks of World Cafés. Thin: they take ids and call a service. Names are pinned."""

from celery import shared_task
from django.db import OperationalError

from engagement.services.outbox import EMAIL_TASK_OPTIONS


@shared_task(name="cafes.tasks.safeguarding_alert_send_task", **EMAIL_TASK_OPTIONS)
def safeguarding_alert_send_task(alert_id: int) -> str:
    """Send one safeguarding alert. Idempotent: an alert already sent is not sent again."""
    from .services.safeguarding import safeguarding_alert_send

    return safeguarding_alert_send(alert_id=alert_id).status


@shared_task(
    name="cafes.tasks.safeguarding_escalate_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def safeguarding_escalate_task() -> int:
    """Every five minutes (beat): tell the programme's coordinators about flags nobody has
    acknowledged within two hours. Idempotent: each flag escalates once, each person is told
    once."""
    from .services.safeguarding import safeguarding_escalate_due

    return safeguarding_escalate_due()


@shared_task(name="cafes.tasks.host_table_message_send_task", **EMAIL_TASK_OPTIONS)
def host_table_message_send_task(row_id: int) -> str:
    """Tell one host their table. Idempotent: a message already sent is not sent again."""
    from .services.host_messages import host_table_message_send

    return host_table_message_send(row_id=row_id).status
