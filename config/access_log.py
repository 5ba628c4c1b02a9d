"""Paths without their secrets, for the access log and Django's request log.

Some URLs are bearer credentials: a booking link (``/bookings/<token>/``) opens the person's
name and code and can cancel; a receipt URL (``/receipt/<receipt>/``) can be matched to its
ballot's receipt digest; an offer confirmation link (``/confirm/<token>/``) acts for the offerer.
The segment after each of these is replaced before a path is logged, as the query string (which
carries ``?code=`` from voting QR links) is left out altogether.
"""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger

SECRET_AFTER = frozenset({"bookings", "receipt", "confirm"})
HIDDEN = "[hidden]"


def path_for_log(path: str) -> str:
    segments = path.split("/")
    for i in range(len(segments) - 1):
        if segments[i] in SECRET_AFTER and segments[i + 1]:
            segments[i + 1] = HIDDEN
    return "/".join(segments)


class AccessLogger(Logger):
    """gunicorn's logger with the path (``%(U)s``) redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = path_for_log(atoms["U"])
        return atoms


class HideSecretPaths(logging.Filter):
    """For ``django.request`` ("Not Found: /bookings/<token>/"): redact the logged path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(
                path_for_log(a) if isinstance(a, str) and a.startswith("/") else a
                for a in record.args
            )
        return True
