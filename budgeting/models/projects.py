"""Funded bids become projects: grant offer letter, payment milestones and monitoring updates."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import TimeStampedModel

from .bids import Bid
from .pots import Award


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Project.Status.ACTIVE)

    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.active().filter(next_update_due__lt=today)


class Project(TimeStampedModel):
    """A funded bid being delivered. Its group sends monitoring updates every
    ``update_every_days``; ``next_update_due`` moves on with each update."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Under way")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="project")
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="project")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    update_every_days = models.PositiveSmallIntegerField(
        _("progress update every (days)"), default=90
    )
    next_update_due = models.DateField(_("next update due"), null=True, blank=True)
    final_report = models.TextField(_("final report"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # The grant offer: who signs it for the funder and answers questions (the coordinator who
    # made the letter), and how the group accepted it: online (who, when) or a signed copy.
    offer_signatory = models.CharField(_("signed for the funder by"), max_length=150, blank=True)
    offer_contact = models.EmailField(_("contact about the grant"), blank=True)
    accepted_at = models.DateTimeField(_("offer accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer accepted by"),
    )
    accepted_name = models.CharField(_("accepted in the name of"), max_length=150, blank=True)
    accepted_role = models.CharField(_("their role in the group"), max_length=100, blank=True)
    signed_copy = models.FileField(
        _("signed copy of the offer"), upload_to="projects/offers/", blank=True
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(update_every_days__gte=7),
                name="project_update_interval_sensible",
                violation_error_message=_("Ask for progress updates at most once a week."),
            ),
        ]

    def __str__(self) -> str:
        return self.bid.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:project_detail", kwargs={"pk": self.pk})

    @property
    def scope_object(self):
        return self.bid.round.area

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.ACTIVE
            and self.next_update_due is not None
            and self.next_update_due < today
        )


class Milestone(TimeStampedModel):
    """A payment to the group, released when its condition is met."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("what it is for"), max_length=200)
    amount_pence = models.PositiveBigIntegerField(_("amount (pence)"))
    due_date = models.DateField(_("due"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by"),
    )

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ["project", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0),
                name="milestone_positive",
                violation_error_message=_("Each payment must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


def update_photo_upload_to(instance: MonitoringUpdate, filename: str) -> str:
    return f"projects/{instance.project_id}/{filename}"


class UpdateQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MonitoringUpdate.Status.APPROVED)

    def waiting(self):
        return self.filter(status=MonitoringUpdate.Status.WAITING)


class MonitoringUpdate(TimeStampedModel):
    """What the group reports: progress, money spent, people reached, a photo. Nothing is public
    until a coordinator approves it (possibly after editing the text); ``flags`` lists the
    implausible figures found when it was sent, and approving a flagged update needs a note."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a coordinator")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not published")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    progress = models.TextField(_("progress"))
    spend_pence = models.PositiveBigIntegerField(_("spent since the last update (pence)"))
    people_reached = models.PositiveIntegerField(_("people reached since the last update"))
    photo = models.FileField(_("photo"), upload_to=update_photo_upload_to, blank=True)
    photo_description = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    photo_consent = models.BooleanField(
        _("everyone shown in the photo agreed to it being published"), default=False
    )
    happened_on = models.DateField(_("when this happened"), null=True, blank=True)
    is_final = models.BooleanField(_("this is the final report"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    flags = models.JSONField(_("implausible figures"), default=list, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    moderated_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    moderator_note = models.TextField(_("coordinator's note"), blank=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring update")
        verbose_name_plural = _("monitoring updates")
        ordering = ["project", "-created"]

    def __str__(self) -> str:
        return f"{self.project} – {self.created:%Y-%m-%d}"
