"""GOV.UK Notify, through its official client, for email and text messages.

The product keeps the words of every message in its own templates and sends them to Notify as
personalisation, so Notify needs one template per channel and language: an email template whose
subject is ``((subject))`` and body ``((body))``, and a text template whose body is ``((body))``
(README: "Text messages and GOV.UK Notify").

Notify's answers decide what happens next: a 429 (rate limit) or a 5xx, or no answer at all, is
:class:`MessageDeferred`, and the outbox task tries again later with backoff; a 400 or 403 (a
bad number, a bad key, a template that does not exist) is :class:`MessageRefused`, and sending
again would only be refused again, so the row is marked failed with Notify's reason for staff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException

# Notify's answers that say "not now" rather than "never".
RETRYABLE_STATUS = {429, 500, 502, 503, 504}

# Notify's statuses that will not change any more: nothing to fetch again.
FINAL_STATUSES = {
    "delivered",
    "sent",  # sent abroad: no delivery receipt will come
    "permanent-failure",
    "temporary-failure",
    "technical-failure",
    "validation-failed",
}


# GSM 03.38: the characters a text message carries at 7 bits each (160 to a part); those in
# the extension table take two. Anything else (Welsh ŵ and ŷ among them) makes the whole
# message Unicode: 70 characters to a part.
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = "^{}\\[~]|€\f"


# Typographic punctuation (and the ellipsis truncation adds) that would make a whole text
# Unicode, costing twice the parts, for what plain characters say as well.
_PLAIN_PUNCTUATION = str.maketrans(
    {"…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}
)


def gsm_punctuation(body: str) -> str:
    """``body`` with typographic punctuation made plain; letters (Welsh ŵ and ŷ too) kept."""
    return body.translate(_PLAIN_PUNCTUATION)


def text_parts(body: str) -> int:
    """How many text message parts ``body`` costs (what Notify charges for)."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in body):
        length = sum(2 if ch in GSM_EXTENDED else 1 for ch in body)
        single, each = 160, 153
    else:
        length, single, each = len(body), 70, 67
    return 1 if length <= single else -(-length // each)


class MessageDeferred(Exception):
    """Notify could not take the message now (rate limit, outage, network): try again later."""


class MessageRefused(Exception):
    """Notify refused the message for good (bad number or address, bad key or template)."""


def notify_enabled() -> bool:
    return settings.MESSAGE_CHANNEL == "notify"


def _client() -> NotificationsAPIClient:
    return NotificationsAPIClient(
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=10
    )


def _template(kind: str, language: str | None) -> str:
    welsh = (language or translation.get_language() or "").startswith("cy")
    name = f"NOTIFY_{kind}_TEMPLATE_{'CY' if welsh else 'EN'}"
    # A Welsh template is optional: without one, Welsh words go in the English template.
    template = getattr(settings, name) or getattr(settings, f"NOTIFY_{kind}_TEMPLATE_EN")
    if not template:
        raise MessageRefused(f"{name} is not set: no Notify template to send through.")
    return template


def _ask(request: Callable[[], dict]) -> dict:
    """Notify's answer to ``request``, its errors turned into deferred or refused."""
    try:
        return request()
    except APIError as exc:
        if exc.status_code in RETRYABLE_STATUS:
            raise MessageDeferred(str(exc)) from exc
        raise MessageRefused(str(exc)) from exc
    except RequestException as exc:
        raise MessageDeferred(f"{type(exc).__name__}: {exc}") from exc


def notify_email_send(
    *, to: str, subject: str, body: str, language: str | None, reference: str = ""
) -> str:
    """Send one email through Notify; returns Notify's id for it."""
    client, template = _client(), _template("EMAIL", language)
    answer = _ask(
        lambda: client.send_email_notification(
            email_address=to,
            template_id=template,
            personalisation={"subject": subject, "body": body},
            reference=reference or None,
        )
    )
    return str(answer["id"])


def notify_text_send(*, to: str, body: str, language: str | None, reference: str = "") -> str:
    """Send one text message through Notify; returns Notify's id for it."""
    client, template = _client(), _template("SMS", language)
    answer = _ask(
        lambda: client.send_sms_notification(
            phone_number=to,
            template_id=template,
            personalisation={"body": body},
            reference=reference or None,
            sms_sender_id=settings.NOTIFY_SMS_SENDER_ID or None,
        )
    )
    return str(answer["id"])


def notify_status_get(notification_id: str) -> str:
    """Notify's current status for one message (e.g. ``delivered``, ``permanent-failure``)."""
    client = _client()
    return str(_ask(lambda: client.get_notification_by_id(notification_id))["status"])


@dataclass
class TextMessage:
    """A text message ready to go, sent like an email (``send()``) by the outbox."""

    to: str
    body: str
    language: str | None
    reference: str = ""
    provider_id: str = ""

    def send(self) -> int:
        self.provider_id = notify_text_send(
            to=self.to, body=self.body, language=self.language, reference=self.reference
        )
        return 1
