"""Sending what the outbox holds: in the test process through the real tasks (retries and all),
or by waiting for the real Celery worker."""

from __future__ import annotations

import time

from celery import current_app
from django.db import models

from engagement.models.outbox import OutgoingEmail
from engagement.services.outbox import outbox_models


def run_outbox_tasks() -> int:
    """Run the sending task of every waiting email here, as the worker would, retries
    included (eagerly, without the back-off waits); failures stay on the rows. Returns how many
    tasks ran."""
    current_app.loader.import_default_modules()
    conf = current_app.conf
    # An eager retry runs the task again with the app's default for re-raising, not with the
    # caller's ``throw``: switch re-raising off so the retries run and the failure stays put.
    propagates, conf.task_eager_propagates = conf.task_eager_propagates, False
    ran = 0
    try:
        for model in outbox_models():
            waiting = model.objects.filter(status=OutgoingEmail.Status.PENDING).order_by("pk")
            for pk in waiting.values_list("pk", flat=True):
                current_app.tasks[model.send_task].apply(args=[pk])
                ran += 1
    finally:
        conf.task_eager_propagates = propagates
    return ran


def wait_until_sent(row: models.Model, timeout: float = 60) -> OutgoingEmail:
    """``row`` once the real worker has sent it (or given up on it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.status != OutgoingEmail.Status.PENDING:
            return row
        time.sleep(0.2)
    raise AssertionError(f"the worker did not send {row!r} in {timeout}s")
