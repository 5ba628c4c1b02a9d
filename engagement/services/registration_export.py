"""The bookings list of an event as CSV: the same rows and no more personal data than the page
shows (no email address, no equality answers), each booking's export audit-logged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AuditEntry, Event, Registration, User
from ..spreadsheets import spreadsheet_safe


def _header() -> list[str]:
    return [
        _("Code"),
        _("Name"),
        _("Group"),
        _("Phone"),
        _("People"),
        _("Access needs"),
        _("Access notes"),
        _("Status"),
        _("How they booked"),
        _("Checked in"),
    ]


@transaction.atomic
def registrations_export_csv(
    *, actor: User, event: Event, registrations: Iterable[Registration]
) -> str:
    """CSV of ``registrations`` (already limited by ``registration_list`` to what ``actor`` may
    read). One audit row per booking exported, in the same transaction, so a person can later
    learn who took their booking out of the system and when."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    exported = []
    for r in registrations:
        checked_in = (
            timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else ""
        )
        writer.writerow(
            [
                spreadsheet_safe(v)
                for v in [
                    r.code,
                    r.name,
                    r.group_details,
                    r.phone_display if r.phone else "",
                    r.party_size,
                    "; ".join(r.get_access_needs_display()),
                    r.access_notes,
                    r.get_status_display(),
                    r.get_source_display(),
                    checked_in,
                ]
            ]
        )
        exported.append(r.pk)
    content_type = ContentType.objects.get_for_model(Registration)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            action="registration.export",
            content_type=content_type,
            object_id=str(pk),
            programme_id=event.programme_id,
            data={"event": event.pk},
        )
        for pk in exported
    )
    return out.getvalue()
