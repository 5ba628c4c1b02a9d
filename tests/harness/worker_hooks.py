"""Loaded into the test Celery worker (``celery worker --include``), never in production.

Between tests pytest-django flushes the test database, and the flush re-creates content types
with new ids; a long-running worker would keep the old ids in Django's cache and write audit rows
pointing at content types that no longer exist. Clearing the cache before each task keeps the
worker as fresh as a newly started one.
"""

from celery.signals import task_prerun


@task_prerun.connect
def _forget_content_types(**_kwargs) -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
