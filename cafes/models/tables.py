from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagement.models import TimeStampedModel
from engagement.models.outbox import OutgoingEmail

from .cafe import Cafe

DEFAULT_SEATS = 4
MAX_SEATS = 5  # more only with ``seats_override``: small tables are the point of a café
ABSOLUTE_MAX_SEATS = 10


class CafeTable(TimeStampedModel):
    """One table: numbered, with a number of seats and what it offers (a language, BSL,
    step-free access) so that people's needs can be matched to it."""

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="tables", verbose_name=_("café")
    )
    number = models.PositiveSmallIntegerField(
        _("table number"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        default=DEFAULT_SEATS,
        validators=[MinValueValidator(2), MaxValueValidator(ABSOLUTE_MAX_SEATS)],
        help_text=_("Including the host. Four is best; never more than five unless you must."),
    )
    seats_override = models.BooleanField(
        _("allow more than five seats"),
        default=False,
        help_text=_("Only when the room or the group needs it: bigger tables talk less."),
    )
    language = models.CharField(
        _("language"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty for English; for example Polish, or BSL for a signing table."),
    )
    bsl = models.BooleanField(_("British Sign Language table"), default=False)
    step_free = models.BooleanField(_("step-free"), default=True)

    class Meta:
        verbose_name = _("café table")
        verbose_name_plural = _("café tables")
        ordering = ["cafe", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cafe", "number"], name="cafe_table_unique_number"),
            models.CheckConstraint(
                condition=Q(seats__lte=MAX_SEATS) | Q(seats_override=True),
                name="cafe_table_max_five_unless_overridden",
                violation_error_message=_(
                    "A café table seats at most five people, unless a larger table is agreed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=2) & Q(seats__lte=ABSOLUTE_MAX_SEATS),
                name="cafe_table_seats_range",
                violation_error_message=_("A café table seats between 2 and 10 people."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Table %(number)s") % {"number": self.number})

    @property
    def scope_object(self):
        return self.cafe.event

    def clean(self) -> None:
        if self.seats and self.seats > MAX_SEATS and not self.seats_override:
            raise ValidationError(
                {"seats": _("A table has at most five seats unless you tick the override.")}
            )

    @property
    def offers(self) -> list[str]:
        out = []
        if self.language:
            out.append(self.language)
        if self.bsl:
            out.append(str(_("BSL")))
        if self.step_free:
            out.append(str(_("step-free")))
        return out


class HostAssignment(TimeStampedModel):
    """A trained table host working at one café, usually at one table (the table may be left
    empty while planning). The host must hold the table host role for the event's area."""

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="host_assignments", verbose_name=_("café")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cafe_host_assignments",
        verbose_name=_("host"),
    )
    table = models.OneToOneField(
        CafeTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="host_assignment",
        verbose_name=_("table"),
    )
    trained_on = models.DateField(
        _("trained on"), help_text=_("When they completed table host training.")
    )

    class Meta:
        verbose_name = _("table host")
        verbose_name_plural = _("table hosts")
        ordering = ["cafe", "table__number", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["cafe", "user"], name="cafe_host_once_per_cafe"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.table or _('no table yet')}"

    @property
    def scope_object(self):
        return self.cafe.event

    def clean(self) -> None:
        if self.table_id and self.cafe_id and self.table.cafe_id != self.cafe_id:
            raise ValidationError({"table": _("That table belongs to another café.")})


class HostTableMessage(OutgoingEmail):
    """Tells a host their table, its first question and the time, when they are given a table:
    an email, and also a text message when GOV.UK Notify is on and they chose texts. ``key``
    names the table and the channel, so each table is told once however often the host is
    saved, and moving the host to another table tells them again."""

    send_task = "cafes.tasks.host_table_message_send_task"

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    assignment = models.ForeignKey(
        HostAssignment, on_delete=models.CASCADE, related_name="messages"
    )
    table = models.ForeignKey(CafeTable, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(
        _("sent by"), max_length=8, choices=Channel.choices, default=Channel.EMAIL
    )
    provider_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("table host message")
        verbose_name_plural = _("table host messages")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "key"], name="host_table_message_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.key}"
