"""Counted ballots and paper ballots keyed twice.

A :class:`Ballot` never points at a person, a registration, a session or a code row; it has a
random UUID key and no timestamps (see :mod:`voting.models.votes`)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagement.models import TimeStampedModel

from .votes import PBVote


class PaperBallot(TimeStampedModel):
    """A paper ballot from the box, numbered by hand as it is taken out. It counts only when two
    different volunteers key the same marks; a disagreement waits for a supervisor."""

    class State(models.TextChoices):
        AWAITING_SECOND = "awaiting", _("Waiting for a second keying")
        COUNTED = "counted", _("Counted")
        DISPUTED = "disputed", _("Entries disagree: for a supervisor")
        SPOILT = "spoilt", _("Spoilt")

    vote = models.ForeignKey(PBVote, on_delete=models.PROTECT, related_name="paper_ballots")
    number = models.PositiveIntegerField(_("paper ballot number"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.AWAITING_SECOND)
    spoilt_reason = models.CharField(_("why it is spoilt"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The voting card handed in with the paper, as the *ballot* digest of its code (the one a
    # phone ballot keeps, never the register's): a card votes once, on paper or on a phone.
    # NULL until a keying names a card, and for spoilt papers, which claim none.
    card_digest = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    card_hint = models.CharField(_("card ending"), max_length=8, blank=True, editable=False)

    class Meta:
        db_table = "budgeting_paperballot"
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        ordering = ["vote", "number"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "number"], name="paperballot_unique_number"),
            models.UniqueConstraint(
                fields=["vote", "card_digest"],
                condition=Q(card_digest__isnull=False),
                name="paperballot_one_per_card",
                violation_error_message=_("That card is already on another paper ballot."),
            ),
            models.CheckConstraint(
                condition=~Q(state="spoilt") | ~Q(spoilt_reason=""),
                name="paperballot_spoilt_has_reason",
                violation_error_message=_("Say why the paper ballot is spoilt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote} #{self.number}"

    @property
    def scope_object(self):
        return self.vote.area


class PaperEntry(TimeStampedModel):
    """One volunteer's keying of one paper ballot (or a supervisor's decision)."""

    paper = models.ForeignKey(PaperBallot, on_delete=models.CASCADE, related_name="entries")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    choices = models.TextField(blank=True)
    points = models.TextField(blank=True)
    spoilt = models.BooleanField(default=False)
    spoilt_reason = models.CharField(max_length=300, blank=True)
    supervisor = models.BooleanField(default=False)
    # What this keying read as the card (see ``PaperBallot.card_digest``); the last symbols of
    # the code let a supervisor compare two keyings with the paper in hand. A card on a counted
    # paper ballot can never vote again, so those few symbols give nothing away.
    card_digest = models.CharField(max_length=64, blank=True)
    card_hint = models.CharField(max_length=8, blank=True)

    class Meta:
        db_table = "budgeting_paperentry"
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        ordering = ["paper", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "entered_by"],
                condition=Q(supervisor=False),
                name="paperentry_one_per_volunteer",
            ),
        ]

    def same_marks(self, other: PaperEntry) -> bool:
        if self.spoilt or other.spoilt:
            return self.spoilt and other.spoilt
        return (self.choices, self.points, self.card_digest) == (
            other.choices,
            other.points,
            other.card_digest,
        )


class Ballot(models.Model):
    """One counted ballot. ``choices`` lists option positions (ranked best first for ordinal
    ballots), ``points`` the matching points for score and cumulative ballots."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Phone or computer")
        PAPER = "paper", _("Paper")
        IMPORTED = "imported", _("Imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(PBVote, on_delete=models.PROTECT, related_name="ballots")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ONLINE)
    choices = models.TextField(blank=True)
    points = models.TextField(blank=True)
    # NULL, not "", for paper and imported ballots: the unique constraint must ignore them.
    code_digest = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    idempotency_key = models.UUIDField(null=True, blank=True)
    receipt_digest = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    paper = models.OneToOneField(
        PaperBallot, on_delete=models.PROTECT, null=True, blank=True, related_name="ballot"
    )

    class Meta:
        db_table = "budgeting_ballot"
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # The rule the whole feature rests on: one ballot per code, whatever the app does.
            models.UniqueConstraint(
                fields=["vote", "code_digest"],
                condition=Q(code_digest__isnull=False),
                name="ballot_one_per_code",
            ),
            models.CheckConstraint(
                condition=~Q(source="online")
                | (Q(code_digest__isnull=False) & Q(receipt_digest__isnull=False)),
                name="ballot_online_has_code_and_receipt",
                violation_error_message=_(
                    "A ballot cast on a phone needs its code and its receipt."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source="paper") | Q(paper__isnull=False),
                name="ballot_paper_has_paper",
                violation_error_message=_("A paper ballot must be linked to its paper."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)
