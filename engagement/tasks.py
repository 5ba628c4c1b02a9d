"""Celery tasks of the engagement core. Thin: they take ids and call a service.

Every task's ``name`` is pinned to the dotted path it had when it was first queued, so messages
already in Redis and the beat schedule keep working if the module moves.
"""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="engagement.tasks.document_render_task",
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def document_render_task(self, document_id: int) -> str:
    """Render a GeneratedDocument. Idempotent: replaces the stored file, never adds a second."""
    from .services.documents import document_render

    document = document_render(document_id=document_id)
    return document.status


@shared_task(
    name="engagement.tasks.queue_sweep_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def queue_sweep_task() -> dict[str, int]:
    """Every five minutes (beat): queue again the emails and documents still waiting because
    Redis was down when they were asked for, or their worker died. Idempotent."""
    from .services.requeue import queue_sweep

    return queue_sweep()


@shared_task(name="engagement.tasks.ping")
def ping(value: str) -> str:
    """A trivial round trip used by /healthz and the test that proves a worker is running."""
    return f"pong:{value}"


# Event tasks live in their own module; importing them here registers them with Celery.
from . import event_tasks  # noqa: E402, F401
