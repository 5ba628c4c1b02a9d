"""The one way to queue a Celery task from app code.

A request that saved something and wants work done in the background calls
:func:`enqueue_on_commit`. The task is published only once the transaction commits (a rolled-back
change never runs a task) and only ever tries the broker once, briefly: if Redis is down the
request still succeeds at once, the failure is logged, and the record the task was about keeps
its "waiting" state, so the beat sweeper (``engagement.services.queue_sweep``) queues it again
once Redis is back. Nothing is lost, because the database, not the queue, says what is wanted.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery import Task, current_app
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# How long one attempt to reach the broker may take (connecting, then each read or write). A
# healthy Redis answers in milliseconds; a stopped one refuses at once; a host that swallows
# packets would otherwise hold the user's request for as long as the kernel waits.
BROKER_TIMEOUT_SECONDS = 1.0


def enqueue_on_commit(task: Task | str, *args: Any) -> None:
    """Queue ``task(*args)`` once the current transaction commits (at once outside one).

    ``task`` is a task or its registered name; ``args`` are ids and JSON primitives. Never
    raises for a broker that cannot be reached: see :func:`enqueue_now`.
    """
    transaction.on_commit(partial(enqueue_now, task, *args))


def enqueue_now(task: Task | str, *args: Any) -> bool:
    """Publish ``task(*args)`` now; False (logged) when the broker cannot be reached.

    One attempt, no retries, bounded by :data:`BROKER_TIMEOUT_SECONDS`, on a fresh connection to
    the broker named in settings now (not a pooled one that may point at a server that went
    away). No result is stored or waited for: callers read the outcome from the database.
    """
    task = _registered(task) if isinstance(task, str) else task
    options = {
        "max_retries": 0,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
    }
    try:
        with current_app.connection_for_write(
            settings.CELERY_BROKER_URL or None,
            connect_timeout=BROKER_TIMEOUT_SECONDS,
            transport_options=options,
        ) as connection:
            # ignore_result: with a result backend the publisher would also subscribe to the
            # result on Redis, retrying for about 20 seconds when Redis is down.
            task.apply_async(args=args, retry=False, connection=connection, ignore_result=True)
    except Exception:  # noqa: BLE001 - any broker failure: the state in the database stands
        logger.warning(
            "Could not queue %s%r; the sweeper will queue it again.", task.name, args, exc_info=True
        )
        return False
    return True


def _registered(name: str) -> Task:
    app = current_app
    if name not in app.tasks:
        # A process that never started a worker (the web server, the tests) has imported only
        # the tasks modules something asked for.
        app.loader.import_default_modules()
    return app.tasks[name]
