"""The postcode directory table. Imported by ``assets.models`` so Django registers it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PostcodeQuerySet(models.QuerySet):
    def live(self):
        return self.filter(terminated_on__isnull=True)


class Postcode(models.Model):
    """One UK postcode and its point (WGS84), as the last ``load_postcodes`` run read it.

    ``postcode`` is normalised ("PE25 3AB") and is the key, so a lookup is one index probe and a
    re-run updates rows in place. ``sector`` ("PE25 3") and ``district`` ("PE25") are indexed
    for the centre of a partial postcode and for placing individuals' offers coarsely.
    """

    class Source(models.TextChoices):
        ONSPD = "onspd", _("ONS Postcode Directory")
        CODEPOINT = "codepoint", _("OS Code-Point Open")

    postcode = models.CharField(_("postcode"), max_length=8, primary_key=True)
    sector = models.CharField(_("postcode sector"), max_length=6, db_index=True)
    district = models.CharField(_("postcode district"), max_length=4, db_index=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    terminated_on = models.DateField(
        _("no longer in use since"),
        null=True,
        blank=True,
        help_text=_("The month Royal Mail stopped using it; empty while it is in use."),
    )
    source = models.CharField(_("loaded from"), max_length=16, choices=Source.choices)
    loaded_at = models.DateTimeField(_("loaded at"))

    objects = PostcodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["postcode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="asset_postcode_point_valid",
                violation_error_message=_(
                    "A postcode's latitude must be between -90 and 90 and its longitude "
                    "between -180 and 180."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.postcode
