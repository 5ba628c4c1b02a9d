"""Emails to a bid's group when its status changes (changes requested, shortlisted, turned down,
funded, not funded) and when its funded project's progress update is overdue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.models.outbox import OutgoingEmail

from .bids import Bid


class BidEmail(OutgoingEmail):
    """One email to a bid's contact for one status change (``key``).

    The unique (bid, key) pair makes queueing idempotent: the same change never emails twice,
    even if the code that queues it runs twice. ``note`` keeps the coordinator's words (what to
    change, the reason) as they were when the status changed. The address is read from the bid
    when sending, so an erased contact is never emailed. A funded project's overdue progress
    update is chased the same way (``update_due``, with the date it was due).
    """

    send_task = "budgeting.tasks.bid_email_send_task"

    class Kind(models.TextChoices):
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        REJECTED = "rejected", _("Not accepted")
        FUNDED = "funded", _("Funded")
        NOT_FUNDED = "not_funded", _("Not funded")
        FUNDED_BY_VOTE = "funded_by_vote", _("Funded by the count of the votes")
        FUNDED_AFTER_CHANGE = "funded_after_change", _("Funded after a change to the count")
        NOT_FUNDED_AFTER_CHANGE = (
            "not_funded_after_change",
            _("Not funded after a change to the count"),
        )
        UPDATE_DUE = "update_due", _("Progress update due")
        RECEIVED = "received", _("Bid received")
        DRAFT_REMINDER = "draft_reminder", _("Draft not sent yet")

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    note = models.TextField(_("what the coordinator wrote"), blank=True)
    due_on = models.DateField(_("progress update due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("email to a group")
        verbose_name_plural = _("emails to groups")
        ordering = ["bid", "created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "key"], name="bid_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.bid_id}"
