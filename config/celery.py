"""Celery application.

Broker and result backend are Redis (``CELERY_BROKER_URL``). With no broker configured (the embedded
default used by ``make run``) settings set ``CELERY_TASK_ALWAYS_EAGER`` so tasks run in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("common_ground")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
