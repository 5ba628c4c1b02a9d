"""Emails to a bid's group when its status changes: one per change (unique key), queued on
commit, sent once however often the task runs, in the applicant's language, failures recorded."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgeting.models import Bid, BidEmail, BidStatus, Phase
from budgeting.services import (
    award_create,
    award_revoke,
    bid_reject,
    bid_request_changes,
    bid_shortlist,
    round_close_unfunded,
)
from budgeting.services.emails import bid_email_queue, bid_email_send
from budgeting.tasks import bid_email_send_task
from engagement.services import DomainError
from engagement.services.requeue import queue_sweep
from tests.brokers import hang_guard, redis_unreachable
from tests.factories import user_with_role
from tests.outbox import wait_until_sent

from .conftest import fund
from .factories import BidRoundFactory, diligence_done, submitted_bid


def _send_all():
    for pk in BidEmail.objects.filter(status="pending").values_list("pk", flat=True):
        bid_email_send(email_id=pk)


@pytest.fixture
def review_bid(db):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    bid = submitted_bid(round=round_, contact_email="group@example.org", contact_name="Rita")
    return bid


def test_each_review_decision_emails_the_group_once(review_bid, django_capture_on_commit_callbacks):
    coordinator = user_with_role("coordinator", area=review_bid.round.area)
    with django_capture_on_commit_callbacks() as callbacks:
        bid_request_changes(actor=coordinator, bid=review_bid, message="Add a cost breakdown.")
    assert len(callbacks) == 1  # the task is enqueued only once the change is committed
    email = BidEmail.objects.get(bid=review_bid)
    assert (email.kind, email.note, email.status) == (
        "changes_requested",
        "Add a cost breakdown.",
        "pending",
    )
    bid_email_send(email_id=email.pk)
    bid_email_send(email_id=email.pk)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["group@example.org"]
    assert sent.subject == f"Changes needed to your bid: {review_bid.title}"
    assert "Dear Rita," in sent.body and "Add a cost breakdown." in sent.body
    assert f"/pb/bids/{review_bid.pk}/" in sent.body
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 1 and email.sent_at


def test_shortlist_then_reject_each_has_its_own_email(review_bid):
    coordinator = user_with_role("coordinator", area=review_bid.round.area)
    diligence_done(review_bid)
    bid_shortlist(actor=coordinator, bid=review_bid)
    bid_reject(actor=coordinator, bid=review_bid, reason="The group's plan changed")
    _send_all()
    kinds = list(BidEmail.objects.values_list("kind", flat=True))
    assert kinds == ["shortlisted", "rejected"]
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Your bid is on the shortlist: {review_bid.title}",
        f"Your bid was not accepted: {review_bid.title}",
    ]
    assert "The group's plan changed" in mail.outbox[1].body  # plain text, not &#x27;


def test_a_refused_change_queues_nothing(review_bid):
    coordinator = user_with_role("coordinator", area=review_bid.round.area)
    with pytest.raises(DomainError):
        bid_reject(actor=coordinator, bid=review_bid, reason="")
    with pytest.raises(DomainError), transaction.atomic():
        # The status change and its email roll back together.
        bid_request_changes(actor=coordinator, bid=review_bid, message="Fix it")
        raise DomainError("stop")
    assert not BidEmail.objects.exists()


def test_funded_and_not_funded(db):
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    fund(round_.pot, 500_000)
    winner = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    revoked = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    loser = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    award = award_create(actor=None, bid=winner)
    award_revoke(actor=None, award=award_create(actor=None, bid=revoked), reason="Folded.")
    assert round_close_unfunded(actor=None, round=round_) == 1
    assert round_close_unfunded(actor=None, round=round_) == 0
    _send_all()
    kinds = set(BidEmail.objects.values_list("bid_id", "kind"))
    assert kinds == {
        (winner.pk, "funded"),
        (revoked.pk, "funded"),  # it was funded, then the award was taken back
        (revoked.pk, "not_funded"),
        (loser.pk, "not_funded"),
    }
    bodies = {m.subject: m.body for m in mail.outbox}
    funded = bodies[f"Your bid has been funded: {winner.title}"]
    assert f"/pb/projects/{award.project.pk}/" in funded
    assert "Folded." in bodies[f"Your bid was not funded: {revoked.title}"]
    # Honest: nothing claims the money went to the bids with the most support.
    not_funded = bodies[f"Your bid was not funded: {loser.title}"]
    assert "was not funded this time" in not_funded and "most support" not in not_funded
    assert len(mail.outbox) == 4


def test_queueing_the_same_change_twice_makes_one_email(
    review_bid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = bid_email_queue(bid=review_bid, kind="funded", key="funded-1")
        second = bid_email_queue(bid=review_bid, kind="funded", key="funded-1")
    assert first.pk == second.pk and len(callbacks) == 1


def test_task_run_twice_sends_once(review_bid):
    email = bid_email_queue(bid=review_bid, kind="shortlisted", key="shortlisted-x")
    assert bid_email_send_task.apply(args=[email.pk]).get() == "sent"
    assert bid_email_send_task.apply(args=[email.pk]).get() == "sent"
    assert len(mail.outbox) == 1


def test_no_address_is_skipped_and_welsh_speakers_get_welsh(review_bid):
    Bid.objects.filter(pk=review_bid.pk).update(contact_email="")
    review_bid.applicant.email = ""
    review_bid.applicant.save()
    email = bid_email_queue(bid=review_bid, kind="rejected", key="rejected-1", note="No.")
    assert bid_email_send(email_id=email.pk).status == "skipped"
    assert mail.outbox == []

    other = submitted_bid(
        round=review_bid.round, contact_email="cymraeg@example.org", contact_name="Siân"
    )
    other.applicant.preferred_language = "cy"
    other.applicant.save()
    email = bid_email_queue(bid=other, kind="funded", key="funded-cy")
    bid_email_send(email_id=email.pk)
    assert "Annwyl Siân," in mail.outbox[0].body  # rendered with Welsh active
    assert other.title in mail.outbox[0].subject  # the group's own words are kept as written


def test_mail_server_failure_is_recorded_then_retried(review_bid, settings):
    email = bid_email_queue(bid=review_bid, kind="shortlisted", key="shortlisted-1")
    settings.EMAIL_BACKEND = "tests.engagement.failing_mail.FailingBackend"
    with pytest.raises(OSError):
        bid_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "failed" and "refused" in email.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert bid_email_send(email_id=email.pk).status == "sent"
    email.refresh_from_db()
    assert email.error == "" and email.attempts == 2


def test_the_worker_sends_after_commit(celery_worker):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    bid = submitted_bid(round=round_, contact_email="group@example.org")
    coordinator = user_with_role("coordinator", area=round_.area)
    bid_request_changes(actor=coordinator, bid=bid, message="Say who will benefit.")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        email = BidEmail.objects.get(bid=bid)
        if email.status != "pending":
            break
        time.sleep(0.2)
    assert email.status == "sent", email.error
    assert email.attempts == 1


def test_a_review_decision_while_redis_is_down_is_saved_and_emailed_once_redis_is_back(
    client, celery_worker
):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    bid = submitted_bid(round=round_, contact_email="group@example.org")
    client.force_login(user_with_role("coordinator", area=round_.area))
    with redis_unreachable(), hang_guard():
        response = client.post(
            reverse("budgeting:bid_review_action", args=[bid.pk, "request-changes"]),
            {"request-changes-message": "Say who will benefit."},
        )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.status == BidStatus.CHANGES_REQUESTED
    email = BidEmail.objects.get(bid=bid)
    assert email.status == "pending"
    later = timezone.now() + dt.timedelta(minutes=6)
    with redis_unreachable(), hang_guard():
        assert queue_sweep(now=later)["emails"] == 0
    assert queue_sweep(now=later)["emails"] == 1
    email = wait_until_sent(email)
    assert email.status == "sent" and email.attempts == 1


def test_a_sent_bid_is_acknowledged_with_its_reference_once(db):
    from budgeting.services import bid_submit

    from .factories import BidFactory

    bid = BidFactory(contact_email="group@example.org")
    bid = bid_submit(actor=bid.applicant, bid=bid)
    _send_all()
    _send_all()
    (message,) = mail.outbox
    assert bid.reference in message.subject
    assert f"Its reference is {bid.reference}" in message.body
    assert message.to == ["group@example.org"]


def test_drafts_are_reminded_two_days_before_bids_close_once(db):
    from budgeting.services.emails import draft_reminders_queue

    from .factories import BidFactory

    round_ = BidRoundFactory()
    started = BidFactory(round=round_, contact_email="jo@example.org", last_step=2)
    BidFactory(round=round_, last_step=0)  # never filled in: not chased
    sent = submitted_bid(round=round_)
    closes = round_.submission_closes
    assert draft_reminders_queue(now=closes - dt.timedelta(days=3)) == 0
    assert draft_reminders_queue(now=closes - dt.timedelta(days=1)) == 1
    assert draft_reminders_queue(now=closes - dt.timedelta(hours=2)) == 0
    assert draft_reminders_queue(now=closes + dt.timedelta(hours=1)) == 0
    _send_all()
    (message,) = mail.outbox
    assert message.to == ["jo@example.org"] and "still a draft" in message.body
    assert "Bids close on" in message.body
    assert not BidEmail.objects.filter(bid=sent, kind=BidEmail.Kind.DRAFT_REMINDER).exists()
    assert BidEmail.objects.get(kind=BidEmail.Kind.DRAFT_REMINDER).bid == started
