"""CSV import (all or nothing, with a row-by-row error report) and CSV export with audit."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from engagement.models import Area, AuditEntry, User
from engagement.services import DomainError, audit_log
from engagement.spreadsheets import spreadsheet_safe

from ..models import Audience, Offer
from .offers import offer_create

MAX_IMPORT_ROWS = 5000

EXPORT_COLUMNS = [
    "id",
    "area",
    "title",
    "kind",
    "category",
    "subcategory",
    "tags",
    "description",
    "offerer_kind",
    "offerer_name",
    "contact_email",
    "contact_phone",
    "contact_preference",
    "postcode",
    "frequency",
    "schedule",
    "available_from",
    "available_until",
    "capacity",
    "insured",
    "dbs_checked",
    "accessible_venue",
    "is_public",
    "share_with",
    "consent_until",
    "safeguarding",
    "status",
    "expires_on",
]


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _errors_of(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(name, str(m)) for name, errs in exc.message_dict.items() for m in errs]
    return [("", str(m)) for m in exc.messages]


def offers_import_csv(*, actor: User, area: Area, data: bytes, row_form: type) -> ImportResult:
    """Create one offer per CSV row in ``area``. Every row is checked by ``row_form`` (the
    caller's ``assets.forms.OfferImportRowForm``: the same rules as the offer form, kept with the
    forms so this service imports none); if any row fails, nothing is stored and the result
    lists every bad row and column (line numbers count the header as line 1)."""

    result = ImportResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            RowError(0, "", _("The file is not UTF-8 text. Save it as CSV UTF-8."))
        )
        return result
    reader = csv.DictReader(io.StringIO(text))
    missing = set(row_form.required_columns()) - set(reader.fieldnames or [])
    if missing:
        result.errors.append(
            RowError(1, ", ".join(sorted(missing)), _("These columns are missing."))
        )
        return result
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            if line - 1 > MAX_IMPORT_ROWS:
                result.errors.append(
                    RowError(line, "", _("At most %(n)d rows per file.") % {"n": MAX_IMPORT_ROWS})
                )
                break
            if not any((v or "").strip() for v in row.values()):
                continue
            form = row_form(data=row, area=area)
            if not form.is_valid():
                for name, errs in form.errors.items():
                    for message in errs:
                        result.errors.append(
                            RowError(line, "" if name == "__all__" else name, message)
                        )
                continue
            try:
                with transaction.atomic():
                    offer_create(actor=actor, area=area, **form.service_kwargs())
            except ValidationError as exc:
                for name, message in _errors_of(exc):
                    result.errors.append(RowError(line, "" if name == "__all__" else name, message))
                continue
            result.created += 1
        if result.errors:
            result.created = 0
            transaction.set_rollback(True)
        elif result.created:
            audit_log(
                actor=actor,
                action="asset.offer.import",
                subject=area,
                data={"count": result.created},
            )
    if not result.errors and not result.created:
        result.errors.append(RowError(0, "", _("The file has no rows.")))
    return result


@transaction.atomic
def offers_export_csv(*, actor: User, offers: QuerySet[Offer]) -> str:
    """CSV of ``offers`` (already limited to what ``actor`` may see). Every individual's offer in
    it gets an audit row, written in the same transaction as the export is made."""
    offers = offers.select_related("area", "subcategory").prefetch_related("tags")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    audited = []
    for o in offers:
        writer.writerow(
            [
                spreadsheet_safe(v)
                for v in [
                    o.uuid,
                    o.area.name,
                    o.title,
                    o.kind,
                    o.category,
                    o.subcategory.slug if o.subcategory else "",
                    ";".join(t.name for t in o.tags.all()),
                    o.description,
                    o.offerer_kind,
                    o.offerer_name,
                    o.contact_email,
                    o.contact_phone,
                    o.contact_preference,
                    o.postcode,
                    o.frequency,
                    o.schedule,
                    o.available_from or "",
                    o.available_until or "",
                    o.capacity,
                    "yes" if o.insured else "no",
                    "yes" if o.dbs_checked else "no",
                    "yes" if o.accessible_venue else "no",
                    "yes" if o.is_public else "no",
                    ";".join(a for a in Audience.values if getattr(o, f"share_{a}")),
                    o.consent_until or "",
                    o.safeguarding,
                    o.status,
                    o.expires_on,
                ]
            ]
        )
        if o.is_individual and o.offered_by_id != actor.pk:
            audited.append(o.pk)
    if audited:
        content_type = ContentType.objects.get_for_model(Offer)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=actor,
                action="asset.offer.export",
                content_type=content_type,
                object_id=str(pk),
            )
            for pk in audited
        )
    return out.getvalue()


__all__ = ["DomainError", "ImportResult", "RowError", "offers_export_csv", "offers_import_csv"]
