"""Scheduled work: reminders, thank-yous, lapsed offers, retention and CTA reviews. Each task
runs twice and the second run changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from engagement.event_tasks import (
    event_message_send_task,
    event_reminders_task,
    event_thank_yous_task,
    registrations_anonymise_task,
    tension_review_reminder_send_task,
    tension_review_reminders_task,
    waiting_list_offers_expire_task,
)
from engagement.models import (
    Event,
    EventMessage,
    Registration,
    TensionAssessment,
    TensionReviewReminder,
)
from engagement.selectors.reach import reach_figures
from engagement.services.messages import event_message_send
from engagement.services.registrations import registration_create
from engagement.services.reminders import reminders_queue, thank_yous_queue
from engagement.services.retention import registrations_anonymise
from engagement.services.tension import tension_create, tension_update
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import AreaFactory, ProgrammeFactory, UserFactory, user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.django_db


def _send_all():
    for pk in EventMessage.objects.filter(status="pending").values_list("pk", flat=True):
        event_message_send(message_id=pk)


def test_reminder_due_once_per_person_even_when_run_twice():
    now = timezone.now()
    event = EventFactory(
        starts_at=now + dt.timedelta(hours=47),
        ends_at=now + dt.timedelta(hours=49),
        reminder_hours="48, 2",
    )
    booked = RegistrationFactory.create_batch(2, event=event)
    Registration.objects.update(created=now - dt.timedelta(days=3))
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=event, email="", phone="0123")
    assert reminders_queue(now=now) == 2
    assert reminders_queue(now=now) == 0
    _send_all()
    _send_all()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in booked)
    # The 2-hour reminder is its own message, sent once when it falls due.
    assert reminders_queue(now=event.starts_at - dt.timedelta(hours=1)) == 2
    assert reminders_queue(now=event.starts_at - dt.timedelta(hours=1)) == 0


def test_no_reminder_for_someone_who_booked_after_it_was_due():
    now = timezone.now()
    event = EventFactory(
        starts_at=now + dt.timedelta(hours=10), ends_at=now + dt.timedelta(hours=12)
    )
    RegistrationFactory(event=event)  # booked just now, 10 hours before: confirmation is enough
    assert reminders_queue(now=now) == 0


def test_thank_you_only_to_people_who_came_once_and_event_completed():
    now = timezone.now()
    event = EventFactory(starts_at=now - dt.timedelta(hours=3), ends_at=now - dt.timedelta(hours=1))
    came = RegistrationFactory(event=event, checked_in_at=now - dt.timedelta(hours=2))
    RegistrationFactory(event=event)
    assert thank_yous_queue(now=now) == 1
    assert thank_yous_queue(now=now) == 0
    event.refresh_from_db()
    assert event.status == Event.Status.COMPLETED
    _send_all()
    assert [m.to[0] for m in mail.outbox] == [came.email]
    assert "you-said-we-did" in mail.outbox[0].body


def test_periodic_tasks_run_twice_in_process():
    # The task functions themselves (as beat calls them), twice each.
    for task in (
        event_reminders_task,
        event_thank_yous_task,
        waiting_list_offers_expire_task,
        registrations_anonymise_task,
        tension_review_reminders_task,
    ):
        first = task.apply().get()
        second = task.apply().get()
        assert second == 0, task.name
        assert first == 0


def test_anonymise_after_retention_keeps_counts_and_is_idempotent():
    programme = ProgrammeFactory(retention_days=30)
    area = AreaFactory(programme=programme)
    now = timezone.now()
    old = EventFactory(
        area=area,
        starts_at=now - dt.timedelta(days=40),
        ends_at=now - dt.timedelta(days=40) + dt.timedelta(hours=2),
    )
    recent = EventFactory(
        area=area,
        starts_at=now - dt.timedelta(days=5),
        ends_at=now - dt.timedelta(days=5) + dt.timedelta(hours=2),
    )
    RegistrationFactory(event=old, checked_in_at=old.starts_at, access_notes="Wheelchair")
    RegistrationFactory(event=old, party_size=3)
    keep = RegistrationFactory(event=recent)
    before = reach_figures(events=Event.objects.filter(pk=old.pk))
    assert registrations_anonymise(now=now) == 2
    assert registrations_anonymise(now=now) == 0
    assert reach_figures(events=Event.objects.filter(pk=old.pk)) == before
    assert not old.registrations.exclude(name="", email="", access_notes="").exists()
    keep.refresh_from_db()
    assert keep.name and keep.anonymised_at is None


def test_tension_history_and_review_reminder_once():
    coordinator = user_with_role("coordinator", area=AreaFactory())
    area = coordinator.role_assignments.get().area
    assessment = tension_create(
        actor=coordinator,
        programme=area.programme,
        area=area,
        title="Assault near the park",
        incident_date=timezone.localdate(),
        what_happened="A serious assault.",
        communities_affected="Young people; Polish community",
        confidence_assessment="Falling",
        next_review_on=timezone.localdate(),
    )
    tension_update(
        actor=coordinator, assessment=assessment, tension_level=TensionAssessment.Level.HIGH
    )
    history = list(assessment.history.order_by("history_date"))
    assert [h.tension_level for h in history] == ["medium", "high"]
    assert history[-1].history_user == coordinator
    assert tension_review_reminders_task.apply().get() == 1
    assert tension_review_reminders_task.apply().get() == 0
    assert mail.outbox == []  # queued, not sent inline
    assert run_outbox_tasks() == 1
    assert run_outbox_tasks() == 0
    reminder = TensionReviewReminder.objects.get(assessment=assessment)
    for _twice in range(2):  # a redelivered message: the task finds it sent and stops
        assert tension_review_reminder_send_task.apply(args=[reminder.pk]).get() == "sent"
    reminder.refresh_from_db()
    assert reminder.attempts == 1 and reminder.key == f"review-{timezone.localdate()}"
    assert len(mail.outbox) == 1 and assessment.title in mail.outbox[0].subject
    assert mail.outbox[0].to == [coordinator.email]
    assert timezone.localdate().strftime("%-d %B %Y") in mail.outbox[0].body


def test_a_refused_owner_does_not_stop_the_other_review_reminders(settings):
    area = AreaFactory()
    owners = [UserFactory(email="refused-owner@example.org"), UserFactory()]
    for owner in owners:
        TensionAssessment.objects.create(
            programme=area.programme,
            area=area,
            title=f"Assessment of {owner.email}",
            incident_date=timezone.localdate(),
            what_happened="An incident.",
            communities_affected="Everyone",
            confidence_assessment="Steady",
            next_review_on=timezone.localdate(),
            owner=owner,
        )
    settings.EMAIL_BACKEND = "tests.engagement.failing_mail.RefusingBackend"
    assert tension_review_reminders_task.apply().get() == 2
    run_outbox_tasks()
    assert [m.to for m in mail.outbox] == [[owners[1].email]]
    refused = TensionReviewReminder.objects.get(assessment__owner=owners[0])
    assert refused.status == "failed" and refused.attempts == 5  # the first try and 4 retries
    assert refused.error.startswith("SMTPRecipientsRefused") and "refused-owner" in refused.error
    sent = TensionReviewReminder.objects.get(assessment__owner=owners[1])
    assert sent.status == "sent" and sent.error == ""
    # The next day's sweep neither resends nor re-queues either of them.
    assert tension_review_reminders_task.apply().get() == 0


@pytest.mark.usefixtures("celery_worker")
def test_confirmation_sent_by_the_real_worker_once_even_if_the_task_runs_twice():
    event = EventFactory()
    registration = registration_create(event=event, name="Rita", email="rita@example.org")
    message = EventMessage.objects.get(registration=registration)
    # on_commit queued it already; queue it twice more, as a duplicate delivery would.
    event_message_send_task.delay(message.pk).get(timeout=30)
    event_message_send_task.delay(message.pk).get(timeout=30)
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1


def test_every_beat_entry_names_a_registered_task():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert len(schedule) >= 10  # assets, budgeting, votes, engagement, events, reports
    unknown = {
        key: entry["task"] for key, entry in schedule.items() if entry["task"] not in app.tasks
    }
    assert unknown == {}


def test_a_welsh_speaking_owner_gets_the_review_reminder_in_welsh_with_a_welsh_link():
    owner = user_with_role("coordinator", area=AreaFactory(), preferred_language="cy")
    area = owner.role_assignments.get().area
    assessment = tension_create(
        actor=owner,
        programme=area.programme,
        area=area,
        title="Graffiti",
        incident_date=timezone.localdate(),
        what_happened="Graffiti on the bus shelter.",
        communities_affected="Residents",
        confidence_assessment="Steady",
        next_review_on=timezone.localdate(),
    )
    assert tension_review_reminders_task.apply().get() == 1
    reminder = TensionReviewReminder.objects.get(assessment=assessment)
    tension_review_reminder_send_task.apply(args=[reminder.pk]).get()
    (message,) = mail.outbox
    assert message.subject == "Adolygiad yn ddyledus: Graffiti"
    path = reverse("engagement:tension_detail", kwargs={"pk": assessment.pk})
    assert f"{path}?lang=cy" in message.body
