"""Celery tasks of the reports app. The PDF itself is made by the shared
``engagement.tasks.document_render_task``; this module only asks for the monthly reports. Names
are pinned (see ``engagement.tasks``)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="reports.tasks.monthly_reports_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def monthly_reports_task(today: str | None = None) -> list[int]:
    """Monthly (Celery beat): ask for last month's impact report of every active programme.

    ``today`` (ISO date) is for tests and re-runs. Idempotent: running it twice in a month
    re-renders the same records, replacing their files. Returns the document ids.
    """
    from .services import monthly_reports_request

    day = dt.date.fromisoformat(today) if today else None
    return [document.pk for document in monthly_reports_request(today=day)]
