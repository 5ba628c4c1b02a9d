"""Signed tokens in emails: manage or cancel a booking, and invitation links, without logging in."""

from __future__ import annotations

from django.core import signing

from ..models import Event, Registration

_REGISTRATION_SALT = "engagement.registration"
_INVITE_SALT = "engagement.event-invite"


def registration_token(registration: Registration) -> str:
    return signing.dumps([registration.pk, registration.code], salt=_REGISTRATION_SALT)


def registration_from_token(token: str) -> Registration | None:
    """The registration a token names, or None when it is forged or the booking is gone."""
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
