"""Review of bids: due diligence and declared conflicts of interest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagement.models import TimeStampedModel

from .bids import Bid


class DueDiligence(TimeStampedModel):
    """The coordinator's checks on a bid's group before it can be shortlisted."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="due_diligence")
    group_exists = models.BooleanField(_("the group exists and is active"), default=False)
    bank_account = models.BooleanField(_("the group has a bank account in its name"), default=False)
    safeguarding_policy = models.BooleanField(
        _("the safeguarding policy has been seen (or is not needed)"), default=False
    )
    notes = models.TextField(_("notes"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        verbose_name = _("due diligence")
        verbose_name_plural = _("due diligence")

    def __str__(self) -> str:
        return f"{self.bid}"

    @property
    def complete(self) -> bool:
        return self.group_exists and self.bank_account and self.safeguarding_policy


class ConflictDeclaration(TimeStampedModel):
    """A declared conflict of interest with one bid.

    ``REVIEWER``: a staff member (``reviewer``) must not review or decide on the bid.
    ``VOTER_GROUP``: people voting as ``voter_group`` (e.g. the applicant group itself, or a
    group that shares members with it) must not score the bid at the event. The voting app reads
    these with ``budgeting.selectors.voter_group_conflicts``.
    """

    class Kind(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        VOTER_GROUP = "voter_group", _("Voter group")

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bid_conflicts",
        verbose_name=_("reviewer"),
    )
    voter_group = models.CharField(_("voter group"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["bid", "created"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="reviewer") & Q(reviewer__isnull=False) & Q(voter_group=""))
                | (Q(kind="voter_group") & Q(reviewer__isnull=True) & ~Q(voter_group="")),
                name="conflict_reviewer_or_group",
                violation_error_message=_(
                    "Say whether the conflict of interest is yours or a voter group's, "
                    "and name only that one."
                ),
            ),
            models.UniqueConstraint(
                fields=["bid", "reviewer"],
                condition=Q(kind="reviewer"),
                name="conflict_unique_reviewer",
            ),
            models.UniqueConstraint(
                fields=["bid", "voter_group"],
                condition=Q(kind="voter_group"),
                name="conflict_unique_voter_group",
            ),
        ]

    def __str__(self) -> str:
        who = self.reviewer if self.kind == self.Kind.REVIEWER else self.voter_group
        return f"{who} – {self.bid}"


class BallotDraw(TimeStampedModel):
    """One draw of a round's ballot order: its seed, who drew it, when and, for every draw
    after the first, why. All draws are listed on the public shortlist page, so a coordinator
    cannot quietly redraw until a favoured bid comes first."""

    round = models.ForeignKey(
        "budgeting.BidRound", on_delete=models.CASCADE, related_name="ballot_draws"
    )
    seed = models.CharField(_("draw number (seed)"), max_length=64)
    order = models.JSONField(_("bids in ballot order"), default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    reason = models.TextField(_("why it was drawn again"), blank=True)
    number = models.PositiveSmallIntegerField(_("draw"))

    class Meta:
        verbose_name = _("ballot order draw")
        verbose_name_plural = _("ballot order draws")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                name="ballot_draw_unique_number",
                violation_error_message=_(
                    "The ballot order was drawn at the same moment: reload the page and try again."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="ballot_draw_again_has_reason",
                violation_error_message=_("Say why the ballot order is drawn again."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.number}"
