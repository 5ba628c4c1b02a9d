"""Code cards: print runs and the codes on them, known only by their digests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagement.models import GeneratedDocument, TimeStampedModel

from .votes import PBVote


class CodeBatch(TimeStampedModel):
    """A print run of code cards. The plaintext codes exist only inside the PDF, which is made
    once (see ``services.voting_codes``) and should be deleted once printed."""

    vote = models.ForeignKey(PBVote, on_delete=models.CASCADE, related_name="code_batches")
    size = models.PositiveIntegerField(_("number of cards"))
    generated_at = models.DateTimeField(_("codes made"), null=True, blank=True)
    generations = models.PositiveSmallIntegerField(default=0, editable=False)
    printed_at = models.DateTimeField(_("printed and PDF deleted"), null=True, blank=True)
    document = models.ForeignKey(
        GeneratedDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "budgeting_codebatch"
        verbose_name = _("batch of code cards")
        verbose_name_plural = _("batches of code cards")
        ordering = ["vote", "created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=1) & Q(size__lte=5000),
                name="codebatch_size_range",
                violation_error_message=_("Make between 1 and 5,000 cards at a time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote} – {self.size}"

    @property
    def scope_object(self):
        return self.vote.area


class VotingCode(models.Model):
    """One printed code, known only by its digest. Its state is the register: printed, handed out
    (with the eligibility declared at check-in) or void. Whether it has been *used* is known
    only to someone holding the code (see the module docstring)."""

    class State(models.TextChoices):
        PRINTED = "printed", _("Printed")
        ISSUED = "issued", _("Handed out")
        VOID = "void", _("Void")

    vote = models.ForeignKey(PBVote, on_delete=models.CASCADE, related_name="codes")
    batch = models.ForeignKey(
        CodeBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PRINTED)
    eligibility_declared = models.BooleanField(default=False)
    voter_group = models.CharField(
        _("votes as a member of"),
        max_length=200,
        blank=True,
        help_text=_("A group with a bid on the ballot: its members may not score that bid."),
    )

    class Meta:
        db_table = "budgeting_votingcode"
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")
        indexes = [models.Index(fields=["vote", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="issued") | Q(eligibility_declared=True),
                name="votingcode_issued_only_when_eligible",
                violation_error_message=_(
                    "A card can be handed out only once the person has declared they may vote."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.digest[:8]}"
