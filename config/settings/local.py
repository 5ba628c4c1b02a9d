"""The embedded default for ``make run``: SQLite, eager Celery, console email, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-dev-only-not-secret-0123456789abcdefghijklmnop"
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

# Static files as production serves them (hashed, compressed, cached for a year), with runserver
# leaving them to WhiteNoise: see config/static_storage.py. `make run` collects them first.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]  # noqa: F405 - from base
STORAGES = {
    **STORAGES,  # noqa: F405 - from base
    "staticfiles": {"BACKEND": "config.static_storage.LocalStaticFilesStorage"},
}
# In DEBUG, WhiteNoise cannot ask the storage which names are hashed (the storage answers plain
# names), so it is told how a hashed name looks.
from config.static_storage import HASHED_NAME  # noqa: E402

WHITENOISE_IMMUTABLE_FILE_TEST = HASHED_NAME
