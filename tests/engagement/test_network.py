"""The client address: X-Forwarded-For is believed only from a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from engagement.network import client_address


def request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "10.0.0.2", "203.0.113.9", "10.0.0.2"),  # no trusted proxy: header ignored
        (["10.0.0.2"], "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (["10.0.0.0/8"], "10.0.0.2", "203.0.113.9", "203.0.113.9"),  # CIDR range
        (["10.0.0.0/8"], "198.51.100.1", "203.0.113.9", "198.51.100.1"),  # not from the proxy
        # A client that writes its own header cannot choose its address: the proxy appends.
        (["10.0.0.2"], "10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        # Two proxies in a row, both trusted: the first untrusted hop from the right.
        (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (["10.0.0.2"], "10.0.0.2", "", "10.0.0.2"),
        (["10.0.0.2"], "10.0.0.2", "not-an-address", "10.0.0.2"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
        (["10.0.0.2"], "10.0.0.2", "203.0.113.9:4711", "203.0.113.9"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert client_address(request(remote, forwarded)) == expected
