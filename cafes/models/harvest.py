from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from engagement.models import TimeStampedModel, YouSaidWeDid
from engagement.models.outbox import OutgoingEmail

from .cafe import Cafe
from .tables import CafeTable


class CafeThemeQuerySet(models.QuerySet):
    def priorities(self):
        """Themes a coordinator turned into priorities that a PB round can invite bids
        against (budgeting reads these; cafes never imports budgeting)."""
        return self.filter(is_priority=True)

    def for_area(self, area):
        return self.filter(cafe__event__area=area)


class CafeTheme(TimeStampedModel):
    """A theme heard across tables. Hosts tag insights with themes as they go; the coordinator
    renames and merges them afterwards and marks what kind of thing each is."""

    class Kind(models.TextChoices):
        CONCERN = "concern", _("Concern")
        WORRY = "worry", _("Worry")
        AMBITION = "ambition", _("Ambition")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="themes", verbose_name=_("café")
    )
    name = models.CharField(_("theme"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_priority = models.BooleanField(_("a priority for community bids"), default=False)
    priority_statement = models.CharField(
        _("priority as bidders will read it"),
        max_length=300,
        blank=True,
        help_text=_("For example: Things for teenagers to do in the evenings."),
    )
    priority_set_at = models.DateTimeField(_("made a priority"), null=True, blank=True)
    you_said_we_did = models.ForeignKey(
        YouSaidWeDid,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cafe_themes",
        verbose_name=_("you said, we did"),
    )

    in_summary = models.BooleanField(
        _("show in the summary"),
        default=True,
        help_text=_("Untick to leave out a typo or a theme heard once."),
    )
    summary_order = models.PositiveSmallIntegerField(_("order in the summary"), default=0)

    objects = CafeThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("café theme")
        verbose_name_plural = _("café themes")
        ordering = ["cafe", "name"]
        constraints = [
            models.UniqueConstraint("cafe", Lower("name"), name="cafe_theme_unique_name"),
            models.CheckConstraint(
                condition=Q(is_priority=False) | ~Q(priority_statement=""),
                name="cafe_theme_priority_has_statement",
                violation_error_message=_("A priority theme needs its priority statement."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_object(self):
        return self.cafe.event


class HarvestNote(TimeStampedModel):
    """What a host wrote down at their table in one round.

    ``client_id`` is made by the phone before the first try to send: a retry after a lost
    connection carries the same id, and the unique constraint makes sure it is stored once.
    """

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        INSIGHT = "insight", _("Insight")
        QUOTE = "quote", _("Quote")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="notes", verbose_name=_("café")
    )
    table = models.ForeignKey(
        CafeTable, on_delete=models.PROTECT, related_name="notes", verbose_name=_("table")
    )
    round_number = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("what was said"), max_length=4000)
    themes = models.ManyToManyField(
        CafeTheme, related_name="notes", blank=True, verbose_name=_("themes")
    )
    attribution = models.CharField(
        _("said by"),
        max_length=120,
        blank=True,
        help_text=_("Only with their permission, for example: Sue, a parent."),
    )
    attribution_consent = models.BooleanField(
        _("they agreed to be quoted with this name"), default=False
    )
    client_id = models.UUIDField(_("note id"), unique=True, default=uuid.uuid4)
    in_summary = models.BooleanField(
        _("show this quote in the summary"),
        default=False,
        help_text=_("Only quotes are shown, and a name only when the person agreed."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        verbose_name = _("harvest note")
        verbose_name_plural = _("harvest notes")
        ordering = ["round_number", "table__number", "created"]
        indexes = [models.Index(fields=["cafe", "round_number"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(attribution="") | Q(attribution_consent=True),
                name="harvest_note_attribution_needs_consent",
                violation_error_message=_("A quote can name the person only with their consent."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def scope_object(self):
        return self.cafe.event


class SafeguardingFlag(TimeStampedModel):
    """A disclosure a host heard that needs a safeguarding response. Seen only by the area's
    coordinators (never by other hosts, never in the harvest or its export); every view and
    change is in the audit log."""

    class Status(models.TextChoices):
        OPEN = "open", _("Needs action")
        HANDLED = "handled", _("Handled")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="safeguarding_flags", verbose_name=_("café")
    )
    table = models.ForeignKey(
        CafeTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("table"),
    )
    round_number = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    text = models.TextField(_("what was disclosed"), max_length=4000)
    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("what was done"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    escalated_at = models.DateTimeField(
        _("passed to the programme's coordinators"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("safeguarding flag")
        verbose_name_plural = _("safeguarding flags")
        ordering = ["status", "-created"]

    def __str__(self) -> str:
        return f"{self.cafe_id} · {self.get_status_display()}"

    @property
    def scope_object(self):
        return self.cafe.event


def photo_upload_to(instance: TableclothPhoto, filename: str) -> str:
    return f"cafes/{instance.cafe_id}/photos/{uuid.uuid4().hex}.jpg"


class TableclothPhoto(TimeStampedModel):
    """A photo of a paper tablecloth, re-encoded on upload so no camera metadata is kept.
    Served only through a permission-checked view."""

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="photos", verbose_name=_("café")
    )
    table = models.ForeignKey(
        CafeTable, on_delete=models.PROTECT, related_name="photos", verbose_name=_("table")
    )
    round_number = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    image = models.ImageField(
        _("photo"), upload_to=photo_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    description = models.CharField(
        _("what the photo shows"),
        max_length=250,
        help_text=_("A short description for people who cannot see it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    in_summary = models.BooleanField(_("show in the summary"), default=False)
    summary_order = models.PositiveSmallIntegerField(_("order in the summary"), default=0)

    class Meta:
        verbose_name = _("tablecloth photo")
        verbose_name_plural = _("tablecloth photos")
        ordering = ["table__number", "round_number", "created"]

    def __str__(self) -> str:
        return self.description

    @property
    def scope_object(self):
        return self.cafe.event


class SafeguardingAlert(OutgoingEmail):
    """The email telling one coordinator that a safeguarding flag needs a person now. ``key`` is
    ``raised`` for the area's coordinators and ``escalated`` for the programme's, so each person
    is told once per flag and stage however often the sweep runs."""

    send_task = "cafes.tasks.safeguarding_alert_send_task"

    class Stage(models.TextChoices):
        RAISED = "raised", _("Raised")
        ESCALATED = "escalated", _("Not acknowledged after two hours")

    flag = models.ForeignKey(SafeguardingFlag, on_delete=models.CASCADE, related_name="alerts")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("safeguarding alert")
        verbose_name_plural = _("safeguarding alerts")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["flag", "recipient", "key"], name="safeguarding_alert_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.flag_id} {self.key} {self.recipient_id}"


class ThemeSuggestion(TimeStampedModel):
    """A group of similar notes the computer found, waiting for the coordinator: nothing
    reaches a theme (or the summary) until they accept it, under its name or theirs, or merge
    it into a theme that exists."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="theme_suggestions", verbose_name=_("café")
    )
    name = models.CharField(_("suggested name"), max_length=80)
    notes = models.ManyToManyField(HarvestNote, related_name="+", verbose_name=_("notes"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    theme = models.ForeignKey(
        CafeTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("became the theme"),
    )

    class Meta:
        verbose_name = _("theme suggestion")
        verbose_name_plural = _("theme suggestions")
        ordering = ["cafe", "-created"]

    def __str__(self) -> str:
        return self.name
