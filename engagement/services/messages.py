"""Emails and text messages to people registered for events. One :class:`EventMessage` row per
(registration, reason) makes queueing idempotent; the row lock in :func:`event_message_send`
makes sending so."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..languages import link_in_language
from ..models import Event, EventMessage, Registration, User
from ..phones import is_uk_mobile, uk_phone_display, uk_phone_parse
from .audit import audit_log
from .notify import (
    FINAL_STATUSES,
    MessageDeferred,
    MessageRefused,
    TextMessage,
    gsm_punctuation,
    notify_enabled,
    notify_status_get,
)
from .outbox import outgoing_email_enqueue, outgoing_email_send
from .tokens import registration_short_token, registration_token

Channel = EventMessage.Channel


def message_queue(*, registration: Registration, kind: str, key: str | None = None) -> EventMessage:
    """Queue one message for ``registration``, by email or by text (:func:`message_channel`);
    returns the existing row if this ``key`` was queued before (so calling twice never sends
    twice). Sending happens after commit in a task."""
    message, created = EventMessage.objects.get_or_create(
        registration=registration,
        key=key or kind,
        defaults={"kind": kind, "channel": message_channel(registration)},
    )
    if created:
        outgoing_email_enqueue(message)
    return message


def message_channel(registration: Registration) -> str:
    """Text when GOV.UK Notify is on, the booking has a mobile number, and the person chose
    texts or gave no email; email otherwise."""
    if not notify_enabled():
        return Channel.EMAIL
    if not is_uk_mobile(registration.phone):
        return Channel.EMAIL
    if registration.contact_by == Registration.ContactBy.TEXT or not registration.email:
        return Channel.TEXT
    return Channel.EMAIL


def contact_note(registration: Registration) -> str:
    """What the person (or the volunteer booking for them) should know about how we will
    reach them, or "" when it is plainly email."""
    if message_channel(registration) == Channel.TEXT:
        return _("We will send your confirmation and reminders by text message to %(phone)s.") % {
            "phone": uk_phone_display(registration.phone)
        }
    phone = uk_phone_parse(registration.phone)
    if phone is not None and not phone.is_mobile and not registration.email:
        return _(
            "%(phone)s is a landline, so we cannot send text messages to it: there will be no "
            "confirmation or reminder. Please keep the booking code."
        ) % {"phone": phone.national}
    if not registration.email and not registration.phone:
        return _("There is no email or phone number, so no confirmation will be sent.")
    return ""


def manage_url(registration: Registration, *, short: bool = False) -> str:
    token = registration_short_token(registration) if short else registration_token(registration)
    path = reverse("engagement:registration_manage", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def _recipient(message: EventMessage) -> str:
    registration = message.registration
    if message.channel == Channel.TEXT:
        phone = uk_phone_parse(registration.phone)
        return phone.e164 if phone is not None else ""
    return registration.email


def _render(message: EventMessage, to: str) -> EmailMessage | TextMessage:
    # In the language the person booked in, whatever language the worker happens to be in.
    language = message.registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        if message.channel == Channel.TEXT:
            return _render_text(message, to, language)
        email = _render_email(message)
        email.extra_headers["Content-Language"] = language
        return email


def _context(message: EventMessage, *, short_links: bool) -> dict:
    registration = message.registration
    event = registration.event
    site_url = settings.SITE_URL.rstrip("/")
    if event.area_id:
        next_path = reverse(
            "engagement:you_said_we_did",
            kwargs={"programme_slug": event.programme.slug, "slug": event.area.slug},
        )
    else:
        next_path = event.programme.get_absolute_url()
    # Every link opens its page in the language of the message.
    language = registration.language
    return {
        "registration": registration,
        "event": event,
        "message": message,
        "manage_url": link_in_language(manage_url(registration, short=short_links), language),
        "site_url": link_in_language(site_url + "/", language),
        "you_said_we_did_url": link_in_language(site_url + next_path, language),
    }


def _render_text(message: EventMessage, to: str, language: str) -> TextMessage:
    """One or two text message parts: the few facts that matter and a short link."""
    context = _context(message, short_links=True)
    body = gsm_punctuation(
        " ".join(render_to_string(f"engagement/text/{message.kind}.txt", context).split())
    )
    return TextMessage(to=to, body=body, language=language, reference=f"event-{message.pk}")


def _render_email(message: EventMessage) -> EmailMessage:
    registration = message.registration
    context = _context(message, short_links=False)
    subject = render_to_string(f"engagement/email/{message.kind}_subject.txt", context)
    body = render_to_string(f"engagement/email/{message.kind}.txt", context)
    email = EmailMessage(subject=" ".join(subject.split()), body=body, to=[registration.email])
    if message.kind in (EventMessage.Kind.CONFIRMATION, EventMessage.Kind.REMINDER):
        from .qr import registration_qr_png

        email.attach(f"{registration.code}.png", registration_qr_png(registration), "image/png")
    return email


@transaction.atomic
def messages_retry_failed(*, event: Event, actor: User | None) -> int:
    """Try again now the emails of ``event`` that failed after all their retries (the mail
    server was down for a while, say). Each goes through the same idempotent task, so an email
    that went out meanwhile is not sent twice; each is waiting to send again until then, so the
    sweeper queues it if the queue itself is down. Audit-logged; returns how many were queued."""
    failed = list(
        EventMessage.objects.select_for_update(of=("self",))
        .filter(registration__event=event, status=EventMessage.Status.FAILED)
        .order_by("pk")
    )
    for message in failed:
        message.status = EventMessage.Status.PENDING
        message.save(update_fields=["status", "modified"])
        outgoing_email_enqueue(message)
    if failed:
        audit_log(
            actor=actor, action="event.emails.retry", subject=event, data={"count": len(failed)}
        )
    return len(failed)


def event_message_send(*, message_id: int) -> EventMessage:
    """Send one queued email or text unless it was sent already (see ``outgoing_email_send``)."""
    return outgoing_email_send(
        queryset=EventMessage.objects.select_related(
            "registration__event__programme", "registration__event__area"
        ),
        pk=message_id,
        recipient=_recipient,
        build=_render,
    )


# Notify keeps delivery receipts for a few days; after that there is nothing more to learn.
DELIVERY_WATCH = dt.timedelta(days=3)


def message_deliveries_refresh(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Fetch GOV.UK Notify's delivery status for messages it took in the last three days that
    have no final status yet, oldest-checked first; returns how many were updated. Stops at
    the first "not now" (rate limit, outage): the next run carries on. Idempotent."""
    now = now or timezone.now()
    waiting = (
        EventMessage.objects.filter(
            status=EventMessage.Status.SENT, sent_at__gte=now - DELIVERY_WATCH
        )
        .exclude(provider_id="")
        .exclude(delivery_status__in=FINAL_STATUSES)
        .order_by(F("delivery_checked_at").asc(nulls_first=True), "pk")
        .values_list("pk", "provider_id")[:limit]
    )
    updated = 0
    for pk, provider_id in list(waiting):
        try:
            status = notify_status_get(provider_id)
        except MessageDeferred:
            break
        except MessageRefused:
            status = "validation-failed"
        EventMessage.objects.filter(pk=pk).update(delivery_status=status, delivery_checked_at=now)
        updated += 1
    return updated
