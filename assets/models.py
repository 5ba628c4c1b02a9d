"""Asset offers: what people and organisations can give, classified, consented and searchable.

An offer from an individual is personal data: it is never public, it is shared only with the
partner types the offerer chose and only until the consent end date, and every view or export of
it by somebody else is audit-logged. Offers involving children or adults at risk wait for a
recorded safeguarding check before anybody but a coordinator sees them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import Area, Event, PartnerType, Programme, TimeStampedModel
from engagement.models.outbox import OutgoingEmail

from .postcodes.models import Postcode  # noqa: F401  (the directory's table, registered here)


class AbcdCategory(models.TextChoices):
    """The asset-based community development categories."""

    INDIVIDUALS = "individuals", _("Individuals")
    ASSOCIATIONS = "associations", _("Associations")
    INSTITUTIONS = "institutions", _("Institutions")
    PHYSICAL = "physical", _("Physical")
    ECONOMIC = "economic", _("Economic")
    CULTURAL = "cultural", _("Cultural")
    NATURAL = "natural", _("Natural")


class OfferKind(models.TextChoices):
    SKILLS = "skills", _("Skills")
    TIME = "time", _("Time")
    VENUE = "venue", _("Venue")
    EQUIPMENT = "equipment", _("Equipment")
    MONEY = "money", _("Money or sponsorship")
    CONNECTIONS = "connections", _("Connections")
    KNOWLEDGE = "knowledge", _("Knowledge")


class OffererKind(models.TextChoices):
    INDIVIDUAL = "individual", _("An individual")
    GROUP = "group", _("A community group")
    BUSINESS = "business", _("A business")
    INSTITUTION = "institution", _("An institution (school, council, health...)")


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    RECURRING = "recurring", _("Recurring")
    ONGOING = "ongoing", _("Ongoing until a date")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    COORDINATOR = "coordinator", _("Through the coordinator")


class Audience(models.TextChoices):
    """Partner types an individual can agree to share an offer with."""

    POLICE = "police", _("Police")
    COUNCIL = "council", _("Council")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    VOLUNTARY = "voluntary", _("Voluntary sector")


# Which audience a partner organisation of each type belongs to. Schools, businesses and "other"
# partners were not among the choices offered to individuals, so they never see their offers.
AUDIENCE_OF_PARTNER_TYPE: dict[str, str] = {
    PartnerType.POLICE: Audience.POLICE,
    PartnerType.COUNCIL: Audience.COUNCIL,
    PartnerType.HOUSING: Audience.HOUSING,
    PartnerType.HEALTH: Audience.HEALTH,
    PartnerType.CHARITY: Audience.VOLUNTARY,
}


class Safeguarding(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    PENDING = "pending", _("Check needed")
    CLEARED = "cleared", _("Checked and cleared")
    REFUSED = "refused", _("Checked: not to be shared")


SHAREABLE_SAFEGUARDING = (Safeguarding.NOT_NEEDED, Safeguarding.CLEARED)


class Subcategory(TimeStampedModel):
    """A subcategory of an ABCD category. Built-in ones have no programme; coordinators add their
    own for a programme."""

    category = models.CharField(_("category"), max_length=16, choices=AbcdCategory.choices)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=100)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="asset_subcategories",
        verbose_name=_("programme"),
        help_text=_("Empty for the built-in taxonomy shared by every programme."),
    )
    # Retired: kept on the offers that use it, no longer offered for new ones.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("subcategory")
        verbose_name_plural = _("subcategories")
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "category", "slug"],
                condition=Q(programme__isnull=False),
                name="asset_subcategory_unique_in_programme",
            ),
            models.UniqueConstraint(
                fields=["category", "slug"],
                condition=Q(programme__isnull=True),
                name="asset_subcategory_unique_builtin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.name}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("short name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OfferQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Offer.Status.ACTIVE)

    def shareable(self):
        """Safe to show beyond coordinators: no safeguarding check outstanding or refused."""
        return self.filter(safeguarding__in=SHAREABLE_SAFEGUARDING)

    def public(self):
        """Published: an organisation's active, shareable offer that a coordinator checked."""
        return (
            self.active()
            .shareable()
            .filter(is_public=True, organisation_checked_at__isnull=False)
            .exclude(offerer_kind=OffererKind.INDIVIDUAL)
        )

    def waiting_for_safeguarding(self):
        return self.filter(safeguarding=Safeguarding.PENDING).exclude(status=Offer.Status.WITHDRAWN)

    def from_organisations(self):
        return self.exclude(offerer_kind=OffererKind.INDIVIDUAL)

    def consented_to(self, audience: str, *, today=None):
        """Individuals' offers whose offerer agreed to share with ``audience`` and still does."""
        today = today or timezone.localdate()
        return self.filter(
            offerer_kind=OffererKind.INDIVIDUAL,
            consent_until__gte=today,
            **{f"share_{audience}": True},
        )

    def due_for_expiry(self, today):
        return self.active().filter(
            Q(expires_on__lt=today)
            | Q(offerer_kind=OffererKind.INDIVIDUAL, consent_until__lt=today)
        )


class Offer(TimeStampedModel):
    """Something a person or organisation offers the community."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PAUSED = "paused", _("Paused")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="asset_offers", verbose_name=_("area")
    )
    offerer_kind = models.CharField(
        _("who is offering"), max_length=16, choices=OffererKind.choices
    )
    offerer_name = models.CharField(_("name of the person or organisation"), max_length=200)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="asset_offers",
        verbose_name=_("offerer's account"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at_event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded at the event"),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_preference = models.CharField(
        _("how to get in touch"),
        max_length=16,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )

    kind = models.CharField(_("what is offered"), max_length=16, choices=OfferKind.choices)
    category = models.CharField(_("category"), max_length=16, choices=AbcdCategory.choices)
    subcategory = models.ForeignKey(
        Subcategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("subcategory"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="offers", verbose_name=_("tags"))
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency.choices, default=Frequency.ONE_OFF
    )
    schedule = models.CharField(
        _("when"), max_length=200, blank=True, help_text=_("For example: Tuesday evenings.")
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    capacity = models.CharField(
        _("capacity"),
        max_length=120,
        blank=True,
        help_text=_("For example: 4 hours a month, a room for 60 people."),
    )
    insured = models.BooleanField(_("insured"), default=False)
    dbs_checked = models.BooleanField(_("DBS-checked"), default=False)
    accessible_venue = models.BooleanField(_("accessible venue"), default=False)

    is_public = models.BooleanField(
        _("show publicly"),
        default=False,
        help_text=_("Organisations only. Nothing from an individual is ever public."),
    )
    share_police = models.BooleanField(_("police"), default=False)
    share_council = models.BooleanField(_("council"), default=False)
    share_housing = models.BooleanField(_("housing"), default=False)
    share_health = models.BooleanField(_("health"), default=False)
    share_voluntary = models.BooleanField(_("voluntary sector"), default=False)
    consent_until = models.DateField(_("share until"), null=True, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)

    safeguarding = models.CharField(
        _("safeguarding"),
        max_length=16,
        choices=Safeguarding.choices,
        default=Safeguarding.NOT_NEEDED,
    )
    safeguarding_checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    safeguarding_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    safeguarding_note = models.TextField(_("safeguarding note"), blank=True)
    # A clearance holds for the words that were read: any later change to them re-queues it.
    safeguarding_checked_digest = models.CharField(max_length=64, blank=True, editable=False)
    safeguarding_queued_at = models.DateTimeField(
        _("waiting for a check since"), null=True, blank=True
    )
    organisation_checked_at = models.DateTimeField(
        _("organisation checked at"), null=True, blank=True
    )
    organisation_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation checked by"),
    )

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    expires_on = models.DateField(_("expires on"))
    closed_at = models.DateTimeField(_("expired or withdrawn at"), null=True, blank=True)

    keywords = models.TextField(blank=True, editable=False)
    # Written by the services (assets.search.offers_reindex). Its GIN index is made by a
    # PostgreSQL-only migration step, not declared here: SQLite (``make run``) has no GIN and
    # would fail when it rebuilds the table. SQLite stores NULL and search falls back to icontains.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["area", "status"], name="asset_offer_area_status"),
            models.Index(fields=["status", "expires_on"], name="asset_offer_status_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(offerer_kind="individual") | Q(is_public=False),
                name="asset_offer_individual_never_public",
                violation_error_message=_(
                    "An offer from a private person is never shown publicly."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(offerer_kind="individual") | Q(consent_until__isnull=False),
                name="asset_offer_individual_has_consent_end",
                violation_error_message=_(
                    "An offer from a private person needs the date their consent ends."
                ),
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="asset_offer_available_until_after_from",
                violation_error_message=_(
                    "The date it is available until cannot be before the date it is available from."
                ),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="asset_offer_point_complete_and_valid",
                violation_error_message=_(
                    "Give both the latitude (between -90 and 90) and the longitude "
                    "(between -180 and 180), or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assets:offer_detail", kwargs={"uuid": self.uuid})

    @property
    def is_individual(self) -> bool:
        return self.offerer_kind == OffererKind.INDIVIDUAL

    @property
    def is_shareable(self) -> bool:
        return self.safeguarding in SHAREABLE_SAFEGUARDING

    @property
    def is_published(self) -> bool:
        """On the public site and in the Open Referral feed right now."""
        return (
            not self.is_individual
            and self.is_public
            and self.status == Offer.Status.ACTIVE
            and self.is_shareable
            and self.organisation_checked_at is not None
        )

    @property
    def audiences(self) -> list[str]:
        return [a for a in Audience.values if getattr(self, f"share_{a}")]

    def get_audiences_display(self) -> list[str]:
        return [str(Audience(a).label) for a in self.audiences]


class OfferReminder(OutgoingEmail):
    """The email asking an offerer to re-confirm: one per offer per expiry date (``key`` is
    ``expiry-<date>``), sent through the outbox like every other email."""

    send_task = "assets.tasks.offer_reminder_send_task"

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="reminders")
    expires_on = models.DateField(_("for the expiry on"))
    channel = models.CharField(
        _("sent by"), max_length=8, choices=Channel.choices, default=Channel.EMAIL
    )

    class Meta:
        verbose_name = _("offer reminder")
        verbose_name_plural = _("offer reminders")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "key"], name="asset_reminder_once_per_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.expires_on}"


class OfferImport(TimeStampedModel):
    """A CSV file that was imported, kept as a fingerprint of its rows (never the rows
    themselves) so that the same rows cannot be imported twice, into any area."""

    digest = models.CharField(_("fingerprint of the rows"), max_length=64, unique=True)
    rows = models.PositiveIntegerField(_("rows"))
    created_count = models.PositiveIntegerField(_("offers made"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("offer import")
        verbose_name_plural = _("offer imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.file_name or self.digest[:12]


class Need(TimeStampedModel):
    """Something an area needs that an offer could meet: a funded project needing a venue, a café
    theme, a "you said, we did" action. May point at the record it came from in another app."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("A funded project")
        CAFE_THEME = "cafe_theme", _("A café theme")
        YOU_SAID_WE_DID = "you_said_we_did", _("A 'you said, we did' action")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed")

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="asset_needs", verbose_name=_("area")
    )
    title = models.CharField(_("what is needed"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("comes from"), max_length=20, choices=Kind.choices)
    wanted_kind = models.CharField(
        _("kind of offer wanted"), max_length=16, choices=OfferKind.choices, blank=True
    )
    wanted_category = models.CharField(
        _("category wanted"), max_length=16, choices=AbcdCategory.choices, blank=True
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=10,
        blank=True,
        help_text=_("Where it is needed; offers nearer it are suggested first."),
    )
    days = models.CharField(
        _("days"),
        max_length=40,
        blank=True,
        help_text=_("Days it is needed on, as short codes separated by commas (mon,tue...)."),
    )
    size = models.PositiveIntegerField(
        _("how many people"),
        null=True,
        blank=True,
        help_text=_("For a venue or an activity: how many people it is for."),
    )
    link_url = models.URLField(_("link"), blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assets:need_detail", kwargs={"pk": self.pk})


class Match(TimeStampedModel):
    """An offer linked to a need, with how it went."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONTACTED = "contacted", _("Contacted")
        AGREED = "agreed", _("Agreed")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Did not go ahead")

    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, related_name="matches", verbose_name=_("need")
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="matches", verbose_name=_("offer")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="asset_match_once"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.need}"

    @property
    def area(self) -> Area:
        return self.need.area

    def get_absolute_url(self) -> str:
        return reverse("assets:match_detail", kwargs={"pk": self.pk})


class ContactLogEntry(models.Model):
    """A contact made about a match: who, when, how, what was said."""

    class Method(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        IN_PERSON = "in_person", _("In person")
        OTHER = "other", _("Other")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="contacts")
    created = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("contact log entry")
        verbose_name_plural = _("contact log")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d} {self.get_method_display()}"
