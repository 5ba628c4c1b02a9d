"""Root fixtures: the real Celery worker, Chromium with Playwright, and shared factories.

The suite runs against real PostgreSQL and Redis started by ``tests/harness/services.py``
(``make test`` does that). Nothing of ours is mocked.
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in a
# thread with a running loop unless told this is fine (it is: the loop is Playwright's).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Fixtures kept beside the test doubles they start (GOV.UK Notify: ``notify``).
pytest_plugins = ["tests.notify_double"]


@pytest.fixture(autouse=True)
def _forget_worker_memos():
    """The voting hot path remembers things per process (each vote's ballot, the guessing
    limiter's last look at an address): one test's must not leak into the next."""
    yield
    from voting.selectors.ballot_context import ballot_context_clear
    from voting.services.limits import guesses_forget

    ballot_context_clear()
    guesses_forget()


@pytest.fixture(autouse=True)
def _start_in_the_default_language():
    """A test client's Welsh request leaves Welsh active in the test thread; the next test's
    factories would then write the Welsh of bilingual fields (modeltranslation writes the
    active language), not the English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    from django.db import connection

    from tests.harness.celery_worker import WorkerProcess

    worker = WorkerProcess(connection.settings_dict["NAME"])
    worker.start()
    worker.pause()  # it takes tasks only inside tests that ask for it (fixture below)
    yield worker
    worker.stop()


@pytest.fixture
def celery_worker(celery_worker_process, transactional_db):
    """A running worker, taking tasks only during this test; the test's data is committed so
    the worker can see it. If a test killed the worker, it is restarted."""
    if celery_worker_process.proc.poll() is not None:
        celery_worker_process.start()
    celery_worker_process.consume()
    yield celery_worker_process
    if celery_worker_process.proc.poll() is None:
        celery_worker_process.pause()


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    from tests.harness.browser import CHROMIUM_FLAGS, chromium_path

    browser = _playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A small, old phone: 320 px wide."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 640},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def assert_accessible():
    from tests.harness.browser import axe_violations

    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe-core violations on {page.url}:\n" + "\n".join(violations)

    return check


@pytest.fixture
def login(client):
    """Log a user in to the Django test client (allauth's mandatory email check is satisfied by
    the factories, which create a verified address)."""

    def do(user):
        client.force_login(user)
        return client

    return do
