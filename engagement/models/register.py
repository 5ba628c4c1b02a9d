"""The engagement register: what the police and partners already run, so nobody duplicates it
and police can join ("piggyback") what exists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .places import Area, Partner, Programme


class Strand(models.TextChoices):
    """The PCC strategy's three strands of engagement."""

    INFORMING = "informing", _("Informing")
    CONSULTING = "consulting", _("Consulting")
    PARTICIPATING = "participating", _("Participating")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    YOUNG_PEOPLE = "young_people", _("Children and young people")
    NON_ENGLISH = "non_english", _("People whose first language is not English")
    TRAVELLING = "travelling", _("Gypsy, Roma or Traveller community")
    OLDER_PEOPLE = "older_people", _("Older people")
    DISABLED = "disabled", _("Disabled people")
    BUSINESSES = "businesses", _("Businesses")
    VICTIMS = "victims", _("Victims of crime")


class ActivityQuerySet(models.QuerySet):
    def current(self, on=None):
        from django.utils import timezone

        today = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class EngagementActivity(TimeStampedModel):
    """An activity run by the police or a partner: a survey, forum, newsletter, project..."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("Survey")
        FORUM = "forum", _("Forum or meeting")
        NEWSLETTER = "newsletter", _("Newsletter")
        COMMUNITY_PROJECT = "community_project", _("Community project")
        YOUTH_WORK = "youth_work", _("Youth work")
        EVENT = "event", _("Event")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="activities", verbose_name=_("programme")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("area"),
        help_text=_("Leave empty if it covers the whole programme."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    strand = models.CharField(_("strand"), max_length=16, choices=Strand.choices)
    audiences = models.JSONField(_("who it is for"), default=list, blank=True)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("run by"),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    police_can_join = models.BooleanField(_("police can join in"), default=False)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement activity")
        verbose_name_plural = _("engagement register")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.area_id and self.programme_id and self.area.programme_id != self.programme_id:
            raise ValidationError({"area": _("That area is not part of this programme.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("It must end on or after the day it starts.")})
