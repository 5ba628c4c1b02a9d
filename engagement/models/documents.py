from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


def document_upload_to(instance: "GeneratedDocument", filename: str) -> str:
    return f"documents/{instance.kind}/{instance.pk}/{filename}"


class GeneratedDocument(TimeStampedModel):
    """A PDF made from a template by WeasyPrint in a Celery task: host packs, code cards, grant
    letters and impact reports all use this one record.

    One row per (kind, subject, params key): asking again re-renders into the same row and
    replaces the file, so generation is idempotent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    params = models.JSONField(_("options"), default=dict, blank=True)
    params_key = models.CharField(max_length=64, editable=False)
    title = models.CharField(_("title"), max_length=250, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("reason it failed"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    rendered_at = models.DateTimeField(_("made at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "params_key"],
                name="document_unique_per_subject_and_params",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.kind} {self.object_id}"
