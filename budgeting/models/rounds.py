"""Bid rounds: when things happen (phases as data), the eligibility rules and the priorities."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import Area, TimeStampedModel

from .pots import FundingPot


class Phase(models.TextChoices):
    """Where a round is at a given moment, derived from its dates (never stored)."""

    DRAFT = "draft", _("Not yet published")
    UPCOMING = "upcoming", _("Opening soon")
    SUBMISSION = "submission", _("Open for bids")
    REVIEW = "review", _("Bids being checked")
    SHORTLISTING = "shortlisting", _("Shortlist being drawn up")
    AWAITING_VOTE = "awaiting_vote", _("Shortlist published, vote coming")
    VOTING = "voting", _("Voting")
    COUNTING = "counting", _("Counting the votes")
    RESULTS = "results", _("Results published")


PHASE_ORDER = list(Phase.values)


class GroupType(models.TextChoices):
    COMMUNITY_GROUP = "community", _("Community or voluntary group")
    CHARITY = "charity", _("Registered charity")
    CIO_CIC = "social_enterprise", _("Community interest company or social enterprise")
    TENANTS = "tenants", _("Tenants' and residents' association")
    SCHOOL = "school", _("School, PTA or youth club")
    FAITH = "faith", _("Faith group")
    SPORTS = "sports", _("Sports club")
    INDIVIDUALS = "individuals", _("Residents without a group")
    OTHER = "other", _("Other")


class LeftoverRule(models.TextChoices):
    RETURN_TO_POT = "return", _("Money left in a category goes back to the whole pot")
    NEXT_CATEGORY = "next", _("Money left in a category moves to the next category in order")
    SHARE_EVENLY = "share", _("Money left in a category is shared evenly among the others")


class BidRoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def open_for_bids(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.published().filter(submission_opens__lte=now, submission_closes__gt=now)


class BidRound(TimeStampedModel):
    """One round of participatory budgeting in an area, funded from one pot.

    The dates split time into phases (see :meth:`phase_at`); rules and services ask the phase
    rather than a status field, so a round moves on by itself when a date passes.
    """

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="bid_rounds", verbose_name=_("area")
    )
    pot = models.ForeignKey(
        FundingPot, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("funding pot")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Unpublished rounds are seen only by staff.")
    )
    intro = models.TextField(_("introduction"), blank=True)

    submission_opens = models.DateTimeField(_("bids open"))
    submission_closes = models.DateTimeField(_("bids close"))
    review_closes = models.DateTimeField(_("checking ends"))
    shortlist_closes = models.DateTimeField(_("shortlist published"))
    voting_opens = models.DateTimeField(_("voting opens"))
    voting_closes = models.DateTimeField(_("voting closes"))
    results_at = models.DateTimeField(_("results published"))

    max_amount_pence = models.PositiveBigIntegerField(_("most a bid may ask for (pence)"))
    min_amount_pence = models.PositiveBigIntegerField(
        _("least a bid may ask for (pence)"), default=100
    )
    eligible_group_types = models.JSONField(
        _("groups that may bid"),
        default=list,
        blank=True,
        help_text=_("Leave empty to let every kind of group bid."),
    )
    require_postcode_in_area = models.BooleanField(
        _("the project must take place in the area"), default=True
    )
    max_bids_per_group = models.PositiveSmallIntegerField(
        _("most bids per group"),
        null=True,
        blank=True,
        default=1,
        help_text=_("Leave empty for no limit."),
    )
    require_constituted = models.BooleanField(_("only constituted groups may bid"), default=False)
    leftover_rule = models.CharField(
        _("money left in a category"),
        max_length=16,
        choices=LeftoverRule.choices,
        default=LeftoverRule.RETURN_TO_POT,
    )
    leftovers_moved_at = models.DateTimeField(null=True, blank=True, editable=False)
    ballot_seed = models.CharField(_("ballot order seed"), max_length=64, blank=True)
    ballot_ordered_at = models.DateTimeField(_("ballot order drawn at"), null=True, blank=True)

    objects = BidRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("bid round")
        verbose_name_plural = _("bid rounds")
        ordering = ["-submission_opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_closes__gt=F("submission_opens"))
                & Q(review_closes__gte=F("submission_closes"))
                & Q(shortlist_closes__gte=F("review_closes"))
                & Q(voting_opens__gte=F("shortlist_closes"))
                & Q(voting_closes__gt=F("voting_opens"))
                & Q(results_at__gte=F("voting_closes")),
                name="round_dates_in_order",
                violation_error_message=_(
                    "The dates must come in order: bids open, bids close, checking ends, "
                    "shortlist published, voting opens, voting closes, results published."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_amount_pence__gte=F("min_amount_pence")),
                name="round_max_amount_at_least_min",
                violation_error_message=_(
                    "The most a bid may ask for cannot be less than the least."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("budgeting:round_detail", kwargs={"slug": self.slug})

    def phase_at(self, now: dt.datetime | None = None) -> Phase:
        """The phase at ``now``: each date is the start of the next phase."""
        now = now or timezone.now()
        if not self.published:
            return Phase.DRAFT
        boundaries = [
            (self.results_at, Phase.RESULTS),
            (self.voting_closes, Phase.COUNTING),
            (self.voting_opens, Phase.VOTING),
            (self.shortlist_closes, Phase.AWAITING_VOTE),
            (self.review_closes, Phase.SHORTLISTING),
            (self.submission_closes, Phase.REVIEW),
            (self.submission_opens, Phase.SUBMISSION),
        ]
        for start, phase in boundaries:
            if now >= start:
                return phase
        return Phase.UPCOMING

    @property
    def phase(self) -> Phase:
        return self.phase_at()

    def phase_is(self, *phases: str, now: dt.datetime | None = None) -> bool:
        return self.phase_at(now) in phases

    def timeline(self) -> list[tuple[str, dt.datetime]]:
        return [
            (_("Bids open"), self.submission_opens),
            (_("Bids close"), self.submission_closes),
            (_("Checking ends"), self.review_closes),
            (_("Shortlist published"), self.shortlist_closes),
            (_("Voting opens"), self.voting_opens),
            (_("Voting closes"), self.voting_closes),
            (_("Results published"), self.results_at),
        ]

    @property
    def localised_intro(self) -> str:
        # modeltranslation: the active language's text, else the English.
        return self.intro

    def eligible_group_type_labels(self) -> list[str]:
        return [str(GroupType(v).label) for v in self.eligible_group_types if v in GroupType.values]


class Priority(TimeStampedModel):
    """Something a bid should help with, typed in by the coordinator or taken from a café
    harvest's themes (``source`` says where it came from)."""

    round = models.ForeignKey(
        BidRound, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("round")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("where it came from"),
        max_length=200,
        blank=True,
        help_text=_("e.g. a World Café theme; empty when typed in."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # A priority a World Café theme gave: the round's pages link back to the café and the notes.
    cafe_theme = models.ForeignKey(
        "cafes.CafeTheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bid_priorities",
        verbose_name=_("café theme"),
    )

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["round", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["round", "title"], name="priority_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title
