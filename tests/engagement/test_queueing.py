"""Queueing tasks after commit, and what happens when Redis is down: the request succeeds, the
row waits, and the beat sweeper queues it once Redis is back."""

import datetime as dt

import pytest
from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from engagement.models import EventMessage, GeneratedDocument, Registration
from engagement.models.outbox import OutgoingEmail
from engagement.queueing import enqueue_now
from engagement.services.documents import RENDER_TASK
from engagement.services.outbox import outbox_models
from engagement.services.requeue import queue_sweep
from engagement.tasks import ping, queue_sweep_task
from tests.brokers import hang_guard, redis_unreachable, unresponsive_redis
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import ProgrammeFactory
from tests.outbox import wait_until_sent

LATER = dt.timedelta(minutes=6)  # past the sweeper's five minutes of patience


def test_a_stopped_broker_is_reported_not_raised():
    with redis_unreachable(), hang_guard():
        assert enqueue_now(ping, "anyone there?") is False


def test_a_broker_that_never_answers_is_given_up_on():
    # Without socket timeouts this call would wait for as long as the server holds the line.
    with unresponsive_redis() as url, override_settings(CELERY_BROKER_URL=url), hang_guard():
        assert enqueue_now(ping, "anyone there?") is False


def test_a_task_can_be_named_and_every_outbox_names_a_registered_task():
    current_app.loader.import_default_modules()
    models = {model._meta.label for model in outbox_models()}
    assert models == {
        "assets.OfferReminder",
        "budgeting.BidEmail",
        "cafes.HostTableMessage",
        "cafes.SafeguardingAlert",
        "engagement.EventMessage",
        "engagement.RoleInvitationEmail",
        "engagement.TensionReviewReminder",
    }
    for model in outbox_models():
        assert model.send_task in current_app.tasks, model
    assert RENDER_TASK in current_app.tasks


def test_a_booking_while_redis_is_down_succeeds_and_its_email_goes_once_redis_is_back(
    client, celery_worker
):
    event = EventFactory(title="Coffee with a cop")
    with redis_unreachable(), hang_guard():
        response = client.post(
            reverse("engagement:event_register", args=[event.slug]),
            {"name": "Rita", "email": "rita@example.org", "party_size": 1},
        )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.CONFIRMED
    message = registration.messages.get()
    assert message.status == EventMessage.Status.PENDING  # saved, waiting to be queued

    # Still down at the next sweep: nothing is lost, the email keeps waiting.
    with redis_unreachable(), hang_guard():
        assert queue_sweep(now=timezone.now() + LATER) == {"emails": 0, "documents": 0}
    message.refresh_from_db()
    assert message.status == EventMessage.Status.PENDING

    # Redis is back: the sweeper queues it and the worker sends it, once.
    assert queue_sweep(now=timezone.now() + LATER)["emails"] == 1
    message = wait_until_sent(message)
    assert message.status == EventMessage.Status.SENT and message.attempts == 1


@pytest.mark.django_db
def test_the_sweep_requeues_only_what_waited_too_long_and_runs_twice_safely():
    now = timezone.now()
    long_ago = now - dt.timedelta(minutes=10)
    stuck = EventMessage.objects.create(
        registration=RegistrationFactory(), kind="confirmation", key="confirmation"
    )
    fresh = EventMessage.objects.create(
        registration=RegistrationFactory(), kind="confirmation", key="confirmation"
    )
    for status in (OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED):
        EventMessage.objects.create(
            registration=RegistrationFactory(),
            kind="confirmation",
            key="confirmation",
            status=status,
        )
    EventMessage.objects.exclude(pk=fresh.pk).update(modified=long_ago)
    programme = ProgrammeFactory()
    document = _document(programme, status=GeneratedDocument.Status.PENDING)
    running = _document(programme, status=GeneratedDocument.Status.RUNNING, key="b")
    lost = _document(programme, status=GeneratedDocument.Status.RUNNING, key="c")
    _document(programme, status=GeneratedDocument.Status.READY, key="d")
    GeneratedDocument.objects.update(modified=long_ago)
    # Running for 8 minutes is within the task's time limit (10): its worker may still be on it.
    GeneratedDocument.objects.filter(pk=running.pk).update(modified=now - dt.timedelta(minutes=8))
    GeneratedDocument.objects.filter(pk=lost.pk).update(modified=now - dt.timedelta(hours=1))

    assert queue_sweep(now=now) == {"emails": 1, "documents": 2}
    assert queue_sweep(now=now) == {"emails": 0, "documents": 0}  # their clocks restarted
    # Not sent yet (no worker here): another interval later they are queued again, and the
    # email that was fresh a moment ago has now waited too long as well.
    assert queue_sweep(now=now + LATER) == {"emails": 2, "documents": 2}
    stuck.refresh_from_db()
    document.refresh_from_db()
    assert (stuck.status, document.status) == ("pending", "pending")


@pytest.mark.django_db
def test_the_sweep_task_runs_twice_in_process():
    assert queue_sweep_task.apply().get() == {"emails": 0, "documents": 0}
    assert queue_sweep_task.apply().get() == {"emails": 0, "documents": 0}


def _document(programme, *, status, key="a") -> GeneratedDocument:
    return GeneratedDocument.objects.create(
        kind="reports.impact_report",
        content_type=ContentType.objects.get_for_model(programme),
        object_id=str(programme.pk),
        params_key=key,
        status=status,
    )
