"""The shared PDF machinery never reaches outside our static and media folders."""

import pytest

from engagement.pdf import _local_fetcher_class, static_file_url


def test_fetcher_refuses_remote_and_private_urls():
    fetcher = _local_fetcher_class()()
    for url in [
        "http://169.254.169.254/latest/meta-data",
        "https://example.org/logo.png",
        "ftp://example.org/x",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_fetcher_refuses_files_outside_static_and_media():
    fetcher = _local_fetcher_class()()
    with pytest.raises(ValueError, match="outside static and media"):
        fetcher.fetch("file:///etc/passwd")


def test_fetcher_serves_our_static_files():
    fetcher = _local_fetcher_class()()
    response = fetcher.fetch(static_file_url("img/favicon.svg"))
    assert b"<svg" in response.read()
