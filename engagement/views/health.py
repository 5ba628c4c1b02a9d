"""/healthz: the state of the database, Redis and the Celery workers, as JSON for a probe.

It is public (the container's health check and any load balancer call it), so it must answer at
once and cost nothing: asking the Celery workers to answer a ping takes up to a second, which
would hold a sync gunicorn worker each time. So the workers' answer is kept in the cache and
refreshed in a background thread at most once every ``CELERY_FRESH_SECONDS`` across the site;
a request only reads it. Only the very first request (nothing known yet) waits for a ping.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

CELERY_KEY = "healthz:celery"
CELERY_REFRESHING_KEY = "healthz:celery:refreshing"
CELERY_FRESH_SECONDS = 15
CELERY_PING_SECONDS = 1.0
_refresh_lock = threading.Lock()


def _database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return False, type(exc).__name__


def _redis() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return True, "not configured (embedded mode)"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__


def celery_ping() -> tuple[bool, str]:
    """Ask the workers to answer (waits up to ``CELERY_PING_SECONDS``) and remember the answer."""
    from config.celery import app

    try:
        replies = app.control.inspect(timeout=CELERY_PING_SECONDS).ping() or {}
        answer = (True, f"{len(replies)} worker(s)") if replies else (False, "no workers answered")
    except Exception as exc:  # noqa: BLE001
        answer = (False, type(exc).__name__)
    try:
        cache.set(
            CELERY_KEY, {"at": time.time(), "answer": list(answer)}, 10 * CELERY_FRESH_SECONDS
        )
        cache.delete(CELERY_REFRESHING_KEY)
    except Exception:  # noqa: BLE001, S110 - cache down: the Redis check says so
        pass
    return answer


def _refresh_in_background() -> threading.Thread | None:
    """Start one ping thread, unless one is running here or elsewhere on the site."""
    try:
        if not cache.add(CELERY_REFRESHING_KEY, 1, int(CELERY_FRESH_SECONDS)):
            return None
    except Exception:  # noqa: BLE001 - cache down: no shared state, no pinging
        return None
    if not _refresh_lock.acquire(blocking=False):
        return None

    def run():
        try:
            celery_ping()
        finally:
            _refresh_lock.release()

    thread = threading.Thread(target=run, name="healthz-celery-ping", daemon=True)
    thread.start()
    return thread


def _celery() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (embedded mode)"
    try:
        seen = cache.get(CELERY_KEY)
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__
    if seen is None or time.time() - seen["at"] > CELERY_FRESH_SECONDS:
        thread = _refresh_in_background()
        if seen is None:
            if thread is not None:
                thread.join(CELERY_PING_SECONDS + 0.5)
            seen = cache.get(CELERY_KEY)
            if seen is None:
                return False, "not checked yet"
    ok, detail = seen["answer"]
    return ok, detail


@never_cache
def healthz(request):
    checks = {"database": _database(), "redis": _redis(), "celery": _celery()}
    healthy = all(ok for ok, _detail in checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
