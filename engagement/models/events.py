"""Events: World Cafés, PB events and other engagement (walkabouts, surgeries, panels...).

Other apps build on these names (``Event``, ``Event.Kind``, ``Event.Status``): World Café tables
and PB ballots point at an event, and check-ins live on :class:`~.registrations.Registration`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .places import Area, Programme


def validate_reminder_hours(value: str) -> None:
    """``"48"`` or ``"48, 2"``: whole hours before the start, between 1 and 720."""
    try:
        hours = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise ValidationError(
            _("Give whole numbers of hours separated by commas, for example 48, 2."),
            code="invalid",
        ) from None
    if any(h < 1 or h > 720 for h in hours):
        raise ValidationError(
            _("Each reminder must be between 1 and 720 hours before the start."), code="range"
        )


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.COMPLETED])

    def listed(self):
        """What the public list and calendar feeds show: published, public, programme live."""
        return (
            self.filter(is_public=True)
            .exclude(status__in=[Event.Status.DRAFT])
            .exclude(programme__status=Programme.Status.DRAFT)
        )

    def upcoming(self, now: dt.datetime | None = None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: dt.datetime | None = None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def overlapping(self, starts_at: dt.datetime, ends_at: dt.datetime):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def for_area(self, area: Area):
        return self.filter(area=area)


class Event(TimeStampedModel):
    """One engagement event with a place, a time, a capacity and a registration window."""

    class Kind(models.TextChoices):
        WORLD_CAFE = "world_cafe", _("World Café")
        PB_EVENT = "pb_event", _("Participatory budgeting event")
        WALKABOUT = "walkabout", _("Walkabout")
        RICH_PICTURE = "rich_picture", _("Rich picture session")
        SURGERY = "surgery", _("Surgery")
        PANEL = "panel", _("Panel")
        OTHER = "other", _("Other engagement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="events", verbose_name=_("programme")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("area"),
        help_text=_("Leave empty for an event for the whole programme."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    purpose = models.TextField(_("purpose"), help_text=_("What the event is for, in plain words."))

    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.TextField(_("address"), blank=True)
    venue_postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    bsl = models.BooleanField(_("British Sign Language interpreter"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    accessible_toilets = models.BooleanField(_("accessible toilets"), default=False)
    access_notes = models.TextField(_("more about access"), blank=True)

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    reserved_places = models.PositiveIntegerField(
        _("reserved places"),
        default=0,
        help_text=_("Held back for invited partners; only staff can fill them."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        default="English",
        help_text=_("Languages spoken or interpreted at the event, e.g. English, Polish, BSL."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Untick for an invite-only event: it is not listed and needs the invitation link."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    reminder_hours = models.CharField(
        _("reminders (hours before)"),
        max_length=40,
        default="48",
        validators=[validate_reminder_hours],
        help_text=_("When to remind people, in hours before the start, e.g. 48, 2."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed place"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("How long someone on the waiting list has to take up a place offered to them."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(reserved_places__lte=F("capacity")),
                name="event_reserved_within_capacity",
                violation_error_message=_(
                    "The places held back cannot be more than the event's capacity."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
                violation_error_message=_("Booking must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:event_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.area_id and self.programme_id and self.area.programme_id != self.programme_id:
            errors["area"] = _("That area is not part of this programme.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.capacity is not None and self.reserved_places > self.capacity:
            errors["reserved_places"] = _("You cannot reserve more places than the event has.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if errors:
            raise ValidationError(errors)

    @property
    def reminder_offsets(self) -> list[int]:
        return sorted({int(p) for p in self.reminder_hours.split(",") if p.strip()}, reverse=True)

    @property
    def access_facts(self) -> list[str]:
        names = ["step_free", "hearing_loop", "bsl", "parking", "quiet_room", "accessible_toilets"]
        return [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]

    @property
    def public_places(self) -> int:
        return self.capacity - self.reserved_places

    def registration_is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()
