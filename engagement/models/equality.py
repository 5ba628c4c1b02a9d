"""Equality monitoring: optional, consented answers kept apart from registrations.

An :class:`EqualityResponse` has no link to the registration or the person, only to the event,
so nobody can read one person's answers back; figures are shown aggregated with small numbers
suppressed. :class:`PopulationFigure` holds the area's Census 2021 shares to compare against.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event
from .places import Area


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", _("Under 16")
    AGE_16_24 = "16_24", _("16 to 24")
    AGE_25_44 = "25_44", _("25 to 44")
    AGE_45_64 = "45_64", _("45 to 64")
    AGE_65_74 = "65_74", _("65 to 74")
    AGE_75_PLUS = "75_plus", _("75 or over")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Ethnicity(models.TextChoices):
    """The Census 2021 high-level ethnic groups for England and Wales."""

    ASIAN = "asian", _("Asian, Asian British or Asian Welsh")
    BLACK = "black", _("Black, Black British, Black Welsh, Caribbean or African")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Other ethnic group")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Disability(models.TextChoices):
    # Labels name the group, not just the answer, because reports list them out of context.
    YES = "yes", _("Disabled or with a long-term health condition")
    NO = "no", _("Not disabled")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class FirstLanguage(models.TextChoices):
    ENGLISH = "english", _("English (or Welsh)")
    OTHER = "other", _("Another language")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Sex(models.TextChoices):
    """The Census 2021 question "What is your sex?" (its two answers) and the option not to say."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Religion(models.TextChoices):
    """The Census 2021 question "What is your religion?", with its answers in its order."""

    NONE = "none", _("No religion")
    CHRISTIAN = "christian", _("Christian")
    BUDDHIST = "buddhist", _("Buddhist")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class StrategyGroup(models.TextChoices):
    """The groups the PCC engagement strategy names as seldom heard."""

    YOUNG_PEOPLE = "young_people", _("Children and young people")
    NON_ENGLISH = "non_english", _("People whose first language is not English")
    TRAVELLING = "travelling", _("Gypsy, Roma or Traveller community")
    OLDER_PEOPLE = "older_people", _("Older people")


# dimension name -> (label, choices); "groups" is multi-valued.
DIMENSIONS: dict[str, tuple[str, type[models.TextChoices]]] = {
    "age_band": (_("Age"), AgeBand),
    "sex": (_("Sex"), Sex),
    "ethnicity": (_("Ethnic group"), Ethnicity),
    "disability": (_("Disability"), Disability),
    "first_language": (_("First language"), FirstLanguage),
    "religion": (_("Religion"), Religion),
    "groups": (_("Groups named in the PCC strategy"), StrategyGroup),
}


def population_key_choices() -> list[tuple[str, str]]:
    out = []
    for dimension, (label, choices) in DIMENSIONS.items():
        for value, value_label in choices.choices:
            if value != "prefer_not":
                out.append((f"{dimension}:{value}", f"{label}: {value_label}"))
    return out


class EqualityAnswers(models.Model):
    """The answers themselves, shared by a response and an answer waiting to become one."""

    age_band = models.CharField(_("age"), max_length=16, choices=AgeBand.choices, blank=True)
    ethnicity = models.CharField(
        _("ethnic group"), max_length=16, choices=Ethnicity.choices, blank=True
    )
    disability = models.CharField(
        _("disability"), max_length=16, choices=Disability.choices, blank=True
    )
    first_language = models.CharField(
        _("first language"), max_length=16, choices=FirstLanguage.choices, blank=True
    )
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, blank=True)
    religion = models.CharField(_("religion"), max_length=16, choices=Religion.choices, blank=True)
    # The strategy's groups as one flag each, so counts are plain database aggregates.
    group_young_people = models.BooleanField(StrategyGroup.YOUNG_PEOPLE.label, default=False)
    group_non_english = models.BooleanField(StrategyGroup.NON_ENGLISH.label, default=False)
    group_travelling = models.BooleanField(StrategyGroup.TRAVELLING.label, default=False)
    group_older_people = models.BooleanField(StrategyGroup.OLDER_PEOPLE.label, default=False)

    ANSWER_FIELDS = (
        "age_band",
        "ethnicity",
        "disability",
        "first_language",
        "sex",
        "religion",
        "group_young_people",
        "group_non_english",
        "group_travelling",
        "group_older_people",
    )

    class Meta:
        abstract = True


class EqualityResponse(EqualityAnswers):
    """One person's optional answers for one event. Deliberately no person, no registration and
    no exact time (only the date it was released), so a response cannot be matched to a booking.

    Responses are written only by ``equality_answers_release``, in shuffled batches and in a
    later transaction than the booking's "answered" flag: neither the row order, the id, nor
    PostgreSQL's transaction id (``xmin``) ties a response to the booking it came from."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="equality_responses")
    submitted_on = models.DateField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("equality monitoring response")
        verbose_name_plural = _("equality monitoring responses")
        # No ordering by id or time: the order rows were written must not hint at who wrote them.
        ordering = ["event", "age_band", "ethnicity"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.submitted_on}"


class EqualityAnswerWaiting(EqualityAnswers):
    """Answers sent but not yet released into the responses: written in a transaction of their
    own after the booking's flag, and deleted when a batch is released. No time, no booking."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("equality answer waiting to be counted")
        verbose_name_plural = _("equality answers waiting to be counted")

    def __str__(self) -> str:
        return f"{self.event_id} (waiting)"


class PopulationFigure(models.Model):
    """The share of an area's population in one group (Census 2021), entered by a coordinator."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="population_figures")
    key = models.CharField(_("group"), max_length=40, choices=population_key_choices())
    percent = models.DecimalField(
        _("share of the population (%)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["area", "key"]
        constraints = [
            models.UniqueConstraint(fields=["area", "key"], name="population_figure_once"),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0) & models.Q(percent__lte=100),
                name="population_figure_percent_range",
                violation_error_message=_("A percentage must be between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.key} {self.percent}%"
