"""Signing a user in to a browser page without typing a password: the login form has its own
tests (``test_foundation_pages``, ``test_assets_pages``)."""

from django.conf import settings
from django.test import Client


def sign_in(page, live_server, user) -> None:
    """Give ``page``'s browser context a Django session for ``user``."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
