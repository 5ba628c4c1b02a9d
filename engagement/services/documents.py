import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from ..models import GeneratedDocument, User
from ..pdf import document_kind, document_kinds, render_pdf
from ..queueing import enqueue_now, enqueue_on_commit
from .audit import audit_log

#: The pinned name of the task that renders one document (``engagement.tasks``).
RENDER_TASK = "engagement.tasks.document_render_task"

# A pending document not started after this long was never queued (Redis was down) or its
# message was lost. A running one older than the task's hard time limit has lost its worker.
DOCUMENT_REQUEUE_AFTER = dt.timedelta(minutes=5)


def _params_key(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def document_request(
    *, actor: User | None, kind: str, subject: models.Model, params: dict[str, Any] | None = None
) -> GeneratedDocument:
    """Ask for a document to be (re)made. Returns the one record for (kind, subject, params),
    set back to pending, and queues the render after commit. Asking twice never makes two rows.
    If the queue is down the record stays pending and the sweeper queues it later."""
    spec = document_kind(kind)
    params = params or {}
    content_type = ContentType.objects.get_for_model(subject)
    document, _created = GeneratedDocument.objects.select_for_update().get_or_create(
        kind=kind,
        content_type=content_type,
        object_id=str(subject.pk),
        params_key=_params_key(params),
        defaults={"params": params, "title": spec.title(subject, params)},
    )
    document.status = GeneratedDocument.Status.PENDING
    document.error = ""
    document.requested_by = actor if actor is not None and actor.is_authenticated else None
    document.save()
    audit_log(actor=actor, action="document.request", subject=document, data={"kind": kind})
    enqueue_on_commit(RENDER_TASK, document.pk)
    return document


def document_render(*, document_id: int) -> GeneratedDocument:
    """Render a requested document and store it, replacing any earlier file.

    Idempotent: rendering twice leaves one record and one file. Failures are recorded on the
    record (status failed with the reason) and re-raised for the task to decide on retries.
    """
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
        document.status = GeneratedDocument.Status.RUNNING
        document.attempts += 1
        document.save(update_fields=["status", "attempts", "modified"])
    spec = document_kind(document.kind)
    try:
        subject = document.subject
        if subject is None:
            raise LookupError("The record this document is about no longer exists.")
        context = spec.context(subject, document.params)
        pdf, pages = render_pdf(spec.template, context, language=document.params.get("language"))
    except Exception as exc:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.FAILED, error=str(exc)[:2000], modified=timezone.now()
        )
        raise
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
        old_name = document.file.name if document.file else None
        document.file.save(spec.filename(subject, document.params), ContentFile(pdf), save=False)
        document.status = GeneratedDocument.Status.READY
        document.pages = pages
        document.error = ""
        document.rendered_at = timezone.now()
        document.title = spec.title(subject, document.params)
        document.save()
        if old_name and old_name != document.file.name:
            storage, name = document.file.storage, old_name
            transaction.on_commit(lambda: storage.delete(name))
    return document


def documents_requeue_stale(*, now: dt.datetime) -> int:
    """Queue again the renders that are waiting or running for longer than they ever should
    (see :data:`DOCUMENT_REQUEUE_AFTER`); returns how many were queued, stopping at once if the
    broker cannot be reached. Idempotent: each re-queued record's clock restarts, and rendering
    twice replaces the one file (``document_render``)."""
    waiting = GeneratedDocument.Status.PENDING, GeneratedDocument.Status.RUNNING
    lost_worker = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    stale = (
        GeneratedDocument.objects.filter(
            status=GeneratedDocument.Status.PENDING, modified__lte=now - DOCUMENT_REQUEUE_AFTER
        )
        | GeneratedDocument.objects.filter(
            status=GeneratedDocument.Status.RUNNING, modified__lte=lost_worker
        )
    ).order_by("pk")
    queued = 0
    for pk in stale.values_list("pk", flat=True):
        if not enqueue_now(RENDER_TASK, pk):
            break
        GeneratedDocument.objects.filter(pk=pk, status__in=waiting).update(modified=now)
        queued += 1
    return queued


def documents_discard(*, kind: str, object_ids) -> int:
    """Delete the documents of ``kind`` about these subjects, files included (after commit):
    what erasure and retention do to PDFs that print people's names. Asking for one again makes
    it afresh from what the database now holds. Returns how many were deleted. Idempotent."""
    documents = GeneratedDocument.objects.filter(
        kind=kind, object_id__in=[str(pk) for pk in object_ids]
    )
    names = [d.file.name for d in documents if d.file]
    count = documents.count()
    if count:
        storage = GeneratedDocument._meta.get_field("file").storage
        documents.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
        audit_log(actor=None, action="document.discard", data={"kind": kind, "count": count})
    return count


def documents_discard_for_events(*, event_ids) -> int:
    """Discard every document that names people booked on these events (see
    ``DocumentKind.subjects_for_events``). Returns how many were deleted."""
    event_ids = sorted(set(event_ids))
    if not event_ids:
        return 0
    discarded = 0
    for spec in document_kinds():
        if spec.subjects_for_events is not None:
            subjects = list(spec.subjects_for_events(event_ids))
            discarded += documents_discard(kind=spec.name, object_ids=subjects)
    return discarded
