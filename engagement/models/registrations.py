"""Registrations for events, their check-in, and the messages sent about them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..phones import uk_phone_display
from .base import TimeStampedModel
from .events import Event
from .outbox import OutgoingEmail

# Letters and digits that cannot be mistaken for each other when read aloud or written down.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class AccessNeed(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Wheelchair user or step-free access")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    BSL = "bsl", _("British Sign Language interpreter")
    LARGE_PRINT = "large_print", _("Large print")
    QUIET_SPACE = "quiet_space", _("A quiet space")
    INTERPRETER = "interpreter", _("A spoken-language interpreter")
    CARER = "carer", _("I will come with a carer or support worker")
    DIETARY = "dietary", _("Dietary needs")
    OTHER = "other", _("Something else (tell us below)")


class RegistrationQuerySet(models.QuerySet):
    def holding_places(self):
        """Registrations that take up places: confirmed ones and offers still open."""
        return self.filter(status__in=Registration.PLACE_HOLDING)

    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("queued_at", "pk")

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)

    def search(self, text: str):
        text = text.strip()
        return self.filter(Q(name__icontains=text) | Q(code__iexact=text.upper()))


class Registration(TimeStampedModel):
    """A person (with any companions) booked on an event, waiting for a place, or a walk-in.

    ``party_size`` counts everybody in the booking (a parent with two children is 3) and is what
    capacity counts. ``checked_in_at`` is set once, by whoever checks the booking in first.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Offered a place")
        EXPIRED = "expired", _("Offer lapsed")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")
        PAPER = "paper", _("On paper")
        WALK_IN = "walk_in", _("Walk-in")

    class ContactBy(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    PLACE_HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITING)

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    party_size = models.PositiveSmallIntegerField(
        _("number of people"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Including you: a parent with two children is 3."),
    )
    group_details = models.CharField(
        _("who is coming with you"),
        max_length=200,
        blank=True,
        help_text=_("For example: two children aged 8 and 11, or my carer."),
    )
    access_needs = models.JSONField(_("access needs"), default=list, blank=True)
    access_notes = models.TextField(_("anything else we should know"), blank=True)
    contact_consent = models.BooleanField(
        _("you may contact me about future events"), default=False
    )
    # How the person chose to hear from us. Texts need a mobile number and GOV.UK Notify; a
    # booking with no email and a mobile number gets texts whatever this says.
    contact_by = models.CharField(
        _("send messages by"), max_length=8, choices=ContactBy.choices, default=ContactBy.EMAIL
    )
    # The language the person booked in (English or Welsh): their emails are written in it.
    language = models.CharField(_("language for emails"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    source = models.CharField(
        _("registered"), max_length=16, choices=Source.choices, default=Source.ONLINE
    )
    uses_reserved_place = models.BooleanField(_("uses a reserved place"), default=False)
    code = models.CharField(_("code"), max_length=12, unique=True)
    queued_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True, db_index=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    equality_answered = models.BooleanField(default=False, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checked_in_only_when_confirmed",
                violation_error_message=_("Only a confirmed booking can be checked in."),
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1),
                name="registration_party_at_least_one",
                violation_error_message=_("A booking is for at least one person."),
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="registration_offer_has_deadline",
                violation_error_message=_(
                    "A place offered from the waiting list needs the time the offer ends."
                ),
            ),
            # One live booking per email per event: a double click does not book twice.
            models.UniqueConstraint(
                F("event"),
                Lower("email"),
                condition=Q(status__in=["confirmed", "offered", "waiting"]) & ~Q(email=""),
                name="registration_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name or _('anonymised')}"

    @property
    def scope_object(self):
        return self.event

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None

    @property
    def phone_display(self) -> str:
        return uk_phone_display(self.phone)

    def get_access_needs_display(self) -> list[str]:
        labels = dict(AccessNeed.choices)
        return [str(labels.get(n, n)) for n in self.access_needs]


class EventMessage(OutgoingEmail):
    """One email to one registration for one reason (``key``). The unique key makes sending
    idempotent: a reminder is never sent twice even if the task that queues it runs twice."""

    send_task = "engagement.event_tasks.event_message_send_task"

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        WAITING = "waiting", _("Waiting list")
        OFFER = "offer", _("Place offered")
        REMINDER = "reminder", _("Reminder")
        THANK_YOU = "thank_you", _("Thank you")
        CHANGED = "changed", _("Event changed")
        CANCELLED = "cancelled", _("Event cancelled")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.CharField(
        _("sent by"), max_length=8, choices=Channel.choices, default=Channel.EMAIL
    )
    # GOV.UK Notify's id for the message, and what Notify last said about its delivery.
    provider_id = models.CharField(max_length=64, blank=True)
    delivery_status = models.CharField(_("delivery"), max_length=32, blank=True)
    delivery_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event message")
        verbose_name_plural = _("event messages")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "key"], name="event_message_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.registration_id}"

    def get_delivery_status_display(self) -> str:
        return str(DELIVERY_STATUS_LABELS.get(self.delivery_status, self.delivery_status))


# What GOV.UK Notify's delivery statuses mean, in words for the bookings list.
DELIVERY_STATUS_LABELS = {
    "created": _("Waiting at GOV.UK Notify"),
    "sending": _("On its way"),
    "pending": _("On its way"),
    "sent": _("Sent abroad (no receipt)"),
    "delivered": _("Delivered"),
    "permanent-failure": _("Not delivered: the number or address does not exist"),
    "temporary-failure": _("Not delivered: the phone or inbox did not accept it"),
    "technical-failure": _("Not delivered: a fault at GOV.UK Notify"),
    "validation-failed": _("Not delivered: refused by GOV.UK Notify"),
}
