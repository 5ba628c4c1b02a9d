from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..phones import uk_phone_display
from .base import TimeStampedModel
from .places import Area, Partner, Programme


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    TABLE_HOST = "table_host", _("Table host")
    VOLUNTEER = "volunteer", _("Volunteer")
    PARTNER = "partner", _("Partner")
    PCC_OFFICE = "pcc_office", _("Funder's office")


class RoleAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def covering_programme(self, programme):
        """Assignments that reach into a programme: programme-wide or for one of its areas."""
        return self.filter(Q(programme=programme) | Q(area__programme=programme))

    def covering_area(self, area):
        """Assignments that reach an area: for the area itself or for its whole programme."""
        return self.filter(Q(area=area) | Q(programme_id=area.programme_id, area__isnull=True))


class RoleAssignment(TimeStampedModel):
    """A role held by a user within a programme or one area of it.

    Every signed-up user is a resident without an assignment. Staff roles are always scoped: a
    coordinator of Skegness cannot manage Sleaford. A programme-wide assignment has ``area`` empty.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("programme"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("area"),
        help_text=_("Leave empty for the whole programme."),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("partner organisation"),
    )

    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role", "programme", "area"],
                condition=Q(area__isnull=False),
                name="role_unique_per_area",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "programme"],
                condition=Q(area__isnull=True),
                name="role_unique_per_programme",
            ),
            models.CheckConstraint(
                condition=~Q(role="partner") | Q(partner__isnull=False),
                name="role_partner_needs_organisation",
                violation_error_message=_("A partner role needs the partner organisation."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.area or self.programme
        return f"{self.user} – {self.get_role_display()} – {scope}"


class HostProfile(TimeStampedModel):
    """What coordinators keep about a table host, whichever café they host at: when they were
    trained and how they like to be reached. One per person, so it follows them from café to
    café; coordinators whose area the person hosts in may edit it."""

    class ContactBy(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")
        CALL = "call", _("Phone call")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="host_profile",
        verbose_name=_("host"),
    )
    trained_on = models.DateField(
        _("trained on"),
        null=True,
        blank=True,
        help_text=_("When they completed table host training."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_by = models.CharField(
        _("best way to reach them"),
        max_length=8,
        choices=ContactBy.choices,
        default=ContactBy.EMAIL,
    )

    class Meta:
        verbose_name = _("table host details")
        verbose_name_plural = _("table host details")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def phone_display(self) -> str:
        return uk_phone_display(self.phone)
