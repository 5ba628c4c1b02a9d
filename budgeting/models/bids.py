"""Bids from community groups, their cost lines, files and the conversation with coordinators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engagement.models import TimeStampedModel

from .pots import Category
from .rounds import BidRound, GroupType, Priority


class BidStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FUNDED = "funded", _("Funded")
    NOT_FUNDED = "not_funded", _("Not funded")


#: Statuses in which the group may edit its bid.
EDITABLE_STATUSES = (BidStatus.DRAFT, BidStatus.CHANGES_REQUESTED)
#: Statuses that count towards "bids per group" (a withdrawn or rejected bid frees the place).
LIVE_STATUSES = (
    BidStatus.SUBMITTED,
    BidStatus.CHANGES_REQUESTED,
    BidStatus.SHORTLISTED,
    BidStatus.FUNDED,
)


class DBSChecks(models.TextChoices):
    ALL = "all", _("Everyone who works with them has a DBS check")
    SOME = "some", _("Some people have a DBS check")
    NONE = "none", _("Nobody has a DBS check yet")
    NOT_NEEDED = "not_needed", _("Not needed: no work with children or adults at risk")


class BidQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status__in=[BidStatus.DRAFT, BidStatus.WITHDRAWN])

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def shortlisted(self):
        return self.filter(
            status__in=[BidStatus.SHORTLISTED, BidStatus.FUNDED, BidStatus.NOT_FUNDED]
        )


class Bid(TimeStampedModel):
    """A bid for money from a round. Text fields hold plain text (HTML is refused on input and
    everything is escaped on output)."""

    round = models.ForeignKey(
        BidRound, on_delete=models.PROTECT, related_name="bids", verbose_name=_("round")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bids",
        verbose_name=_("applicant"),
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=BidStatus.choices, default=BidStatus.DRAFT
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bids",
        verbose_name=_("category"),
    )

    # Step 1: the group. The answers are kept on the bid as sent; ``organisation`` is the group's
    # one record, which the limits count and the next bid starts from.
    organisation = models.ForeignKey(
        "budgeting.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bids",
        verbose_name=_("organisation"),
    )
    group_name = models.CharField(_("group name"), max_length=200, blank=True)
    group_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    group_type = models.CharField(
        _("type of group"), max_length=20, choices=GroupType.choices, blank=True
    )
    group_constituted = models.BooleanField(
        _("the group has a constitution or set of rules"), null=True, blank=True
    )
    charity_number = models.CharField(_("charity number"), max_length=20, blank=True)
    company_number = models.CharField(_("company number"), max_length=20, blank=True)
    group_address = models.TextField(_("group's address"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    # Step 2: the idea
    title = models.CharField(_("title"), max_length=120, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("what it will do"), blank=True)
    beneficiaries = models.TextField(_("who benefits"), blank=True)
    beneficiaries_count = models.PositiveIntegerField(
        _("how many people will benefit"), null=True, blank=True
    )
    location = models.CharField(_("where"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)

    # Step 3: money
    amount_requested_pence = models.PositiveBigIntegerField(
        _("amount requested (pence)"), null=True, blank=True
    )
    match_funding_pence = models.PositiveBigIntegerField(
        _("match funding (pence)"), default=0, blank=True
    )
    in_kind_support = models.TextField(_("in-kind support"), blank=True)

    # Step 4: priorities and safeguarding
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="bids", verbose_name=_("priorities addressed")
    )
    works_with_children = models.BooleanField(_("works with children"), null=True, blank=True)
    works_with_adults_at_risk = models.BooleanField(
        _("works with adults at risk"), null=True, blank=True
    )
    dbs_checks = models.CharField(
        _("DBS checks"), max_length=16, choices=DBSChecks.choices, blank=True
    )
    has_safeguarding_policy = models.BooleanField(
        _("the group has a safeguarding policy"), null=True, blank=True
    )

    last_step = models.PositiveSmallIntegerField(default=0, editable=False)
    # A fingerprint of the answers when changes were asked for: sending again needs a change.
    answers_when_changes_asked = models.CharField(max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason given to the group"), blank=True)
    ballot_position = models.PositiveSmallIntegerField(
        _("place on the ballot"), null=True, blank=True, editable=False
    )
    # Set when a PB vote puts the bid on its ballot (``bids_freeze_for_vote``): from then on the
    # group cannot withdraw it nor the coordinators turn it down, so the vote's result can
    # always be turned into awards. Budgeting checks this field and never asks voting.
    frozen_for_vote_at = models.DateTimeField(
        _("on a vote's ballot since"), null=True, blank=True, editable=False
    )

    objects = BidQuerySet.as_manager()

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["round", "number", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                condition=Q(number__isnull=False),
                name="bid_unique_number_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "ballot_position"],
                condition=Q(ballot_position__isnull=False),
                name="bid_unique_ballot_position",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested_pence__isnull=True) | Q(amount_requested_pence__gt=0),
                name="bid_amount_positive",
                violation_error_message=_("Enter an amount greater than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(status="draft") | Q(submitted_at__isnull=True),
                name="bid_draft_not_submitted",
                violation_error_message=_(
                    "A bid that has been sent cannot go back to being a draft."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Untitled bid"))

    def get_absolute_url(self) -> str:
        return reverse("budgeting:bid_detail", kwargs={"pk": self.pk})

    @property
    def scope_object(self):
        """Rules find the area through the round (engagement.roles.scope_of)."""
        return self.round.area

    @property
    def reference(self) -> str:
        if self.number is None:
            return str(_("Draft"))
        return f"{self.round.slug.upper()[:12]}-{self.number:03d}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def cost_total_pence(self) -> int:
        return sum(line.amount_pence for line in self.cost_lines.all())


class CostLine(models.Model):
    """One line of a bid's cost breakdown."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="cost_lines")
    item = models.CharField(_("item"), max_length=200)
    amount_pence = models.PositiveBigIntegerField(_("cost (pence)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["bid", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0),
                name="cost_line_positive",
                violation_error_message=_("Each cost must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.item


def attachment_upload_to(instance: BidAttachment, filename: str) -> str:
    return f"bids/{instance.bid_id}/{filename}"


class BidAttachment(TimeStampedModel):
    """A photo (re-encoded, metadata stripped) or a PDF document attached to a bid."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("file name"), max_length=200)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(
        _("description"),
        max_length=200,
        help_text=_("What the photo shows or what the document is, for people who cannot see it."),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["bid", "created"]

    def __str__(self) -> str:
        return self.original_name


class BidMessage(TimeStampedModel):
    """A message between coordinators and the group, or a note the group never sees."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        CHANGES_REQUESTED = "changes", _("Changes requested")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        REJECTED = "rejected", _("Not accepted")
        NOTE = "note", _("Internal note")

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    from_group = models.BooleanField(_("from the group"), default=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MESSAGE)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("bid message")
        verbose_name_plural = _("bid messages")
        ordering = ["bid", "created", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:40]}"

    @property
    def visible_to_group(self) -> bool:
        return self.kind != self.Kind.NOTE
