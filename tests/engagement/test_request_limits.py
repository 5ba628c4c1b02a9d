"""Requests refused before a view reads them: too big a body, a NUL byte in a search."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role


@pytest.mark.django_db
def test_a_nul_byte_in_a_search_box_is_a_clear_error(client):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.force_login(user_with_role("coordinator", area=event.area))
    url = reverse("engagement:event_registrations", args=[event.slug])
    assert client.get(url, {"q": "Rita"}).status_code == 200
    response = client.get(url + "?q=Ri%00ta")
    assert response.status_code == 400
    assert "cannot be searched for" in response.content.decode()


@pytest.mark.django_db
def test_too_big_a_body_is_refused_in_words(client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post(reverse("account_login"), {"login": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "too much to send at once" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_oversized_upload_is_refused_before_its_body_is_sent(live_server):
    """Declare 60 MB and send none of it: the answer comes at once, so nothing waited to read
    (or store) the body."""
    where = urlsplit(live_server.url)
    with socket.create_connection((where.hostname, where.port), timeout=5) as conn:
        conn.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\n"
            + f"Host: {where.hostname}:{where.port}\r\n".encode()
            + b"Content-Type: multipart/form-data; boundary=xyz\r\n"
            + f"Content-Length: {60 * 1024 * 1024}\r\n\r\n".encode()
            + b"--xyz\r\n"
        )
        started = time.monotonic()
        answer = conn.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert time.monotonic() - started < 2
