from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from engagement.models import Registration, TimeStampedModel

from .cafe import Cafe
from .tables import CafeTable


class ParticipantQuerySet(models.QuerySet):
    def present(self):
        return self.filter(left_at__isnull=True)

    def with_registration(self):
        return self.select_related("registration")


class Participant(TimeStampedModel):
    """A traveller to seat: one checked-in person. A booking for three people makes three
    participants (``companion``), who sit together. Names are read from the registration, never
    copied, so anonymising the booking anonymises the seating too."""

    class Staff(models.TextChoices):
        POLICE_OFFICER = "police_officer", _("Police officer")
        PCSO = "pcso", _("PCSO")
        PCC_STAFF = "pcc_staff", _("PCC staff")
        PARTNER_STAFF = "partner_staff", _("Partner staff")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="participants", verbose_name=_("café")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="cafe_participants",
        verbose_name=_("booking"),
    )
    companion = models.PositiveSmallIntegerField(
        _("companion"), default=0, help_text=_("0 for the person who booked, 1, 2... for others.")
    )
    staff = models.CharField(
        _("staff"),
        max_length=20,
        choices=Staff.choices,
        blank=True,
        help_text=_("Police and PCC staff are spread across tables."),
    )
    language = models.CharField(
        _("needs a table in"),
        max_length=40,
        blank=True,
        help_text=_("A language the person needs the table to speak, e.g. Polish or BSL."),
    )
    needs_bsl = models.BooleanField(_("needs a BSL table"), default=False)
    needs_step_free = models.BooleanField(_("needs a step-free table"), default=False)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cafe", "registration__name", "companion", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cafe", "registration", "companion"], name="participant_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_object(self):
        return self.cafe.event

    @property
    def name(self) -> str:
        booked = self.registration.name or str(_("Anonymous"))
        if self.companion == 0:
            return booked
        return str(_("%(name)s's guest %(n)s") % {"name": booked, "n": self.companion})

    @property
    def needs(self) -> list[str]:
        out = [self.language] if self.language else []
        if self.needs_bsl:
            out.append(str(_("BSL")))
        if self.needs_step_free:
            out.append(str(_("step-free")))
        return out


class SeatingConstraint(TimeStampedModel):
    """Two participants who must never share a table, or must always share one (a carer and
    the person they support, an interpreter and a BSL user)."""

    class Kind(models.TextChoices):
        APART = "apart", _("Keep apart")
        TOGETHER = "together", _("Keep together")

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="constraints", verbose_name=_("café")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    first = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    second = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("and")
    )

    class Meta:
        verbose_name = _("seating rule")
        verbose_name_plural = _("seating rules")
        constraints = [
            models.UniqueConstraint(
                fields=["cafe", "first", "second"], name="seating_constraint_once_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")),
                name="seating_constraint_ordered_pair",
                violation_error_message=_("Choose two different people."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.first} / {self.second}"

    def clean(self) -> None:
        if self.first_id and self.second_id:
            if self.first_id == self.second_id:
                raise ValidationError(_("Choose two different people."))
            if self.first.cafe_id != self.cafe_id or self.second.cafe_id != self.cafe_id:
                raise ValidationError(_("Both people must be at this café."))


class Seat(models.Model):
    """Where one participant sits in one round."""

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="seats")
    round_number = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    table = models.ForeignKey(CafeTable, on_delete=models.CASCADE, related_name="seatings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["round_number", "table__number"]
        indexes = [models.Index(fields=["cafe", "round_number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "round_number"], name="seat_one_per_person_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_number} · {self.table} · {self.participant_id}"
