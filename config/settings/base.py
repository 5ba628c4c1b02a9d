"""Settings shared by every environment. Everything that differs comes from the environment."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .environment import env
from .features import (  # noqa: F401 - Django reads settings from this module's names
    ASSET_CONSENT_MAX_DAYS,
    ASSET_LAPSED_CONSENT_GRACE_DAYS,
    ASSET_OFFER_VALID_DAYS,
    ASSET_REMINDER_DAYS,
    BUDGETING_ABSURD_AMOUNT_PENCE,
    BUDGETING_MAX_UPLOAD_BYTES,
    CAFE_PHOTO_MAX_BYTES,
    CAFE_PHOTO_MAX_PIXELS,
    DEFAULT_RETENTION_DAYS,
    EQUALITY_RELEASE_BATCH,
    EVENTS_MIN_RESPONSES_TO_COMPARE,
    EVENTS_UNDER_REPRESENTED_RATIO,
    MAP_TILE_ATTRIBUTION,
    MAP_TILE_HOSTS,
    MAP_TILE_URL,
    MESSAGE_CHANNEL,
    NOTIFY_API_KEY,
    NOTIFY_BASE_URL,
    NOTIFY_EMAIL_TEMPLATE_CY,
    NOTIFY_EMAIL_TEMPLATE_EN,
    NOTIFY_RATE_LIMIT,
    NOTIFY_SMS_SENDER_ID,
    NOTIFY_SMS_TEMPLATE_CY,
    NOTIFY_SMS_TEMPLATE_EN,
    REPORTS_360G_FUNDER_ID,
    REPORTS_360G_PREFIX,
    REQUEST_MAX_BYTES,
    TRUSTED_PROXIES,
    VOTING_CODE_SECRET,
    VOTING_GUESS_LIMIT,
    VOTING_GUESS_WINDOW_SECONDS,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Before the admin, which it patches.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "simple_history",
    "engagement",
    "cafes",
    "budgeting",
    "voting",
    "assets",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "engagement.languages.LanguageFromLinkMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "engagement.middleware.RequestLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engagement.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "engagement.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the login; verified email; login by emailed code; rate limits on the
# endpoints that can be brute-forced, per client address (TRUSTED_PROXIES decides which) and, for
# wrong passwords, per account and address (engagement.account_adapter).
ACCOUNT_ADAPTER = "engagement.account_adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
# "en" is British English: dates as "2 December 2026" and read day first (01/02/2027 is
# 1 February), not Django's American defaults for "en".
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Texts people write, in both languages (``<app>/translation.py``): English is the source and
# the fallback when no Welsh is written yet.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "cy")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# assets: Leaflet's JS/CSS from the django-leaflet package, as static/leaflet/. Not an installed
# app: its admin module imports GeoDjango, which needs GDAL.
from importlib.util import find_spec  # noqa: E402

STATICFILES_DIRS.append(
    ("leaflet", Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet")
)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "engagement.middleware.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Redis and Celery. An empty broker means "no server": tasks run eagerly in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# assets: remind offerers to re-confirm, expire overdue offers (idempotent, daily at 06:15).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["assets-offers-sweep"] = {
    "task": "assets.tasks.offers_sweep_task",
    "schedule": crontab(hour=6, minute=15),
}
# budgeting: chase overdue progress updates from funded projects (idempotent, daily at 07:00).
CELERY_BEAT_SCHEDULE["budgeting-monitoring-reminders"] = {
    "task": "budgeting.tasks.monitoring_reminders_task",
    "schedule": crontab(hour=7, minute=0),
}
# budgeting: delete never-touched drafts in rounds that stopped taking bids (idempotent, 03:30).
CELERY_BEAT_SCHEDULE["budgeting-blank-drafts-tidy"] = {
    "task": "budgeting.tasks.blank_drafts_tidy_task",
    "schedule": crontab(hour=3, minute=30),
}
# budgeting: remind groups with unsent drafts two days before bids close (idempotent, hourly).
CELERY_BEAT_SCHEDULE["budgeting-draft-reminders"] = {
    "task": "budgeting.tasks.draft_reminders_task",
    "schedule": crontab(minute=10),
}
# PB votes: open/close at set times, re-queue counts lost to a Redis outage or a dead
# worker (idempotent, every minute).
CELERY_BEAT_SCHEDULE["voting-votes-sweep"] = {
    "task": "budgeting.tasks_voting.votes_sweep_task",
    "schedule": 60.0,
}
# engagement: queue again emails and documents left waiting by a Redis outage or a dead worker
# (idempotent, every 5 minutes).
CELERY_BEAT_SCHEDULE["engagement-queue-sweep"] = {
    "task": "engagement.tasks.queue_sweep_task",
    "schedule": crontab(minute="*/5"),
}
# engagement events: reminders, thank-yous, lapsed waiting-list offers, retention, CTA reviews.
# Every one is idempotent (unique message keys / status guards), so overlapping runs are safe.
CELERY_BEAT_SCHEDULE.update(
    {
        "events-reminders": {
            "task": "engagement.event_tasks.event_reminders_task",
            "schedule": crontab(minute="*/15"),
        },
        "events-thank-yous": {
            "task": "engagement.event_tasks.event_thank_yous_task",
            "schedule": crontab(minute=20),
        },
        "events-waiting-list-offers-expire": {
            "task": "engagement.event_tasks.waiting_list_offers_expire_task",
            "schedule": crontab(minute="*/5"),
        },
        "events-registrations-anonymise": {
            "task": "engagement.event_tasks.registrations_anonymise_task",
            "schedule": crontab(hour=2, minute=30),
        },
        "events-message-deliveries": {
            "task": "engagement.event_tasks.message_deliveries_refresh_task",
            "schedule": crontab(minute="*/10"),
        },
        "events-equality-answers-release": {
            "task": "engagement.event_tasks.equality_answers_release_task",
            "schedule": crontab(minute="*/30"),
        },
        "events-equality-answers-release-nightly": {
            "task": "engagement.event_tasks.equality_answers_release_task",
            "schedule": crontab(hour=2, minute=15),
            "kwargs": {"everything": True},
        },
        "events-tension-review-reminders": {
            "task": "engagement.event_tasks.tension_review_reminders_task",
            "schedule": crontab(hour=7, minute=30),
        },
    }
)
# cafes: safeguarding flags nobody acknowledged within two hours go to the programme's
# coordinators (idempotent, every five minutes).
CELERY_BEAT_SCHEDULE["cafes-safeguarding-escalate"] = {
    "task": "cafes.tasks.safeguarding_escalate_task",
    "schedule": crontab(minute="*/5"),
}
# The tasks that send one outbox row each. With GOV.UK Notify, each worker sends at most
# NOTIFY_RATE_LIMIT of them (Notify allows 3,000 messages a minute; a 429 is retried anyway).
OUTBOX_SEND_TASKS = [
    "engagement.event_tasks.event_message_send_task",
    "engagement.event_tasks.tension_review_reminder_send_task",
    "engagement.event_tasks.role_invitation_email_send_task",
    "budgeting.tasks.bid_email_send_task",
    "assets.tasks.offer_reminder_send_task",
    "cafes.tasks.safeguarding_alert_send_task",
    "cafes.tasks.host_table_message_send_task",
]
CELERY_TASK_ANNOTATIONS = (
    {name: {"rate_limit": NOTIFY_RATE_LIMIT} for name in OUTBOX_SEND_TASKS}
    if MESSAGE_CHANNEL == "notify"
    else {}
)
# reports: last month's impact report for every active programme (idempotent, 1st at 05:30).
CELERY_BEAT_SCHEDULE["reports-monthly-impact-reports"] = {
    "task": "reports.tasks.monthly_reports_task",
    "schedule": crontab(day_of_month=1, hour=5, minute=30),
}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# With GOV.UK Notify every email goes through it, the account pages' included.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    default="engagement.mail.NotifyEmailBackend"
    if MESSAGE_CHANNEL == "notify"
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Common Ground <noreply@localhost>")

# Security headers that hold everywhere; production.py adds the HTTPS-only ones.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False  # the offline ballot/harvest queue reads it to replay posts

# django-csp 4: no inline scripts anywhere; styles only from our origin too.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MAP_TILE_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Request errors name the path: booking tokens and receipts are hidden from it.
    "filters": {"hide_secret_paths": {"()": "config.access_log.HideSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_secret_paths"]}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
