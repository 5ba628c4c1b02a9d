from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engagement.models import Event, TimeStampedModel

MAX_ROUNDS = 12

DEFAULT_ETIQUETTE = _(
    "Focus on what matters. Contribute your thinking. Speak your mind and heart. Listen to "
    "understand. Link and connect ideas. Listen together for insights and deeper questions. "
    "Play, doodle, draw: writing on the tablecloths is encouraged."
)


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)s h") % {"h": hours}
    return _("%(m)s min") % {"m": rest}


class CafeQuerySet(models.QuerySet):
    def with_event(self):
        return self.select_related("event__programme", "event__area")

    def for_area(self, area):
        return self.filter(event__area=area)


class Cafe(TimeStampedModel):
    """A World Café run at one event of kind World Café.

    The live state (``current_round``, ``round_started_at``) is what the facilitator screen and
    the hosts' phones show; rounds up to ``current_round`` count as played and re-planning never
    changes their seating.
    """

    event = models.OneToOneField(
        Event,
        on_delete=models.PROTECT,
        related_name="cafe",
        verbose_name=_("event"),
        limit_choices_to={"kind": Event.Kind.WORLD_CAFE},
    )
    purpose = models.TextField(
        _("purpose"),
        help_text=_("Why this café is held, read out at the start and in the host pack."),
    )
    rounds = models.PositiveSmallIntegerField(
        _("number of rounds"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ROUNDS)],
    )
    round_minutes = models.PositiveSmallIntegerField(
        _("round length (minutes)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(90)],
    )
    changeover_minutes = models.PositiveSmallIntegerField(
        _("changeover (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Time for travellers to move to their next table."),
    )
    etiquette = models.TextField(_("café etiquette"), blank=True, default=DEFAULT_ETIQUETTE)

    current_round = models.PositiveSmallIntegerField(_("current round"), default=0)
    round_started_at = models.DateTimeField(_("round started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    seating_planned_at = models.DateTimeField(_("seating planned"), null=True, blank=True)
    seating_repeats = models.PositiveIntegerField(_("repeated pairs"), null=True, blank=True)
    seating_version = models.PositiveIntegerField(_("seating version"), default=0)
    seating_stale = models.BooleanField(
        _("seating needs planning again"),
        default=False,
        help_text=_(
            "Set when people, tables, hosts or rules change after the seating was planned."
        ),
    )

    summary = models.TextField(
        _("summary for participants and partners"),
        blank=True,
        help_text=_("What people said and what happens next, in plain words."),
    )
    summary_published = models.BooleanField(_("summary published"), default=False)

    contact_phone = models.CharField(
        _("coordinator's phone on the day"),
        max_length=30,
        blank=True,
        help_text=_("Printed in the host pack so hosts can reach you during the café."),
    )
    safeguarding_lead_name = models.CharField(_("safeguarding lead"), max_length=120, blank=True)
    safeguarding_lead_phone = models.CharField(
        _("safeguarding lead's phone"),
        max_length=30,
        blank=True,
        help_text=_("Printed in the host pack with what to do when someone discloses harm."),
    )

    objects = CafeQuerySet.as_manager()

    class Meta:
        verbose_name = _("World Café")
        verbose_name_plural = _("World Cafés")
        ordering = ["-event__starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rounds__gte=1) & Q(rounds__lte=MAX_ROUNDS),
                name="cafe_rounds_range",
                violation_error_message=_("A café has between 1 and 12 rounds."),
            ),
            models.CheckConstraint(
                condition=Q(current_round__lte=models.F("rounds")),
                name="cafe_current_round_within_rounds",
                violation_error_message=_(
                    "The current round cannot be later than the café's last round."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.event.title)

    def get_absolute_url(self) -> str:
        return reverse("cafes:cafe_detail", kwargs={"pk": self.pk})

    @property
    def scope_object(self):
        return self.event

    @property
    def area(self):
        return self.event.area

    @property
    def programme(self):
        return self.event.programme

    def clean(self) -> None:
        if self.event_id and self.event.kind != Event.Kind.WORLD_CAFE:
            raise ValidationError({"event": _("A café needs an event of kind World Café.")})
        self._check_rounds_fit_event()
        if self.current_round and self.current_round > self.rounds:
            raise ValidationError(
                {
                    "rounds": _("The café has already reached round %(n)s.")
                    % {"n": self.current_round}
                }
            )

    @property
    def running_minutes(self) -> int:
        """Minutes from the start of round 1 to the end of the last round."""
        return self.rounds * self.round_minutes + (self.rounds - 1) * self.changeover_minutes

    def _check_rounds_fit_event(self) -> None:
        if not (self.event_id and self.rounds and self.round_minutes and self.changeover_minutes):
            return
        event = self.event
        if not (event.starts_at and event.ends_at):
            return
        available = int((event.ends_at - event.starts_at).total_seconds() // 60)
        if self.running_minutes > available:
            raise ValidationError(
                {
                    "rounds": _(
                        "%(rounds)s rounds of %(minutes)s minutes with %(changeover)s minutes to "
                        "move take %(needed)s, but the event lasts %(available)s. Use fewer or "
                        "shorter rounds."
                    )
                    % {
                        "rounds": self.rounds,
                        "minutes": self.round_minutes,
                        "changeover": self.changeover_minutes,
                        "needed": _duration(self.running_minutes),
                        "available": _duration(available),
                    }
                }
            )

    @property
    def round_numbers(self) -> list[int]:
        return list(range(1, self.rounds + 1))

    @property
    def is_running(self) -> bool:
        return self.current_round > 0 and self.finished_at is None

    @property
    def round_ends_at(self) -> dt.datetime | None:
        if self.round_started_at is None:
            return None
        return self.round_started_at + dt.timedelta(minutes=self.round_minutes)

    @property
    def next_round(self) -> int | None:
        """The round people move to next, or None after the last."""
        following = self.current_round + 1
        return following if following <= self.rounds else None
