# Production image: gunicorn serves Django; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint needs Pango; gettext compiles the Welsh catalogue.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The runtime set only: no test runner, browser driver, linter or reference tally in production.
COPY requirements/runtime.lock requirements/
RUN pip install --no-deps -r requirements/runtime.lock

COPY . .
RUN useradd --system --uid 1000 --home /app commonground \
 && mkdir -p /app/media /app/staticfiles \
 && DJANGO_SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=.venv >/dev/null \
 && chown -R commonground /app/media

USER commonground
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
