"""Community Tension Assessments: restricted records after a critical incident, with history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel
from .outbox import OutgoingEmail
from .places import Area, Programme


class TensionAssessment(TimeStampedModel):
    """How a critical incident affects a community's confidence, who is vulnerable and what is
    being done. Every change is kept (django-simple-history); only coordinators see them."""

    class Level(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="tension_assessments"
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tension_assessments",
        verbose_name=_("area"),
    )
    title = models.CharField(_("title"), max_length=200)
    incident_date = models.DateField(_("date of the incident"))
    what_happened = models.TextField(_("what happened"))
    communities_affected = models.TextField(_("communities affected"))
    vulnerable_groups = models.TextField(_("vulnerable groups"), blank=True)
    tension_level = models.CharField(
        _("level of tension"), max_length=16, choices=Level.choices, default=Level.MEDIUM
    )
    confidence_assessment = models.TextField(
        _("confidence assessment"),
        help_text=_("How the incident affects the community's confidence in the police."),
    )
    actions = models.TextField(_("actions"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Receives the review reminders."),
    )

    history = HistoricalRecords(excluded_fields=["modified"])

    # The levels that must stand out in lists and on the dashboard.
    HIGH_LEVELS = (Level.HIGH, Level.CRITICAL)

    class Meta:
        verbose_name = _("community tension assessment")
        verbose_name_plural = _("community tension assessments")
        ordering = ["-incident_date", "-created"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_high(self) -> bool:
        return self.tension_level in self.HIGH_LEVELS

    @property
    def review_overdue(self) -> bool:
        """Open and its review date has passed (a review due today is not late yet)."""
        from django.utils import timezone

        return (
            self.status == self.Status.OPEN
            and self.next_review_on is not None
            and self.next_review_on < timezone.localdate()
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors = {}
        if self.area_id and self.programme_id and self.area.programme_id != self.programme_id:
            errors["area"] = _("That area is not part of this programme.")
        if self.incident_date and self.incident_date > timezone.localdate():
            errors["incident_date"] = _("The incident date cannot be in the future.")
        if self.incident_date and self.next_review_on and self.next_review_on < self.incident_date:
            errors["next_review_on"] = _("The review cannot be due before the incident.")
        if errors:
            raise ValidationError(errors)


class TensionReviewReminder(OutgoingEmail):
    """The email telling an assessment's owner its review is due: one per assessment per review
    date (``key`` is ``review-<date>``), sent through the outbox like every other email."""

    send_task = "engagement.event_tasks.tension_review_reminder_send_task"

    assessment = models.ForeignKey(
        TensionAssessment, on_delete=models.CASCADE, related_name="reminders"
    )
    review_on = models.DateField(_("review due on"))

    class Meta:
        verbose_name = _("tension review reminder")
        verbose_name_plural = _("tension review reminders")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="tension_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.review_on}"
