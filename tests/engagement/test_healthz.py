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
