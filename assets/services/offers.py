"""Writes to offers: create, update, confirm, withdraw, expire, safeguarding checks and the
audit rows for every look at an individual's offer."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engagement.languages import link_in_language
from engagement.models import Area, Programme, User
from engagement.phones import uk_phone_parse
from engagement.services import DomainError, audit_log
from engagement.services.notify import TextMessage, gsm_punctuation
from engagement.services.outbox import outgoing_email_enqueue, outgoing_email_send

from ..geo import coarse_point, normalise_postcode, postcode_point
from ..models import (
    AbcdCategory,
    Audience,
    Offer,
    OffererKind,
    OfferKind,
    OfferReminder,
    Safeguarding,
    Subcategory,
    Tag,
)
from ..search import offer_keywords, offers_reindex
from .renewal import consent_extension, expiry_key, reminder_channel

CONFIRM_SALT = "assets.offer-confirm"

# Words that suggest an offer involves children or adults at risk; a match flags the offer for a
# safeguarding check. Deliberately broad: a needless check costs a coordinator a minute.
_SAFEGUARDING_WORDS = re.compile(
    r"\b(child|children|kids?|young (people|person)|youth|teen\w*|pupils?|under[- ]18s?|"
    r"vulnerable|adults? at risk|care home|dementia)\b",
    re.IGNORECASE,
)

# What a thing is decides its category (a hall is physical whoever owns it); otherwise who
# offers it does (a group's time is an association's asset).
CATEGORY_OF_KIND = {
    OfferKind.VENUE: AbcdCategory.PHYSICAL,
    OfferKind.EQUIPMENT: AbcdCategory.PHYSICAL,
    OfferKind.MONEY: AbcdCategory.ECONOMIC,
}
CATEGORY_OF_OFFERER = {
    OffererKind.INDIVIDUAL: AbcdCategory.INDIVIDUALS,
    OffererKind.GROUP: AbcdCategory.ASSOCIATIONS,
    OffererKind.INSTITUTION: AbcdCategory.INSTITUTIONS,
    OffererKind.BUSINESS: AbcdCategory.ECONOMIC,
}

EDITABLE_FIELDS = {
    "area",
    "offerer_kind",
    "offerer_name",
    "contact_email",
    "contact_phone",
    "contact_preference",
    "kind",
    "category",
    "subcategory",
    "title",
    "description",
    "postcode",
    "latitude",
    "longitude",
    "frequency",
    "schedule",
    "available_from",
    "available_until",
    "capacity",
    "insured",
    "dbs_checked",
    "accessible_venue",
    "is_public",
    "consent_until",
    "recorded_at_event",
}


def default_category(*, kind: str, offerer_kind: str) -> str:
    return CATEGORY_OF_KIND.get(kind) or CATEGORY_OF_OFFERER.get(
        offerer_kind, AbcdCategory.INDIVIDUALS
    )


def needs_safeguarding(text: str) -> bool:
    return bool(_SAFEGUARDING_WORDS.search(text or ""))


# What a safeguarding check reads: change any of these and the clearance no longer applies.
CHECKED_FIELDS = ("kind", "title", "description", "schedule", "capacity", "offerer_name")
# What a coordinator checks about an organisation before its offers go public.
ORGANISATION_FIELDS = ("offerer_kind", "offerer_name", "contact_email", "contact_phone")


def safeguarding_digest(offer: Offer) -> str:
    text = "\x1f".join(str(getattr(offer, name) or "") for name in CHECKED_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()


def _queue_for_safeguarding(offer: Offer) -> None:
    """Hold the offer back (unshared) until a coordinator checks it again."""
    offer.safeguarding = Safeguarding.PENDING
    offer.safeguarding_checked_at = None
    offer.safeguarding_checked_by = None
    offer.safeguarding_checked_digest = ""
    offer.safeguarding_queued_at = timezone.now()


def _tags(names: Iterable[str]) -> list[Tag]:
    tags = []
    for raw in names:
        name = raw.strip()[:50]
        slug = slugify(name)[:50]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _expiry(offer: Offer, today: dt.date) -> dt.date:
    limits = [today + dt.timedelta(days=settings.ASSET_OFFER_VALID_DAYS)]
    if offer.available_until:
        limits.append(offer.available_until)
    if offer.is_individual and offer.consent_until:
        limits.append(offer.consent_until)
    return min(limits)


def _apply_rules(offer: Offer, *, share_with: Iterable[str] | None, today: dt.date) -> None:
    """The domain rules every write enforces, whatever the form or import in front of it."""
    try:
        offer.postcode = normalise_postcode(offer.postcode)
    except ValueError:
        raise DomainError(
            _("Enter a UK postcode such as PE25 3AB, or a district such as PE25."),
            code="postcode",
        ) from None
    if offer.subcategory_id:
        sub = offer.subcategory
        if sub.category != offer.category or sub.programme_id not in (
            None,
            offer.area.programme_id,
        ):
            raise DomainError(_("That subcategory does not belong to the chosen category."))
    if offer.available_until and offer.available_until < today:
        raise DomainError(_("The 'available until' date has already passed."))
    if offer.contact_preference == "email" and not (
        offer.contact_email or (offer.offered_by and offer.offered_by.email)
    ):
        raise DomainError(_("Give an email address, or choose another way to get in touch."))
    if offer.contact_preference == "phone" and not offer.contact_phone:
        raise DomainError(_("Give a phone number, or choose another way to get in touch."))

    if offer.is_individual:
        if offer.is_public:
            raise DomainError(_("Offers from individuals are never shown publicly."))
        if offer.consent_until is None:
            raise DomainError(_("Say until when the offer may be shared."))
        if offer.consent_until < today:
            raise DomainError(_("The sharing end date has already passed."))
        consent_days = settings.ASSET_CONSENT_MAX_DAYS
        if offer.consent_until > today + dt.timedelta(days=consent_days):
            raise DomainError(
                _("Sharing can be agreed for at most %(days)d days at a time.")
                % {"days": consent_days}
            )
        if share_with is not None:
            unknown = set(share_with) - set(Audience.values)
            if unknown:
                raise DomainError(_("Unknown partner type: %(types)s.") % {"types": unknown})
            for audience in Audience.values:
                setattr(offer, f"share_{audience}", audience in set(share_with))
        # An individual is only ever placed at the centre of their postcode sector or district.
        centre = coarse_point(offer.postcode) if offer.postcode else None
        offer.latitude, offer.longitude = centre if centre else (None, None)
    else:
        # Organisations' offers are shared with every partner in scope; consent is for people.
        for audience in Audience.values:
            setattr(offer, f"share_{audience}", False)
        offer.consent_until = None
        centre = postcode_point(offer.postcode) if offer.postcode else None
        if offer.latitude is None and offer.longitude is None and centre:
            offer.latitude, offer.longitude = centre

    if needs_safeguarding(f"{offer.title} {offer.description}") and (
        offer.safeguarding == Safeguarding.NOT_NEEDED
    ):
        _queue_for_safeguarding(offer)
    elif offer.safeguarding == Safeguarding.PENDING and offer.safeguarding_queued_at is None:
        offer.safeguarding_queued_at = timezone.now()


def _save(offer: Offer, *, tags: list[Tag] | None) -> Offer:
    offer.full_clean(exclude=["search_vector", "keywords"])
    offer.save()
    if tags is not None:
        offer.tags.set(tags)
    tag_names = list(offer.tags.values_list("name", flat=True))
    offer.keywords = offer_keywords(offer, tag_names)
    Offer.objects.filter(pk=offer.pk).update(keywords=offer.keywords)
    offers_reindex(Offer.objects.filter(pk=offer.pk))
    return offer


@transaction.atomic
def offer_create(
    *,
    actor: User | None,
    area: Area,
    offerer_kind: str,
    offerer_name: str,
    kind: str,
    title: str,
    category: str = "",
    tags: Iterable[str] = (),
    share_with: Iterable[str] = (),
    involves_vulnerable: bool = False,
    offered_by: User | None = None,
    **fields: Any,
) -> Offer:
    """Record an offer, by the offerer themselves (``offered_by``) or for them (``actor`` is the
    recorder). Applies consent, location and safeguarding rules; raises DomainError and saves
    nothing when a rule fails. Individuals' offers are audit-logged."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"offer_create got unexpected fields: {sorted(unknown)}")
    today = timezone.localdate()
    offer = Offer(
        area=area,
        offerer_kind=offerer_kind,
        offerer_name=offerer_name,
        kind=kind,
        title=title,
        category=category or default_category(kind=kind, offerer_kind=offerer_kind),
        offered_by=offered_by,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
        safeguarding=Safeguarding.PENDING if involves_vulnerable else Safeguarding.NOT_NEEDED,
        confirmed_at=timezone.now(),
        **fields,
    )
    _apply_rules(offer, share_with=share_with, today=today)
    if offer.is_individual:
        offer.consent_given_at = timezone.now()
    offer.expires_on = _expiry(offer, today)
    _save(offer, tags=_tags(tags))
    audit_log(
        actor=actor,
        action="asset.offer.create",
        subject=offer,
        data={"kind": offer.kind, "individual": offer.is_individual},
    )
    return offer


@transaction.atomic
def offer_update(
    *,
    actor: User | None,
    offer: Offer,
    tags: Iterable[str] | None = None,
    share_with: Iterable[str] | None = None,
    involves_vulnerable: bool = False,
    **fields: Any,
) -> Offer:
    """Change an offer. Changing who may see an individual's offer records fresh consent."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"offer_update got unexpected fields: {sorted(unknown)}")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    before = (offer.audiences, offer.consent_until)
    organisation_before = [getattr(offer, name) for name in ORGANISATION_FIELDS]
    postcode_before = offer.postcode
    for name, value in fields.items():
        setattr(offer, name, value)
    if offer.postcode != postcode_before and "latitude" not in fields:
        # A point that came from the old postcode would leave the offer where it no longer is.
        offer.latitude = offer.longitude = None
    if involves_vulnerable and offer.safeguarding == Safeguarding.NOT_NEEDED:
        _queue_for_safeguarding(offer)
    elif offer.safeguarding in (
        Safeguarding.CLEARED,
        Safeguarding.REFUSED,
    ) and offer.safeguarding_checked_digest != safeguarding_digest(offer):
        # The check was of other words; it says nothing about these.
        _queue_for_safeguarding(offer)
    if organisation_before != [getattr(offer, name) for name in ORGANISATION_FIELDS]:
        offer.organisation_checked_at = None
        offer.organisation_checked_by = None
    today = timezone.localdate()
    _apply_rules(offer, share_with=share_with, today=today)
    consent_changed = offer.is_individual and before != (offer.audiences, offer.consent_until)
    if consent_changed:
        offer.consent_given_at = timezone.now()
    if offer.status == Offer.Status.ACTIVE:
        offer.expires_on = min(
            _expiry(offer, today), max(offer.expires_on, today + dt.timedelta(days=1))
        )
    _save(offer, tags=_tags(tags) if tags is not None else None)
    audit_log(
        actor=actor,
        action="asset.offer.update",
        subject=offer,
        data={"fields": sorted(fields), "consent_changed": consent_changed},
    )
    return offer


def offer_confirm_token(offer: Offer) -> str:
    return signing.dumps({"o": str(offer.uuid)}, salt=CONFIRM_SALT, compress=True)


def offer_from_token(token: str, *, max_age_days: int | None = None) -> Offer:
    """The offer a re-confirmation link is for; DomainError when the link is bad or too old."""
    max_age = dt.timedelta(days=max_age_days or settings.ASSET_OFFER_VALID_DAYS)
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        return Offer.objects.select_related("area").get(uuid=payload["o"])
    except signing.SignatureExpired:
        raise DomainError(_("This link has expired. Ask the coordinator for a new one.")) from None
    except (signing.BadSignature, KeyError, ValueError, Offer.DoesNotExist):
        raise DomainError(_("This link is not valid.")) from None


@transaction.atomic
def offer_confirm(
    *,
    actor: User | None,
    offer: Offer,
    consent_until: dt.date | None = None,
    extend_consent: bool = False,
) -> Offer:
    """The offerer says the offer still stands: list it for the stated period from today, or
    until it ends sooner (``renewal.renewal_outlook`` says why). An individual may extend
    sharing at the same time, to a date (``consent_until``) or just far enough for the whole
    period (``extend_consent``). Reactivates an expired offer, never a withdrawn one. Locks
    the offer row because the new expiry depends on what is stored."""
    offer = Offer.objects.select_for_update().select_related("area").get(pk=offer.pk)
    if offer.status == Offer.Status.WITHDRAWN:
        raise DomainError(_("This offer was withdrawn; make a new offer instead."))
    today = timezone.localdate()
    if extend_consent and offer.is_individual:
        consent_until = max(consent_until or today, consent_extension(today))
    if offer.is_individual and consent_until is not None:
        offer.consent_until = consent_until
        _apply_rules(offer, share_with=None, today=today)
        offer.consent_given_at = timezone.now()
    if offer.available_until and offer.available_until < today:
        raise DomainError(_("This offer's 'available until' date has passed; update the offer."))
    if offer.is_individual and offer.consent_until < today:
        raise DomainError(_("Choose a new date until which the offer may be shared."))
    offer.confirmed_at = timezone.now()
    offer.expires_on = _expiry(offer, today)
    offer.status = Offer.Status.ACTIVE
    offer.closed_at = None
    offer.save(
        update_fields=[
            "confirmed_at",
            "expires_on",
            "status",
            "closed_at",
            "consent_until",
            "consent_given_at",
            "modified",
        ]
    )
    audit_log(actor=actor, action="asset.offer.confirm", subject=offer)
    return offer


@transaction.atomic
def offer_withdraw(*, actor: User | None, offer: Offer) -> Offer:
    """Take an offer out of the directory for good. Idempotent."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.WITHDRAWN:
        offer.status = Offer.Status.WITHDRAWN
        offer.closed_at = timezone.now()
        offer.save(update_fields=["status", "closed_at", "modified"])
        audit_log(actor=actor, action="asset.offer.withdraw", subject=offer)
    return offer


@transaction.atomic
def offer_safeguarding_check(*, actor: User, offer: Offer, cleared: bool, note: str) -> Offer:
    """Record a safeguarding check: who, when, the outcome and why. Only a cleared offer is
    shared beyond coordinators. Audit-logged."""
    if not note.strip():
        raise DomainError(_("Say what was checked."))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    offer.safeguarding = Safeguarding.CLEARED if cleared else Safeguarding.REFUSED
    offer.safeguarding_checked_at = timezone.now()
    offer.safeguarding_checked_by = actor
    offer.safeguarding_note = note.strip()
    offer.safeguarding_checked_digest = safeguarding_digest(offer)
    offer.safeguarding_queued_at = None
    offer.save(
        update_fields=[
            "safeguarding",
            "safeguarding_checked_at",
            "safeguarding_checked_by",
            "safeguarding_note",
            "safeguarding_checked_digest",
            "safeguarding_queued_at",
            "modified",
        ]
    )
    audit_log(
        actor=actor,
        action="asset.offer.safeguarding",
        subject=offer,
        data={"outcome": offer.safeguarding},
    )
    return offer


@transaction.atomic
def offer_organisation_check(
    *, actor: User, offer: Offer, confirmed: bool, contact_is_organisations: bool
) -> Offer:
    """A coordinator checked that the organisation is real and that the contact details are the
    organisation's, not a person's. Only then may the offer be published; the check date is
    what the Open Referral feed calls ``assured_date``. Audit-logged."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.is_individual:
        raise DomainError(_("Only an organisation's offer can be checked as an organisation."))
    if not confirmed:
        raise DomainError(_("Confirm that you checked the organisation exists."))
    if not contact_is_organisations:
        raise DomainError(
            _("Publish only an organisation's own contact details; ask for them first.")
        )
    offer.organisation_checked_at = timezone.now()
    offer.organisation_checked_by = actor
    offer.save(update_fields=["organisation_checked_at", "organisation_checked_by", "modified"])
    audit_log(actor=actor, action="asset.offer.organisation_check", subject=offer)
    return offer


@transaction.atomic
def offer_pause(*, actor: User | None, offer: Offer, paused: bool) -> Offer:
    """Take an offer off the directory for a while (or put it back). A paused offer keeps its
    expiry date; a withdrawn or expired one cannot be paused."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    wanted, current = (
        (Offer.Status.PAUSED, Offer.Status.ACTIVE)
        if paused
        else (Offer.Status.ACTIVE, Offer.Status.PAUSED)
    )
    if offer.status == wanted:
        return offer
    if offer.status != current:
        raise DomainError(_("Only a listed offer can be paused, and only a paused one resumed."))
    if not paused and offer.expires_on < timezone.localdate():
        raise DomainError(_("This offer's listing has ended; confirm it again to list it."))
    offer.status = wanted
    offer.save(update_fields=["status", "modified"])
    audit_log(
        actor=actor, action="asset.offer.pause" if paused else "asset.offer.resume", subject=offer
    )
    return offer


def offer_view_record(*, actor: User | None, offer: Offer) -> None:
    """Audit a look at an individual's offer by anybody but the offerer."""
    from ..access import is_individual_viewer

    if actor is not None and actor.is_authenticated and is_individual_viewer(actor, offer):
        audit_log(actor=actor, action="asset.offer.view", subject=offer, data={"via": "page"})


def _offerer_address(offer: Offer) -> str:
    return offer.contact_email or (offer.offered_by.email if offer.offered_by else "")


@transaction.atomic
def offer_reminder_queue(*, offer_id: int) -> bool:
    """Queue the email asking the offerer to re-confirm, once per expiry date. Returns True when
    queued; an offer no longer active, one with no address, or one reminded already for this
    expiry date queues nothing.

    Idempotent: the reminder row is unique per (offer, expiry date). Locks the offer row so two
    sweeps (or the admin's "remind now") cannot both queue. Sending is the outbox's
    (:func:`offer_reminder_send`), so one refused address never stops a sweep.
    """
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("offered_by")
        .filter(pk=offer_id, status=Offer.Status.ACTIVE)
        .first()
    )
    channel = reminder_channel(offer) if offer is not None else ""
    if not channel:
        return False
    reminder, created = OfferReminder.objects.get_or_create(
        offer=offer,
        key=expiry_key(offer),
        defaults={"expires_on": offer.expires_on, "channel": channel},
    )
    if created:
        outgoing_email_enqueue(reminder)
    return created


def _reminder_recipient(reminder: OfferReminder) -> str:
    """Read when sending, so an erased offerer is skipped."""
    if reminder.channel == OfferReminder.Channel.TEXT:
        phone = uk_phone_parse(reminder.offer.contact_phone)
        return phone.e164 if phone is not None and phone.is_mobile else ""
    return _offerer_address(reminder.offer)


def _render_reminder(reminder: OfferReminder, to: str) -> EmailMessage | TextMessage:
    offer = reminder.offer
    language = offer.offered_by.preferred_language if offer.offered_by else ""
    with translation.override(language or settings.LANGUAGE_CODE):
        link = link_in_language(
            settings.SITE_URL.rstrip("/")
            + reverse("assets:offer_confirm", kwargs={"token": offer_confirm_token(offer)}),
            language,
        )
        context = {"offer": offer, "link": link}
        if reminder.channel == OfferReminder.Channel.TEXT:
            body = render_to_string("assets/text/offer_reminder.txt", context)
            return TextMessage(
                to=to,
                body=gsm_punctuation(" ".join(body.split())),
                language=language or settings.LANGUAGE_CODE,
                reference=f"offer-reminder-{reminder.pk}",
            )
        subject = _("Is your offer still available? %(title)s") % {"title": offer.title}
        body = render_to_string("assets/email/offer_reminder.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def offer_reminder_send(*, reminder_id: int) -> OfferReminder:
    """Send one queued re-confirmation reminder, by email or text, unless it was sent already
    (see ``outgoing_email_send``). The address is read now, so an erased offerer is skipped."""
    return outgoing_email_send(
        queryset=OfferReminder.objects.select_related("offer__offered_by", "offer__area"),
        pk=reminder_id,
        recipient=_reminder_recipient,
        build=_render_reminder,
    )


def offers_due_reminder(*, today: dt.date) -> list[int]:
    horizon = today + dt.timedelta(days=settings.ASSET_REMINDER_DAYS)
    return list(
        Offer.objects.active()
        .filter(expires_on__lte=horizon, expires_on__gte=today)
        # A fresh link a coordinator sent does not stand in for the reminder before the end.
        .exclude(
            Exists(
                OfferReminder.objects.filter(
                    offer=OuterRef("pk"),
                    expires_on=OuterRef("expires_on"),
                    key__startswith="expiry-",
                )
            )
        )
        .values_list("pk", flat=True)
    )


@transaction.atomic
def offers_expire(*, today: dt.date | None = None) -> int:
    """Expire active offers past their date, and individuals' offers whose consent has ended.
    Idempotent: a second run finds nothing left to expire."""
    today = today or timezone.localdate()
    due = list(Offer.objects.due_for_expiry(today).select_for_update().values_list("pk", flat=True))
    if due:
        Offer.objects.filter(pk__in=due).update(
            status=Offer.Status.EXPIRED, closed_at=timezone.now(), modified=timezone.now()
        )
        audit_log(actor=None, action="asset.offer.expire", data={"count": len(due)})
    return len(due)


def offers_anonymise_lapsed(*, today: dt.date | None = None) -> int:
    """Anonymise individuals' offers whose consent ended more than
    ``ASSET_LAPSED_CONSENT_GRACE_DAYS`` ago (the grace period lets the person renew it after
    the reminder). Audit-logged with the count only. Idempotent: anonymised offers hold no
    contact details, so a second run finds nothing."""
    from ..privacy import individual_anonymised

    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.ASSET_LAPSED_CONSENT_GRACE_DAYS)
    lapsed = Offer.objects.filter(offerer_kind="individual", consent_until__lt=cutoff).filter(
        ~Q(offerer_name="") | ~Q(contact_email="") | ~Q(contact_phone="") | ~Q(postcode="")
    )
    with transaction.atomic():
        ids = list(lapsed.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        Offer.objects.filter(pk__in=ids, status=Offer.Status.ACTIVE).update(
            status=Offer.Status.EXPIRED, closed_at=timezone.now()
        )
        Offer.objects.filter(pk__in=ids).update(**individual_anonymised(), modified=timezone.now())
        audit_log(actor=None, action="asset.offer.anonymise", data={"count": len(ids)})
    return len(ids)


def offers_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: queue reminders to offerers whose offers expire soon, then expire overdue
    offers. Nothing is sent here (the outbox sends each reminder in its own task), so a refused
    address can neither stop the other reminders nor the expiry."""
    today = today or timezone.localdate()
    queued = sum(offer_reminder_queue(offer_id=pk) for pk in offers_due_reminder(today=today))
    return {
        "reminded": queued,
        "expired": offers_expire(today=today),
        "anonymised": offers_anonymise_lapsed(today=today),
    }


@transaction.atomic
def subcategory_create(
    *, actor: User, programme: Programme, category: str, name: str
) -> Subcategory:
    """Extend the taxonomy for one programme."""
    slug = slugify(name)[:100]
    if not slug:
        raise DomainError(_("Give the subcategory a name."))
    if (
        Subcategory.objects.filter(category=category, slug=slug)
        .filter(Q(programme__isnull=True) | Q(programme=programme))
        .exists()
    ):
        raise DomainError(_("That subcategory already exists."))
    sub = Subcategory(programme=programme, category=category, name=name.strip(), slug=slug)
    sub.full_clean()
    sub.save()
    audit_log(actor=actor, action="asset.subcategory.create", subject=sub)
    return sub
