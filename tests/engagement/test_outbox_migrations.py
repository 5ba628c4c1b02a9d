"""Upgrading a database whose reminders were sent before every email went through the outbox:
nothing already sent is sent again, and the sweeps go on from where they were."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from assets.models import OfferReminder
from assets.services import offers_sweep
from budgeting.models import BidEmail, BidStatus, Phase, Project
from budgeting.services import award_create
from budgeting.services.projects import monitoring_reminders_queue
from engagement.models import TensionAssessment, TensionReviewReminder
from engagement.services.tension import tension_review_reminders_queue
from tests.assets.factories import make_offer
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.factories import AreaFactory, UserFactory
from tests.migrations import back_to_the_latest_migrations, migrate_to, migrate_to_latest  # noqa: F401

BEFORE = [
    ("engagement", "0005_registration_language"),
    ("assets", "0002_search_index_and_taxonomy"),
    ("budgeting", "0004_update_due_emails"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_reminders_sent_before_the_upgrade_are_not_sent_again():
    today = timezone.localdate()
    # Everything is made with today's models, before going back: later migrations add columns
    # (to programmes, bids...) that the old schema does not have. Only the rows the upgrade
    # reads are written through the old models.
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    fund(round_.pot, 200_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=100_000)
    project = award_create(actor=None, bid=bid).project
    area = AreaFactory()
    assessment = TensionAssessment.objects.create(
        programme=area.programme,
        area=area,
        title="Reviewed already",
        incident_date=today,
        what_happened="An incident.",
        communities_affected="Everyone",
        confidence_assessment="Steady",
        next_review_on=today,
        owner=UserFactory(),
    )
    offer = make_offer()
    expires_on = today + dt.timedelta(days=3)
    type(offer).objects.filter(pk=offer.pk).update(expires_on=expires_on)
    due = today - dt.timedelta(days=2)
    Project.objects.filter(pk=project.pk).update(next_update_due=due)

    old = migrate_to(BEFORE).loader.project_state(BEFORE).apps
    old.get_model("engagement", "TensionReviewReminder").objects.create(
        assessment_id=assessment.pk, review_on=today, sent_at=timezone.now()
    )
    old.get_model("assets", "OfferReminder").objects.create(
        offer_id=offer.pk, expires_on=expires_on
    )
    with connection.cursor() as cursor:  # the column the upgrade removes
        cursor.execute(
            "UPDATE budgeting_project SET reminder_sent_for = %s WHERE id = %s", [due, project.pk]
        )
    migrate_to([("budgeting", "0003_bid_emails")])  # back to before the chase was an email

    migrate_to_latest()

    tension = TensionReviewReminder.objects.get()
    assert (tension.key, tension.status, tension.attempts) == (f"review-{today}", "sent", 1)
    reminder = OfferReminder.objects.get()
    assert (reminder.key, reminder.status) == (f"expiry-{expires_on}", "sent")
    chased = BidEmail.objects.get(bid=project.bid, kind="update_due")
    assert (chased.key, chased.due_on, chased.status) == (f"update_due-{due}", due, "sent")
    # The sweeps see them as done and queue nothing more for the same dates.
    assert tension_review_reminders_queue() == 0
    assert offers_sweep()["reminded"] == 0
    assert monitoring_reminders_queue() == 0
