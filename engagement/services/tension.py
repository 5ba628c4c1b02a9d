"""Community Tension Assessments: create, update (history kept automatically), review reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..languages import link_in_language
from ..models import Programme, TensionAssessment, TensionReviewReminder, User
from .audit import audit_log
from .outbox import outgoing_email_enqueue, outgoing_email_send


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


def tension_review_reminders_queue(*, today: dt.date | None = None) -> int:
    """Queue one email to each open assessment's owner per review date once it is due; returns
    how many were queued. Idempotent: the reminder row is unique per (assessment, review date),
    so a second run queues nothing. Sending is the outbox's (one task per reminder), so one
    refused address never stops the others."""
    today = today or timezone.localdate()
    queued = 0
    due = TensionAssessment.objects.filter(
        status=TensionAssessment.Status.OPEN, next_review_on__lte=today, owner__isnull=False
    ).order_by("pk")
    for assessment in due:
        with transaction.atomic():
            reminder, created = TensionReviewReminder.objects.get_or_create(
                assessment=assessment,
                key=f"review-{assessment.next_review_on.isoformat()}",
                defaults={"review_on": assessment.next_review_on},
            )
            if created:
                outgoing_email_enqueue(reminder)
                queued += 1
    return queued


def _render_review_reminder(reminder: TensionReviewReminder, to: str) -> EmailMessage:
    assessment = reminder.assessment
    owner = assessment.owner
    # In the owner's language, whatever language the worker happens to be in.
    language = (owner.preferred_language if owner else "") or settings.LANGUAGE_CODE
    url = link_in_language(
        settings.SITE_URL.rstrip("/")
        + reverse("engagement:tension_detail", kwargs={"pk": assessment.pk}),
        language,
    )
    context = {"assessment": assessment, "review_on": reminder.review_on, "url": url}
    with translation.override(language):
        subject = render_to_string("engagement/email/tension_review_subject.txt", context)
        body = render_to_string("engagement/email/tension_review.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


def tension_review_reminder_send(*, reminder_id: int) -> TensionReviewReminder:
    """Send one review reminder unless it was sent already (see ``outgoing_email_send``). The
    owner's address is read now; an owner removed since is skipped."""
    return outgoing_email_send(
        queryset=TensionReviewReminder.objects.select_related("assessment__owner"),
        pk=reminder_id,
        recipient=lambda reminder: (
            reminder.assessment.owner.email if reminder.assessment.owner else ""
        ),
        build=_render_review_reminder,
    )
