from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import HttpsURLField, TimeStampedModel


class ProgrammeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Programme.Status.ACTIVE)

    def visible_to_public(self):
        return self.exclude(status=Programme.Status.DRAFT)


def default_retention_days() -> int:
    """A new programme's retention: the ``DEFAULT_RETENTION_DAYS`` setting when it is made
    (a callable, so the setting is not frozen into a migration)."""
    return settings.DEFAULT_RETENTION_DAYS


class Programme(TimeStampedModel):
    """A place-based campaign, e.g. four Lincolnshire towns with a PCC seed pot each."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    funder_name = models.CharField(
        _("funder"),
        max_length=200,
        blank=True,
        help_text=_("Who funds the programme, e.g. the Police and Crime Commissioner."),
    )
    funder_logo = models.ImageField(
        _("funder's logo"),
        upload_to="programmes/logos/",
        blank=True,
        help_text=_("Shown on letters, voting cards and reports. PNG or JPEG."),
    )
    # PCC functions pass to mayors and council-leader boards from 2028, so what the funder's
    # office is called is the programme's choice, never a fixed word.
    funder_office_name = models.CharField(
        _("what the funder's office is called"),
        max_length=100,
        blank=True,
        help_text=_("For example “PCC office” or “Mayor's office”."),
    )
    funder_org_id = models.CharField(
        _("funder's 360Giving organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("For example GB-GOR-PC000123 (from org-id.guide)."),
    )
    results_second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second approver for results"),
        help_text=_(
            "Someone outside the coordinators (e.g. from the funder's office) who may approve "
            "results when the programme has only one coordinator."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("keep personal data for (days)"),
        default=default_retention_days,
        validators=[MinValueValidator(30)],
        help_text=_("Registrations and contact details are anonymised after this many days."),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="programme_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:programme_detail", kwargs={"slug": self.slug})

    @property
    def funder_office_label(self) -> str:
        return self.funder_office_name or str(_("Funder's office"))


class Area(TimeStampedModel):
    """A town, ward or neighbourhood within a programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="areas", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=80)
    local_authority = models.CharField(_("local authority"), max_length=200, blank=True)
    ward = models.CharField(_("ward"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    population = models.PositiveIntegerField(_("population (Census 2021)"), null=True, blank=True)
    ons_code = models.CharField(
        _("ONS code"),
        max_length=9,
        blank=True,
        help_text=_(
            "The Office for National Statistics code of the ward or local authority, e.g. "
            "E05010778. Published with the area's grants as open data."
        ),
    )
    postcode_prefixes = models.CharField(
        _("postcode districts"),
        max_length=200,
        blank=True,
        help_text=_(
            "Comma-separated postcode districts or sectors in the area, e.g. PE12 9, PE34."
        ),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="area_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "engagement:area_detail",
            kwargs={"programme_slug": self.programme.slug, "slug": self.slug},
        )

    def covers_postcode(self, postcode: str) -> bool:
        """True when the postcode starts with one of the area's districts (any case, spacing)."""
        compact = postcode.replace(" ", "").upper()
        prefixes = [p.replace(" ", "").upper() for p in self.postcode_prefixes.split(",")]
        return any(p and compact.startswith(p) for p in prefixes)


class PartnerType(models.TextChoices):
    COUNCIL = "council", _("Council")
    HOUSING = "housing", _("Housing association")
    CHARITY = "charity", _("Charity or voluntary group")
    SCHOOL = "school", _("School or college")
    BUSINESS = "business", _("Business")
    HEALTH = "health", _("Health")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class PartnerQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_at__isnull=True)

    def in_programme(self, programme):
        return self.filter(areas__programme=programme).distinct()


class Partner(TimeStampedModel):
    """An organisation working with the programme: council, housing association, charity...

    A partner that stops working with us is retired, not deleted: the register and the asset
    matches it was named in keep its name."""

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=16, choices=PartnerType.choices)
    website = HttpsURLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    areas = models.ManyToManyField(
        Area, related_name="partners", blank=True, verbose_name=_("areas")
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "type"], name="partner_unique_name_type"),
        ]

    def __str__(self) -> str:
        return self.name
