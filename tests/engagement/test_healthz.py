"""/healthz reports the database, Redis and Celery workers."""

import pytest
from django.test import override_settings


def test_healthz_ok_when_everything_is_up(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]
    assert body["checks"]["celery"]["detail"].endswith("worker(s)")


@pytest.mark.django_db
def test_healthz_503_when_redis_is_down(client):
    # Port 9 (discard) on loopback has no Redis: the probe must say so rather than hang.
    with override_settings(REDIS_URL="redis://127.0.0.1:9/0", CELERY_TASK_ALWAYS_EAGER=True):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_healthz_answers_at_once_and_pings_the_workers_in_the_background(client, celery_worker):
    """A loop of anonymous requests must not hold workers: each answers from the cache, and a
    stale answer is refreshed by one background ping, not by the request."""
    import time

    from django.core.cache import cache

    from engagement.views import health

    cache.delete_many([health.CELERY_KEY, health.CELERY_REFRESHING_KEY])
    assert client.get("/healthz").json()["checks"]["celery"]["ok"]  # the first one waits
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        assert client.get("/healthz").status_code == 200
        timings.append(time.perf_counter() - started)
    assert max(timings) < 0.05, timings
    stale = {"at": time.time() - 60, "answer": [True, "1 worker(s)"]}
    cache.set(health.CELERY_KEY, stale, 300)
    started = time.perf_counter()
    assert client.get("/healthz").status_code == 200
    assert time.perf_counter() - started < 0.05
    deadline = time.monotonic() + 5
    while cache.get(health.CELERY_KEY)["at"] == stale["at"]:
        assert time.monotonic() < deadline, "no background ping"
        time.sleep(0.05)
