"""The suite really runs on PostgreSQL, Redis and a Celery worker."""

import redis
from django.conf import settings
from django.db import connection

from engagement.tasks import ping


def test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_redis_is_reachable():
    assert redis.Redis.from_url(settings.REDIS_URL).ping() is True


def test_celery_runs_tasks_in_a_real_worker(celery_worker):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    result = ping.delay("hello")
    assert result.get(timeout=20) == "pong:hello"
    # The answer came from another process, through Redis.
    assert result.backend.__class__.__name__ == "RedisBackend"
