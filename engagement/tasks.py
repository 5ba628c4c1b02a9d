"""Celery tasks of the engagement core. Thin: they take ids and call a service."""

import logging

from celery import shared_task
from django.db import OperationalError

logger = logging.getLogger(__name__)


@shared_task(
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


@shared_task
def ping(value: str) -> str:
    """A trivial round trip used by /healthz and the test that proves a worker is running."""
    return f"pong:{value}"


# Event tasks live in their own module; importing them here registers them with Celery.
from . import event_tasks  # noqa: E402, F401
