"""Signed tokens in emails: manage or cancel a booking, and invitation links, without logging in."""

from __future__ import annotations

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from ..models import Event, Registration

_REGISTRATION_SALT = "engagement.registration"
_INVITE_SALT = "engagement.event-invite"
_SHORT_SALT = "engagement.registration-short"


def registration_token(registration: Registration) -> str:
    return signing.dumps([registration.pk, registration.code], salt=_REGISTRATION_SALT)


def registration_short_token(registration: Registration) -> str:
    """A shorter link token for text messages, where every character costs: the booking's code
    and 12 hex digits of an HMAC (48 bits, on top of the code's own secrecy)."""
    return f"{registration.code}-{_short_signature(registration.pk, registration.code)}"


def _short_signature(pk: int, code: str) -> str:
    return salted_hmac(_SHORT_SALT, f"{pk}:{code}").hexdigest()[:12]


def _registration_from_short_token(token: str) -> Registration | None:
    code, _dash, signature = token.rpartition("-")
    registration = (
        Registration.objects.select_related("event__programme", "event__area")
        .filter(code=code)
        .first()
    )
    if registration is None or not constant_time_compare(
        signature, _short_signature(registration.pk, registration.code)
    ):
        return None
    return registration


def registration_from_token(token: str) -> Registration | None:
    """The registration a token (long or short) names, or None when it is forged or the
    booking is gone."""
    if ":" not in token:
        return _registration_from_short_token(token)
    try:
        pk, code = signing.loads(token, salt=_REGISTRATION_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Registration.objects.select_related("event__programme", "event__area")
        .filter(pk=pk, code=code)
        .first()
    )


def event_invite_token(event: Event) -> str:
    return signing.dumps(event.pk, salt=_INVITE_SALT)


def event_invite_valid(event: Event, token: str | None) -> bool:
    if not token:
        return False
    try:
        return signing.loads(token, salt=_INVITE_SALT) == event.pk
    except signing.BadSignature:
        return False
