from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class OutgoingEmail(TimeStampedModel):
    """One email to send once: the row for (recipient record, ``key``) is unique, so queueing the
    same email twice stores it once, and ``engagement.services.outbox.outgoing_email_send`` locks
    it while sending, so two workers cannot both send it. Apps subclass it with their recipient
    record and kinds (event messages, emails to bid groups, reminders), and name the task that
    sends one row; the beat sweeper uses that name to queue rows left waiting."""

    #: The pinned name of the Celery task that sends one row, given the row's id.
    send_task: ClassVar[str]

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to send")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (no email address)")

    key = models.CharField(max_length=80)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("reason it failed"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        abstract = True
