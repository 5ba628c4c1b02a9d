"""Reports are made by the real Celery worker: asking twice (or running the monthly task twice)
replaces the file, never adds a second; a failure is kept with its reason."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType

from engagement.models import GeneratedDocument, Programme
from engagement.services import document_render, document_request
from reports.pdf import IMPACT_REPORT
from reports.services import monthly_reports_request, previous_month, report_request
from reports.tasks import monthly_reports_task
from tests.documents import wait_for_document
from tests.factories import ProgrammeFactory

from .factories import report_world


def files_of(document: GeneratedDocument) -> list[Path]:
    return list(Path(document.file.path).parent.glob("*.pdf"))


def test_report_made_twice_by_the_worker_is_one_record_and_one_file(celery_worker):
    world = report_world()
    first = wait_for_document(report_request(actor=None, programme=world.programme).pk)
    assert first.status == "ready", first.error
    assert Path(first.file.path).read_bytes()[:5] == b"%PDF-"
    assert first.pages and first.rendered_at
    first_name, first_rendered = first.file.name, first.rendered_at
    files_before = len(files_of(first))  # the media folder may hold older runs' files
    second = wait_for_document(report_request(actor=None, programme=world.programme).pk)
    assert second.pk == first.pk and second.status == "ready", second.error
    assert second.rendered_at > first_rendered
    assert GeneratedDocument.objects.filter(kind=IMPACT_REPORT).count() == 1
    assert len(files_of(second)) == files_before
    assert Path(second.file.path).exists()
    if first_name != second.file.name:
        assert not second.file.storage.exists(first_name)


def test_monthly_task_twice_on_the_worker_replaces_the_files(celery_worker):
    world = report_world()
    ProgrammeFactory(status=Programme.Status.DRAFT)  # drafts get no monthly report
    ids = monthly_reports_task.delay("2026-03-15").get(timeout=60)
    assert len(ids) == 1
    first = wait_for_document(ids[0])
    assert first.status == "ready", first.error
    files_before = len(files_of(first))
    assert first.params == {"from": "2026-02-01", "to": "2026-02-28"}
    assert first.subject == world.programme and first.requested_by is None
    again = monthly_reports_task.delay("2026-03-31").get(timeout=60)
    assert again == ids
    second = wait_for_document(ids[0])
    while second.rendered_at == first.rendered_at:  # the second render may still be queued
        time.sleep(0.2)
        second = wait_for_document(ids[0])
    assert GeneratedDocument.objects.filter(kind=IMPACT_REPORT).count() == 1
    assert len(files_of(second)) == files_before
    assert Path(second.file.path).exists()


def test_previous_month():
    assert previous_month(dt.date(2026, 1, 1)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert previous_month(dt.date(2024, 3, 31)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


@pytest.mark.django_db
def test_monthly_request_twice_makes_one_record_per_programme():
    world = report_world()
    monthly_reports_request(today=dt.date(2026, 5, 2))
    monthly_reports_request(today=dt.date(2026, 5, 20))
    documents = GeneratedDocument.objects.filter(
        kind=IMPACT_REPORT,
        content_type=ContentType.objects.get_for_model(Programme),
        object_id=str(world.programme.pk),
    )
    assert documents.count() == 1


@pytest.mark.django_db
def test_a_failed_render_keeps_its_reason():
    world = report_world()
    document = document_request(
        actor=None,
        kind=IMPACT_REPORT,
        subject=world.programme,
        params={"from": "2026-13-01", "to": None},
    )
    with pytest.raises(ValueError):
        document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == "failed"
    assert "not valid" in document.error
    assert not document.file
