"""The embedded default for ``make run``: SQLite, eager Celery, console email, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-dev-only-not-secret-0123456789abcdefghijklmnop"
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
