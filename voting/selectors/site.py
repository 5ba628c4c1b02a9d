"""Whether printed addresses will work: cards and posters carry ``SITE_URL``, not the address
the coordinator happens to be using."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def site_url_mismatch(request: HttpRequest) -> dict | None:
    """Both addresses when ``SITE_URL`` is not the address of this request, else None."""
    printed = _origin(settings.SITE_URL)
    here = _origin(request.build_absolute_uri("/"))
    if printed == here:
        return None
    return {"site_url": settings.SITE_URL.rstrip("/"), "here": here}
