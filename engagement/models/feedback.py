"""“You said, we did”: issues and ideas raised by the community and what was done about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .events import Event
from .places import Area


class YouSaidWeDidQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class YouSaidWeDid(TimeStampedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Heard")
        IN_PROGRESS = "in_progress", _("Being worked on")
        DONE = "done", _("Done")
        NOT_POSSIBLE = "not_possible", _("Not possible (we explain why)")

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="you_said_we_did", verbose_name=_("area")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="you_said_we_did",
        verbose_name=_("raised at"),
    )
    you_said = models.TextField(_("you said"))
    we_did = models.TextField(_("we did"), blank=True)
    owner = models.CharField(
        _("who is responsible"),
        max_length=200,
        help_text=_("A team or organisation, not a person."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    action_date = models.DateField(_("date of action"), null=True, blank=True)
    is_public = models.BooleanField(_("show on the public page"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = YouSaidWeDidQuerySet.as_manager()

    class Meta:
        verbose_name = _("you said, we did")
        verbose_name_plural = _("you said, we did")
        ordering = ["-action_date", "-created"]

    def __str__(self) -> str:
        return self.you_said[:60]
