"""Money: a funding pot per area, its contributions, optional category pots and awards.

All amounts are integer pence. The pot keeps running totals (pledged, received, awarded, paid)
that the services update in the same transaction as the rows they summarise, under a row lock on
the pot; CheckConstraints on those totals are the database's last guard that a pot can never be
overspent, even by code that forgets the lock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from engagement.models import Area, TimeStampedModel


class FundingPot(TimeStampedModel):
    """The money available to fund bids in one area, e.g. the Skegness community pot."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="funding_pots", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    target_pence = models.PositiveBigIntegerField(
        _("fundraising target (pence)"), default=0, help_text=_("How much the area hopes to raise.")
    )
    # Running totals, maintained only by budgeting.services.pots under a lock on this row.
    pledged_pence = models.BigIntegerField(_("pledged (pence)"), default=0, editable=False)
    received_pence = models.BigIntegerField(_("received (pence)"), default=0, editable=False)
    awarded_pence = models.BigIntegerField(_("awarded (pence)"), default=0, editable=False)
    paid_pence = models.BigIntegerField(_("paid out (pence)"), default=0, editable=False)

    class Meta:
        verbose_name = _("funding pot")
        verbose_name_plural = _("funding pots")
        ordering = ["area", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="pot_unique_name_per_area"),
            models.CheckConstraint(
                condition=Q(pledged_pence__gte=0)
                & Q(received_pence__gte=0)
                & Q(awarded_pence__gte=0)
                & Q(paid_pence__gte=0),
                name="pot_totals_not_negative",
                violation_error_message=_("The money in a pot cannot be less than zero."),
            ),
            models.CheckConstraint(
                condition=Q(received_pence__lte=F("pledged_pence")),
                name="pot_received_within_pledged",
                violation_error_message=_(
                    "A pot cannot have received more money than was pledged to it."
                ),
            ),
            # The rule that matters most: never award more than has been promised to the pot.
            models.CheckConstraint(
                condition=Q(awarded_pence__lte=F("pledged_pence")),
                name="pot_never_overspent",
                violation_error_message=_(
                    "The pot cannot award more money than has been pledged to it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(paid_pence__lte=F("awarded_pence"))
                & Q(paid_pence__lte=F("received_pence")),
                name="pot_paid_within_awarded_and_received",
                violation_error_message=_(
                    "The pot cannot pay out more than it has awarded or received."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def left_to_award_pence(self) -> int:
        return self.pledged_pence - self.awarded_pence

    @property
    def left_to_raise_pence(self) -> int:
        return max(self.target_pence - self.pledged_pence, 0)

    @property
    def awaiting_receipt_pence(self) -> int:
        return self.pledged_pence - self.received_pence


class ContributionSource(models.TextChoices):
    PCC = "pcc", _("Police and Crime Commissioner")
    COUNCIL = "council", _("Council")
    HOUSING = "housing", _("Housing association")
    BUSINESS = "business", _("Local business")
    OTHER = "other", _("Other")


class Contribution(TimeStampedModel):
    """Money promised (pledged) to a pot by one funder, and how much of it has arrived."""

    pot = models.ForeignKey(
        FundingPot, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("pot")
    )
    source = models.CharField(_("source"), max_length=16, choices=ContributionSource.choices)
    funder_name = models.CharField(_("funder"), max_length=200)
    pledged_pence = models.PositiveBigIntegerField(_("pledged (pence)"))
    received_pence = models.PositiveBigIntegerField(_("received (pence)"), default=0)
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["pot", "-pledged_pence", "funder_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_pence__lte=F("pledged_pence")),
                name="contribution_received_within_pledged",
                violation_error_message=_(
                    "The amount received cannot be more than the amount pledged."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.funder_name


class Category(TimeStampedModel):
    """An optional ring-fenced part of a round's money, e.g. "young people" or "safer streets".

    ``transfer_in_pence``/``transfer_out_pence`` record money moved by the round's leftover rule;
    what a category can award is budget + in - out.
    """

    round = models.ForeignKey(
        "budgeting.BidRound",
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("round"),
    )
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    budget_pence = models.PositiveBigIntegerField(_("budget (pence)"))
    transfer_in_pence = models.BigIntegerField(default=0, editable=False)
    transfer_out_pence = models.BigIntegerField(default=0, editable=False)
    awarded_pence = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("category pot")
        verbose_name_plural = _("category pots")
        ordering = ["round", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="category_unique_name"),
            models.CheckConstraint(
                condition=Q(transfer_in_pence__gte=0)
                & Q(transfer_out_pence__gte=0)
                & Q(awarded_pence__gte=0),
                name="category_totals_not_negative",
                violation_error_message=_("The money in a category pot cannot be less than zero."),
            ),
            models.CheckConstraint(
                condition=Q(
                    awarded_pence__lte=F("budget_pence")
                    + F("transfer_in_pence")
                    - F("transfer_out_pence")
                ),
                name="category_never_overspent",
                violation_error_message=_(
                    "The category pot cannot award more money than it holds."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def available_pence(self) -> int:
        return self.budget_pence + self.transfer_in_pence - self.transfer_out_pence

    @property
    def left_pence(self) -> int:
        return self.available_pence - self.awarded_pence


class AwardQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Award(TimeStampedModel):
    """Money from a pot given to one bid. Revoking keeps the row (the audit trail) and frees the
    money; at most one active award per bid."""

    pot = models.ForeignKey(
        FundingPot, on_delete=models.PROTECT, related_name="awards", verbose_name=_("pot")
    )
    bid = models.ForeignKey(
        "budgeting.Bid", on_delete=models.PROTECT, related_name="awards", verbose_name=_("bid")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("category"),
    )
    amount_pence = models.PositiveBigIntegerField(_("amount (pence)"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("awarded by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0),
                name="award_amount_positive",
                violation_error_message=_("Enter an amount greater than zero."),
            ),
            models.UniqueConstraint(
                fields=["bid"],
                condition=Q(revoked_at__isnull=True),
                name="award_one_active_per_bid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bid} – {self.amount_pence}p"
