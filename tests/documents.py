"""Waiting for the real Celery worker to finish a GeneratedDocument (PDFs of every app)."""

import time

from engagement.models import GeneratedDocument


def wait_for_document(document_id: int, timeout: float = 90) -> GeneratedDocument:
    """The document once the worker has made it or given up (ready or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document = GeneratedDocument.objects.get(pk=document_id)
        if document.status in (GeneratedDocument.Status.READY, GeneratedDocument.Status.FAILED):
            return document
        time.sleep(0.2)
    raise AssertionError(f"the worker did not finish document {document_id} in {timeout}s")
