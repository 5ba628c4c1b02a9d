"""Invitations to hold a role: emailed with a link, the role starts when the person accepts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .outbox import OutgoingEmail
from .places import Area, Partner, Programme
from .roles import Role

#: How long an invitation link works: long enough for a volunteer who reads email weekly.
INVITATION_LIFETIME = dt.timedelta(days=14)


def invitation_expiry() -> dt.datetime:
    return timezone.now() + INVITATION_LIFETIME


class RoleInvitationQuerySet(models.QuerySet):
    def pending(self, *, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now)


class RoleInvitation(TimeStampedModel):
    """A role offered to an email address, within a programme or one area of it."""

    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("programme")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("area"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("partner organisation"),
    )
    language = models.CharField(
        _("language of the email"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RoleInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("role invitation")
        verbose_name_plural = _("role invitations")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="partner") | Q(partner__isnull=False),
                name="invitation_partner_needs_organisation",
                violation_error_message=_("Choose the partner organisation for a partner role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}"

    @property
    def scope(self):
        return self.area or self.programme

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())


class RoleInvitationEmail(OutgoingEmail):
    """The email carrying an invitation's link, sent through the outbox like every other."""

    send_task = "engagement.event_tasks.role_invitation_email_send_task"

    invitation = models.ForeignKey(RoleInvitation, on_delete=models.CASCADE, related_name="emails")

    class Meta:
        verbose_name = _("invitation email")
        verbose_name_plural = _("invitation emails")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "key"], name="invitation_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} {self.key}"
