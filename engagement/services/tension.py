"""Community Tension Assessments: create, update (history kept automatically), review reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Programme, TensionAssessment, TensionReviewReminder, User
from .audit import audit_log


@transaction.atomic
def tension_create(*, actor: User, programme: Programme, **fields: Any) -> TensionAssessment:
    """Record an assessment; history starts with this version. Audit-logged (sensitive)."""
    assessment = TensionAssessment(programme=programme, **fields)
    if assessment.owner_id is None:
        assessment.owner = actor
    assessment._history_user = actor
    assessment.full_clean()
    assessment.save()
    audit_log(actor=actor, action="tension.create", subject=assessment)
    return assessment


@transaction.atomic
def tension_update(
    *, actor: User, assessment: TensionAssessment, **fields: Any
) -> TensionAssessment:
    """Change an assessment; the previous version stays in its history. Locks the row."""
    assessment = TensionAssessment.objects.select_for_update().get(pk=assessment.pk)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment._history_user = actor
    assessment.full_clean()
    assessment.save()
    audit_log(
        actor=actor, action="tension.update", subject=assessment, data={"fields": sorted(fields)}
    )
    return assessment


def tension_review_reminders_send(*, today: dt.date | None = None) -> int:
    """Email each open assessment's owner once per review date when it is due. A unique row per
    (assessment, review date) is claimed before sending, so a second run sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    due = TensionAssessment.objects.filter(
        status=TensionAssessment.Status.OPEN, next_review_on__lte=today, owner__isnull=False
    ).select_related("owner", "area")
    for assessment in due:
        with transaction.atomic():
            reminder, created = TensionReviewReminder.objects.get_or_create(
                assessment=assessment, review_on=assessment.next_review_on
            )
            reminder = TensionReviewReminder.objects.select_for_update().get(pk=reminder.pk)
            if reminder.sent_at:
                continue
            url = settings.SITE_URL.rstrip("/") + reverse(
                "engagement:tension_detail", kwargs={"pk": assessment.pk}
            )
            context = {"assessment": assessment, "url": url}
            send_mail(
                subject=" ".join(
                    render_to_string("engagement/email/tension_review_subject.txt", context).split()
                ),
                message=render_to_string("engagement/email/tension_review.txt", context),
                from_email=None,
                recipient_list=[assessment.owner.email],
            )
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["sent_at"])
            sent += 1
    return sent
