"""Telling a table host their table: which one, its first question and when to be there.

One :class:`~cafes.models.HostTableMessage` row per (host, table, channel), queued when the
host is given a table and sent through the outbox like every other message, in the host's
language. An email always; a text message as well when GOV.UK Notify is on
(``MESSAGE_CHANNEL=notify``) and the host asked for texts on a UK mobile.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from engagement.languages import link_in_language
from engagement.models import HostProfile
from engagement.phones import is_uk_mobile, uk_phone_parse
from engagement.services.notify import TextMessage, gsm_punctuation, notify_enabled
from engagement.services.outbox import outgoing_email_enqueue, outgoing_email_send

from ..models import HostAssignment, HostTableMessage

Channel = HostTableMessage.Channel


def host_channels(user) -> list[str]:
    """How a host hears about their table: always by email, by text too when possible."""
    channels = [Channel.EMAIL]
    profile = HostProfile.objects.filter(user=user).first()
    if (
        notify_enabled()
        and profile is not None
        and profile.contact_by == HostProfile.ContactBy.TEXT
        and is_uk_mobile(profile.phone)
    ):
        channels.append(Channel.TEXT)
    return channels


def host_table_messages_queue(*, assignment: HostAssignment) -> list[HostTableMessage]:
    """Queue the messages telling the host their table (sent after commit). Idempotent: a
    table the host was told about already is not told again."""
    if assignment.table_id is None:
        return []
    rows = []
    for channel in host_channels(assignment.user):
        row, created = HostTableMessage.objects.get_or_create(
            assignment=assignment,
            key=f"table-{assignment.table_id}-{channel}",
            defaults={"table_id": assignment.table_id, "channel": channel},
        )
        if created:
            outgoing_email_enqueue(row)
        rows.append(row)
    return rows


def _language(row: HostTableMessage) -> str:
    return row.assignment.user.preferred_language or settings.LANGUAGE_CODE


def _context(row: HostTableMessage, language: str) -> dict:
    cafe, table = row.assignment.cafe, row.table
    question = cafe.questions.filter(round_number=1).first()
    path = reverse("cafes:host_table", kwargs={"pk": cafe.pk, "number": table.number})
    return {
        "host": row.assignment.user,
        "event": cafe.event,
        "cafe": cafe,
        "table": table,
        "question": question.text_in(language) if question else "",
        "url": link_in_language(settings.SITE_URL.rstrip("/") + path, language),
    }


def _recipient(row: HostTableMessage) -> str:
    user = row.assignment.user
    if row.channel == Channel.TEXT:
        profile = HostProfile.objects.filter(user=user).first()
        phone = uk_phone_parse(profile.phone) if profile and profile.phone else None
        return phone.e164 if phone is not None and phone.is_mobile else ""
    return user.email


def _render(row: HostTableMessage, to: str) -> EmailMessage | TextMessage:
    # In the host's language, whatever language the worker happens to be in.
    language = _language(row)
    with translation.override(language):
        context = _context(row, language)
        if row.channel == Channel.TEXT:
            body = render_to_string("cafes/text/host_table.txt", context)
            return TextMessage(
                to=to,
                body=gsm_punctuation(" ".join(body.split())),
                language=language,
                reference=f"host-table-{row.pk}",
            )
        subject = render_to_string("cafes/email/host_table_subject.txt", context)
        body = render_to_string("cafes/email/host_table.txt", context)
    email = EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])
    email.extra_headers["Content-Language"] = language
    return email


def host_table_message_send(*, row_id: int) -> HostTableMessage:
    """Send one message to a host unless it was sent already (``outgoing_email_send``:
    locked, idempotent). The address or number is read now; one removed since is skipped."""
    return outgoing_email_send(
        queryset=HostTableMessage.objects.select_related(
            "assignment__user", "assignment__cafe__event", "table"
        ),
        pk=row_id,
        recipient=_recipient,
        build=_render,
    )
