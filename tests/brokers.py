"""Redis going away under the test process, and a guard against calls that hang.

The test Redis itself keeps running for the worker and the other tests: this process is simply
pointed at a port where nothing listens, which is what a stopped server looks like.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import Iterator
from unittest import mock

from django.test import override_settings

DEAD_REDIS = "redis://127.0.0.1:1/0"


@contextlib.contextmanager
def redis_unreachable() -> Iterator[None]:
    """Point this process's cache and Celery broker at a closed port, as if Redis had stopped.

    That covers both the settings that code reads at call time (``CELERY_BROKER_URL``, the
    cache) and the Celery app's own pooled broker connection and result backend, which were
    made from the settings at start-up: a bare ``task.delay()`` meets the outage too.
    """
    from config.celery import app

    dead_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
        }
    }
    live = app.conf.broker_url, app.conf.result_backend
    # Celery prefers the environment's broker URL (the harness sets one) to its configuration.
    dead_environment = {"CELERY_BROKER_URL": DEAD_REDIS, "CELERY_RESULT_BACKEND": DEAD_REDIS}
    with (
        override_settings(CACHES=dead_cache, CELERY_BROKER_URL=DEAD_REDIS),
        mock.patch.dict(os.environ, dead_environment),
    ):
        _point_celery_at(app, broker=DEAD_REDIS, backend=DEAD_REDIS)
        try:
            yield
        finally:
            _point_celery_at(app, broker=live[0], backend=live[1])


def _point_celery_at(app, *, broker: str, backend: str) -> None:
    # Celery builds its connection pool, producer pool and result backend once, from the
    # configuration of the moment; forgetting them makes the next use build them anew. (The
    # pools themselves stay open: kombu keeps one per URL and hands the same one back.)
    app.conf.broker_url = broker
    app.conf.result_backend = backend
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextlib.contextmanager
def unresponsive_redis() -> Iterator[str]:
    """A Redis URL whose server accepts connections and then never answers (a hung server, or
    a network that swallows packets): the case where only timeouts end the wait."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)  # connections complete in the kernel's backlog; nobody reads them
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


@contextlib.contextmanager
def hang_guard(seconds: float = 10) -> Iterator[None]:
    """Fail the test instead of letting it hang when a call blocks for ``seconds`` (generous on
    purpose: it guards against hangs, it does not measure speed). Main thread only."""

    def give_up(_signum, _frame):
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
