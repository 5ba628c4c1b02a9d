"""Funded projects: payments, monitoring updates, overdue, reminders and the grant letter."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from budgeting.models import Bid, BidStatus, FundingPot, Phase, Project
from budgeting.selectors import funded_project_list, overdue_project_list
from budgeting.services import (
    GRANT_LETTER,
    award_create,
    grant_letter_request,
    milestone_add,
    milestone_pay,
    monitoring_update_approve,
    monitoring_update_submit,
)
from budgeting.tasks import monitoring_reminders_task
from budgeting.validators import clean_upload
from engagement.models import GeneratedDocument
from engagement.services import DomainError
from engagement.services.requeue import queue_sweep
from tests.brokers import hang_guard, redis_unreachable
from tests.documents import wait_for_document
from tests.factories import user_with_role
from tests.outbox import run_outbox_tasks

from .conftest import fund
from .factories import BidRoundFactory, submitted_bid


def funded_project(pledged=200_000, received=None, amount=100_000) -> Project:
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    fund(round_.pot, pledged, received=received)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=amount)
    return award_create(actor=None, bid=bid).project


def test_milestones_cannot_exceed_award_and_pay_only_received_money(db):
    project = funded_project(received=30_000)
    today = timezone.localdate()
    first = milestone_add(
        actor=None, project=project, title="Start", amount_pence=50_000, due_date=today
    )
    milestone_add(actor=None, project=project, title="End", amount_pence=50_000, due_date=today)
    with pytest.raises(DomainError, match="more than the £1,000 awarded"):
        milestone_add(actor=None, project=project, title="Extra", amount_pence=1, due_date=today)
    with pytest.raises(DomainError, match="Only £300 has arrived"):
        milestone_pay(actor=None, milestone=first)
    pot = project.award.pot
    contribution = pot.contributions.get()
    from budgeting.services import contribution_update

    contribution_update(
        actor=None, contribution=contribution, pledged_pence=200_000, received_pence=200_000
    )
    milestone_pay(actor=None, milestone=first)
    with pytest.raises(DomainError, match="already been made"):
        milestone_pay(actor=None, milestone=first)
    assert FundingPot.objects.get(pk=pot.pk).paid_pence == 50_000


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return SimpleUploadedFile("site.png", buffer.getvalue(), content_type="image/png")


def test_updates_move_due_date_feed_public_progress_and_final_completes(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = funded_project()
    applicant = project.bid.applicant
    monitoring_update_submit(
        actor=applicant,
        project=project,
        progress="Lights ordered.",
        spend_pence=20_000,
        people_reached=0,
        photo=clean_upload(_png()),
        photo_description="The box of lights",
        photo_consent=True,
    )
    project.refresh_from_db()
    assert project.next_update_due == timezone.localdate() + dt.timedelta(days=90)
    monitoring_update_submit(
        actor=applicant,
        project=project,
        progress="All lit.",
        spend_pence=80_000,
        people_reached=400,
        is_final=True,
    )
    assert funded_project_list().get(pk=project.pk).spent_pence == 0
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    for update in project.updates.all():
        monitoring_update_approve(actor=coordinator, update=update, note="Receipts seen.")
    row = funded_project_list().get(pk=project.pk)
    assert (row.spent_pence, row.people_reached, row.latest_progress) == (100_000, 400, "All lit.")
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    with pytest.raises(DomainError):
        monitoring_update_submit(
            actor=applicant, project=project, progress="More", spend_pence=0, people_reached=0
        )


def test_only_the_group_sends_updates_and_html_is_refused(db):
    project = funded_project()
    with pytest.raises(DomainError):
        monitoring_update_submit(
            actor=user_with_role(None),
            project=project,
            progress="x",
            spend_pence=0,
            people_reached=0,
        )
    with pytest.raises(DomainError):
        monitoring_update_submit(
            actor=project.bid.applicant,
            project=project,
            progress="<img src=x onerror=alert(1)>",
            spend_pence=0,
            people_reached=0,
        )
    assert project.updates.count() == 0


def test_overdue_list_is_scoped_and_reminders_are_sent_once(db, settings):
    project = funded_project()
    run_outbox_tasks()  # the "funded" email
    mail.outbox.clear()
    Project.objects.filter(pk=project.pk).update(
        next_update_due=timezone.localdate() - dt.timedelta(days=3)
    )
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    elsewhere = user_with_role("coordinator")
    assert list(overdue_project_list(user=coordinator)) == [project]
    assert list(overdue_project_list(user=elsewhere)) == []
    assert monitoring_reminders_task() == 1  # eager in-process call of the task body
    assert monitoring_reminders_task() == 0  # run twice: no second email
    assert run_outbox_tasks() == 1
    assert len(mail.outbox) == 1
    due = project.bid.emails.get(kind="update_due")
    assert due.status == "sent" and due.due_on == timezone.localdate() - dt.timedelta(days=3)
    assert mail.outbox[0].subject == f"Progress update due: {project.bid.title}"
    assert mail.outbox[0].body == (
        f"Your progress update for {project.bid.title} was due on {due.due_on.isoformat()}. "
        f"Please send it at {settings.SITE_URL}{project.get_absolute_url()}\n"
    )


def test_a_refused_address_does_not_stop_the_other_monitoring_reminders(db, settings):
    refused, welsh = funded_project(), funded_project()
    Bid.objects.filter(pk=refused.bid_id).update(contact_email="refused@example.org")
    Bid.objects.filter(pk=welsh.bid_id).update(contact_email="grwp@example.org")
    welsh.bid.applicant.preferred_language = "cy"
    welsh.bid.applicant.save()
    Project.objects.update(next_update_due=timezone.localdate() - dt.timedelta(days=1))
    run_outbox_tasks()  # the "funded" emails of both
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "tests.engagement.failing_mail.RefusingBackend"
    assert monitoring_reminders_task() == 2
    run_outbox_tasks()
    assert [m.to for m in mail.outbox] == [["grwp@example.org"]]
    assert mail.outbox[0].subject.startswith("Diweddariad cynnydd yn ddyledus")  # in Welsh
    failed = refused.bid.emails.get(kind="update_due")
    assert failed.status == "failed" and failed.error.startswith("SMTPRecipientsRefused")
    assert welsh.bid.emails.get(kind="update_due").status == "sent"
    assert monitoring_reminders_task() == 0  # neither is queued again for the same due date


def test_public_list_query_count_is_fixed(db, django_assert_num_queries):
    for _ in range(3):
        funded_project()
    with django_assert_num_queries(1):
        rows = list(funded_project_list())
        assert [r.bid.round.area.name for r in rows]


def _full_schedule(project: Project) -> None:
    milestone_add(
        actor=None,
        project=project,
        title="All of it",
        amount_pence=project.award.amount_pence,
        due_date=timezone.localdate(),
    )


def test_grant_offer_letter_made_by_the_worker_twice_gives_one_file(celery_worker):
    project = funded_project()
    _full_schedule(project)
    coordinator = user_with_role("coordinator", area=project.bid.round.area)
    first = wait_for_document(grant_letter_request(actor=coordinator, project=project).pk)
    assert first.status == "ready", first.error
    with first.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    first_name = first.file.name
    second = wait_for_document(grant_letter_request(actor=coordinator, project=project).pk)
    assert second.status == "ready", second.error
    documents = GeneratedDocument.objects.filter(
        kind=GRANT_LETTER,
        content_type=ContentType.objects.get_for_model(Project),
        object_id=str(project.pk),
    )
    assert documents.count() == 1
    assert second.file.storage.exists(second.file.name)
    if first_name != second.file.name:
        assert not first.file.storage.exists(first_name)


def test_a_letter_asked_for_while_redis_is_down_is_made_once_redis_is_back(client, celery_worker):
    project = funded_project()
    _full_schedule(project)
    client.force_login(user_with_role("coordinator", area=project.bid.round.area))
    with redis_unreachable(), hang_guard():
        response = client.post(reverse("budgeting:grant_letter", args=[project.pk]))
    assert response.status_code == 302
    letter = GeneratedDocument.objects.get(kind=GRANT_LETTER, object_id=str(project.pk))
    assert letter.status == "pending"
    later = timezone.now() + dt.timedelta(minutes=6)
    with redis_unreachable(), hang_guard():
        assert queue_sweep(now=later)["documents"] == 0
    assert queue_sweep(now=later)["documents"] == 1
    letter = wait_for_document(letter.pk)
    assert letter.status == "ready", letter.error
    assert letter.attempts == 1
