"""A community group as one record, reused on each bid it makes.

The "bids per group" limit counts bids of the same organisation, so typing a new name on a bid
renames the organisation rather than making a new one. Coordinators can merge two records that
are the same group; the duplicate points at the record kept, and its bids move there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.models import TimeStampedModel

from .rounds import GroupType


class OrganisationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(merged_into__isnull=True)


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, blank=True)
    group_type = models.CharField(
        _("type of group"), max_length=20, choices=GroupType.choices, blank=True
    )
    constituted = models.BooleanField(
        _("has a constitution or set of rules"), null=True, blank=True
    )
    charity_number = models.CharField(_("charity number"), max_length=20, blank=True)
    company_number = models.CharField(_("company number"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("created by"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or str(_("Unnamed group"))

    @property
    def registered_id(self) -> tuple[str, str]:
        """(scheme, number) of the first registered number it has, else ("", "")."""
        if self.charity_number.strip():
            return "charity", self.charity_number.strip()
        if self.company_number.strip():
            return "company", self.company_number.strip()
        return "", ""
