"""Settings for the test suite: real PostgreSQL, Redis and Celery workers (``tests/harness.py``)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="test-only-not-secret-0123456789abcdefghijklmnopqrstu"
)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Rate limits stay on (they are tested) but are generous enough for many test logins.

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

if not env("DATABASE_URL", default="").startswith("postgres"):
    raise ImproperlyConfigured(
        "The test suite runs on real PostgreSQL and Redis: use `make test`, which starts "
        "throwaway servers, or set DATABASE_URL and REDIS_URL yourself."
    )

# Serve static files from the apps' folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
