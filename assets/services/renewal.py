"""Keeping an offer listed: what re-confirming gives (and why it may give less than the stated
period), when the next reminder goes, by which channel, and a fresh link sent by a coordinator.

Re-confirming lists an offer for ``ASSET_OFFER_VALID_DAYS`` more days, unless the offer itself
ends sooner: the date it is available until, or, for an individual, the date their agreement
to share it ends. The pages say which, and offer to extend that agreement too, so that nobody
presses "keep it listed" and loses the listing anyway.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.phones import is_uk_mobile
from engagement.services import DomainError, audit_log
from engagement.services.notify import notify_enabled
from engagement.services.outbox import outgoing_email_enqueue

from ..models import ContactPreference, Offer, OfferReminder

#: Why confirming cannot give the whole period.
LIMIT_CONSENT = "consent"
LIMIT_AVAILABLE = "available"


@dataclass(frozen=True)
class RenewalOutlook:
    """What pressing "keep it listed" today gives."""

    wanted: dt.date  # today plus the stated period
    listed_until: dt.date  # what the offer will actually be listed until
    limit: str  # "", LIMIT_CONSENT or LIMIT_AVAILABLE

    @property
    def is_short(self) -> bool:
        return self.listed_until < self.wanted


def renewal_period_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.ASSET_OFFER_VALID_DAYS)


def renewal_outlook(offer: Offer, *, today: dt.date | None = None) -> RenewalOutlook:
    today = today or timezone.localdate()
    wanted = renewal_period_end(today)
    listed_until, limit = wanted, ""
    if offer.available_until and offer.available_until < listed_until:
        listed_until, limit = offer.available_until, LIMIT_AVAILABLE
    if offer.is_individual and offer.consent_until and offer.consent_until < listed_until:
        listed_until, limit = offer.consent_until, LIMIT_CONSENT
    return RenewalOutlook(wanted=wanted, listed_until=listed_until, limit=limit)


def consent_extension(today: dt.date) -> dt.date:
    """The sharing end date that lets a re-confirmed individual's offer run the whole period."""
    return renewal_period_end(today)


def reminder_channel(offer: Offer) -> str:
    """How to reach the offerer: a text when GOV.UK Notify is on and they gave a mobile number
    and either chose the phone or gave no email; email when there is an address; otherwise ""
    (nobody to remind: a coordinator has to phone them)."""
    email = offer.contact_email or (offer.offered_by.email if offer.offered_by else "")
    textable = notify_enabled() and is_uk_mobile(offer.contact_phone)
    if textable and (offer.contact_preference == ContactPreference.PHONE or not email):
        return OfferReminder.Channel.TEXT
    if email:
        return OfferReminder.Channel.EMAIL
    return ""


def expiry_key(offer: Offer) -> str:
    return f"expiry-{offer.expires_on.isoformat()}"


def offer_next_reminder_on(offer: Offer, *, today: dt.date | None = None) -> dt.date | None:
    """The day the daily sweep will queue the next re-confirmation reminder for this offer, or
    None when none will come: it is not listed, it ends today, the offerer was reminded about
    this end date already, or there is no way to reach them. The sweep runs early each
    morning, so a reminder due today or earlier goes tomorrow."""
    today = today or timezone.localdate()
    if offer.status != Offer.Status.ACTIVE or offer.expires_on <= today:
        return None
    if not reminder_channel(offer) or offer.reminders.filter(key=expiry_key(offer)).exists():
        return None
    due = offer.expires_on - dt.timedelta(days=settings.ASSET_REMINDER_DAYS)
    return max(due, today + dt.timedelta(days=1))


@transaction.atomic
def offer_link_send(*, actor: User, offer: Offer) -> OfferReminder:
    """A coordinator sends the offerer a fresh re-confirmation link now, by email or text (see
    :func:`reminder_channel`). Each press sends one (a double click in the same second sends
    one); the scheduled reminder for the offer's end date still goes in due course.
    Audit-logged."""
    offer = (
        Offer.objects.select_for_update(of=("self",)).select_related("offered_by").get(pk=offer.pk)
    )
    if offer.status == Offer.Status.WITHDRAWN:
        raise DomainError(_("This offer was withdrawn; there is nothing to confirm."))
    channel = reminder_channel(offer)
    if not channel:
        raise DomainError(
            _(
                "There is no email address or mobile number to send a link to. Phone the "
                "offerer, or add their email address to the offer first."
            )
        )
    reminder, created = OfferReminder.objects.get_or_create(
        offer=offer,
        key=f"link-{timezone.now():%Y%m%d%H%M%S}",
        defaults={"expires_on": offer.expires_on, "channel": channel},
    )
    if created:
        outgoing_email_enqueue(reminder)
        audit_log(
            actor=actor, action="asset.offer.link_send", subject=offer, data={"channel": channel}
        )
    return reminder
