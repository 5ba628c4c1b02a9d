"""Requests refused before any view reads them: a body over ``REQUEST_MAX_BYTES`` (413) and a
NUL byte in the query string (400), each with a page in words.

Django streams an upload to a temporary file before any form can say "too big", so without a
cap one request could fill a worker's disk and time; the cap is checked against the declared
length before the body is touched, and ``UploadSizeLimitHandler`` stops a body that grows past
it without declaring one. PostgreSQL cannot store or compare a NUL character, so a search for
one would otherwise end in a server error.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render
from django.utils.translation import gettext as _


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return self.refuse(request, 413, self.too_big())
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            return self.refuse(
                request,
                400,
                _(
                    "The search contains a character that cannot be searched for (a null "
                    "character, often pasted in by mistake). Remove it and try again."
                ),
            )
        return self.get_response(request)

    @staticmethod
    def too_big() -> str:
        megabytes = settings.REQUEST_MAX_BYTES // (1024 * 1024)
        return _(
            "That is too much to send at once: the most is %(mb)s MB. Make the file smaller "
            "(a photo at a lower resolution, a PDF saved for the web) and try again."
        ) % {"mb": megabytes}

    @staticmethod
    def refuse(request, status: int, message: str):
        # The body is never read (the server closes the connection rather than drain it).
        return render(request, "request_refused.html", {"message": message}, status=status)


class UploadSizeLimitHandler(FileUploadHandler):
    """Stops reading an upload once the request has sent more than ``REQUEST_MAX_BYTES``
    (a body sent without a length, or with a false one)."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.REQUEST_MAX_BYTES:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
