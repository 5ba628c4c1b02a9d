"""Security headers, rate limits and Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts(client):
    for name in ["home", "account_login", "account_signup", "privacy"]:
        html = client.get(reverse(name)).content.decode()
        assert "<script>" not in html and "onclick=" not in html, name


def _production_env() -> dict:
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "commonground.example.org",
        # A registered 360Giving prefix (the placeholder is warned about: reports.W001).
        "REPORTS_360G_PREFIX": "360G-safershires",
    }


def test_check_deploy_is_clean_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_sets_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "False"]


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_login_is_rate_limited(client):
    from django.core.cache import cache

    cache.clear()
    UserFactory(email="target@example.org")
    limited = "Too many failed login attempts"
    first = client.post(reverse("account_login"), {"login": "target@example.org", "password": "x"})
    assert limited not in first.content.decode()
    for _ in range(6):
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "x"})
    # Now even the right password is refused for a while, with a clear message.
    response = client.post(
        reverse("account_login"), {"login": "target@example.org", "password": PASSWORD}
    )
    assert limited in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_gunicorn_access_log_leaves_out_query_strings_and_secret_paths(tmp_path):
    """Voting QR links carry the single-use code as ?code=, booking links and receipts carry
    theirs in the path: none may reach the logs."""
    import contextlib
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    url = f"http://127.0.0.1:{port}/accessibility/?code=SECRETCODE123"
                    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                        assert response.status == 200
                    break
                except OSError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            for secret_path in ("/bookings/BOOKINGTOKEN42/", "/pb/vote/1/receipt/RECEIPT42ZZ/"):
                with contextlib.suppress(urllib.error.HTTPError):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{secret_path}", timeout=5)  # noqa: S310
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = log.read_text()
    assert '"GET /accessibility/ HTTP/1.1" 200' in text
    assert '"GET /bookings/[hidden]/ HTTP/1.1"' in text
    assert '"GET /pb/vote/1/receipt/[hidden]/ HTTP/1.1"' in text
    for secret in ("SECRETCODE123", "BOOKINGTOKEN42", "RECEIPT42ZZ"):
        assert secret not in text, secret


BEHIND_PROXY = ["127.0.0.1"]  # the test client's REMOTE_ADDR plays the TLS proxy


def _login(client, email, password, address):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=address,
    )


def test_failed_sign_ins_from_one_client_do_not_lock_out_another(client, settings):
    from django.core.cache import cache
    from django.test import Client

    settings.TRUSTED_PROXIES = BEHIND_PROXY
    cache.clear()
    UserFactory(email="pcc@example.org")
    for n in range(12):
        _login(client, f"nobody{n}@example.test", "wrong", "203.0.113.66")
    assert (
        "Too many failed" in _login(client, "x@example.test", "x", "203.0.113.66").content.decode()
    )
    other = Client()
    _login(other, "pcc@example.org", PASSWORD, "198.51.100.9")
    assert "_auth_user_id" in other.session
    cache.clear()


def test_wrong_passwords_lock_an_account_only_for_the_address_they_came_from(client, settings):
    from django.core.cache import cache
    from django.test import Client

    settings.TRUSTED_PROXIES = BEHIND_PROXY
    cache.clear()
    UserFactory(email="coordinator@example.org")
    for _ in range(6):
        _login(client, "coordinator@example.org", "guess", "203.0.113.66")
    locked = _login(client, "coordinator@example.org", PASSWORD, "203.0.113.66")
    assert "Too many failed" in locked.content.decode()
    owner = Client()
    _login(owner, "coordinator@example.org", PASSWORD, "198.51.100.9")
    assert "_auth_user_id" in owner.session
    cache.clear()


def test_the_admin_signs_in_through_the_rate_limited_sign_in_page(client):
    from django.core.cache import cache

    cache.clear()
    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("account_login"))
    guess = client.post("/admin/login/", {"username": "admin@example.org", "password": PASSWORD})
    assert guess.status_code == 302 and "_auth_user_id" not in client.session
    for n in range(6):
        client.post(reverse("account_login"), {"login": "admin@example.org", "password": f"g{n}"})
    refused = client.post(
        reverse("account_login"), {"login": "admin@example.org", "password": PASSWORD}
    )
    assert "Too many failed" in refused.content.decode()
    cache.clear()
    client.post(reverse("account_login"), {"login": "admin@example.org", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
    cache.clear()


def test_uploads_are_not_served_from_media_even_with_debug_on(settings):
    """``make run`` (DEBUG on) serves files only through the permission-checked views."""
    import importlib

    from django.urls import Resolver404, resolve

    import config.urls

    settings.DEBUG = True
    try:
        module = importlib.reload(config.urls)
        with pytest.raises(Resolver404):
            resolve("/media/bids/1/holiday.jpg", urlconf=module)
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)


def test_django_request_log_hides_booking_tokens():
    """Django logs "Not Found: <path>" for a stale booking link: the console handler hides it."""
    import logging

    [handler] = logging.getLogger().handlers[:1]
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/bookings/TOKEN42/",),
        None,
    )
    assert handler.filter(record)
    assert record.getMessage() == "Not Found: /bookings/[hidden]/"
