"""CSV import (all or nothing, with a row-by-row error report) and CSV export with audit."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engagement.models import Area, AuditEntry, User
from engagement.services import DomainError, audit_log
from engagement.spreadsheets import spreadsheet_safe

from ..models import Audience, Offer, OfferImport
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
class RowWarning:
    """A row that looks like an offer already in the directory (or earlier in the file)."""

    line: int
    message: str
    offer: Offer | None = None


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and (self.created > 0 or self.skipped > 0)


#: What the importer asked for rows that look like offers already in the directory.
DUPLICATES_STOP, DUPLICATES_SKIP, DUPLICATES_IMPORT = "stop", "skip", "import"


def _errors_of(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(name, str(m)) for name, errs in exc.message_dict.items() for m in errs]
    return [("", str(m)) for m in exc.messages]


def rows_digest(rows: list[dict]) -> str:
    """A fingerprint of the rows, whatever their order or the order of the columns, and
    ignoring spaces around values: the same rows give the same fingerprint."""
    canonical = sorted(
        json.dumps(
            sorted(((k or "").strip().lower(), (v or "").strip()) for k, v in row.items() if k),
            ensure_ascii=False,
        )
        for row in rows
    )
    return hashlib.sha256("\n".join(canonical).encode()).hexdigest()


def _row_area(row: dict, *, chosen: Area | None, use_chosen: bool, areas: QuerySet[Area]):
    """(area, problem): the file's area unless the importer chose to put every row in one."""
    named = (row.get("area") or "").strip()
    if use_chosen or not named:
        if chosen is None:
            return None, _("Choose an area on the form, or give one in an 'area' column.")
        return chosen, ""
    found = list(areas.filter(Q(name__iexact=named) | Q(slug__iexact=named))[:2])
    if not found:
        return None, _("'%(name)s' is not an area you can import offers into.") % {"name": named}
    if len(found) > 1 and chosen is not None and chosen in found:
        return chosen, ""
    if len(found) > 1:
        return None, _(
            "More than one of your areas is called '%(name)s': choose it on the form instead."
        ) % {"name": named}
    return found[0], ""


def _duplicate_of(data: dict, area: Area) -> Offer | None:
    return (
        Offer.objects.filter(
            area__programme_id=area.programme_id,
            title__iexact=data["title"].strip(),
            offerer_name__iexact=data["offerer_name"].strip(),
        )
        .exclude(status=Offer.Status.WITHDRAWN)
        .select_related("area")
        .first()
    )


def _already_imported(digest: str) -> RowError | None:
    earlier = OfferImport.objects.filter(digest=digest).first()
    if earlier is None:
        return None
    return RowError(
        0,
        "",
        _(
            "These rows were imported already, on %(date)s (%(count)d offers). Nothing was "
            "imported again; to change those offers, edit them in the directory."
        )
        % {
            "date": date_format(timezone.localtime(earlier.created)),
            "count": earlier.created_count,
        },
    )


def _read_rows(data: bytes, row_form: type, result: ImportResult) -> list[tuple[int, dict]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            RowError(0, "", _("The file is not UTF-8 text. Save it as CSV UTF-8."))
        )
        return []
    reader = csv.DictReader(io.StringIO(text))
    missing = set(row_form.required_columns()) - set(reader.fieldnames or [])
    if missing:
        result.errors.append(
            RowError(1, ", ".join(sorted(missing)), _("These columns are missing."))
        )
        return []
    rows = []
    for line, row in enumerate(reader, start=2):
        if len(rows) >= MAX_IMPORT_ROWS:
            result.errors.append(
                RowError(line, "", _("At most %(n)d rows per file.") % {"n": MAX_IMPORT_ROWS})
            )
            return []
        row.pop(None, None)  # values beyond the header's columns
        if any((v or "").strip() for v in row.values()):
            rows.append((line, row))
    if not rows:
        result.errors.append(RowError(0, "", _("The file has no rows.")))
    return rows


def offers_import_csv(
    *,
    actor: User,
    area: Area | None,
    data: bytes,
    row_form: type,
    areas: QuerySet[Area] | None = None,
    use_chosen_area: bool = False,
    duplicates: str = DUPLICATES_STOP,
    file_name: str = "",
) -> ImportResult:
    """Create one offer per CSV row. Every row is checked by ``row_form`` (the caller's
    ``assets.forms.OfferImportRowForm``: the same rules as the offer form, kept with the forms
    so this service imports none), and every problem of every row is listed at once (line
    numbers count the header as line 1). If any row fails, nothing is stored.

    A row goes into the area its ``area`` column names (among ``areas``, those the importer
    records in), unless ``use_chosen_area``; rows without one go into ``area``. The same rows
    are never imported twice (a fingerprint of each imported file is kept). Rows that look like
    offers already in the directory are shown as warnings and, as ``duplicates`` says, stop
    the import, are left out, or are imported too."""

    result = ImportResult()
    rows = _read_rows(data, row_form, result)
    if not rows:
        return result
    digest = rows_digest([row for _line, row in rows])
    refused = _already_imported(digest)
    if refused:
        result.errors.append(refused)
        return result
    areas = areas if areas is not None else Area.objects.filter(pk=getattr(area, "pk", None))
    checked: list[tuple[int, Area, object]] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        row_area, problem = _row_area(row, chosen=area, use_chosen=use_chosen_area, areas=areas)
        if problem:
            result.errors.append(RowError(line, "area", problem))
        form = row_form(data=row, area=row_area or area or areas.first())
        if not form.is_valid():
            for name, errs in form.errors.items():
                for message in errs:
                    result.errors.append(RowError(line, "" if name == "__all__" else name, message))
        if problem or form.errors:
            continue
        key = (
            row_area.programme_id,
            form.cleaned_data["title"].strip().lower(),
            form.cleaned_data["offerer_name"].strip().lower(),
        )
        twin = _duplicate_of(form.cleaned_data, row_area)
        if twin is not None and not actor.has_perm("assets.view_offer", twin):
            # Say no more than that it exists: it may be somebody's personal data.
            result.warnings.append(
                RowWarning(
                    line,
                    _("Looks like an offer already listed in %(area)s.") % {"area": twin.area.name},
                )
            )
        elif twin is not None:
            result.warnings.append(
                RowWarning(
                    line,
                    _("Looks like “%(title)s” from %(name)s, already listed in %(area)s.")
                    % {"title": twin.title, "name": twin.offerer_name, "area": twin.area.name},
                    twin,
                )
            )
        elif key in seen:
            result.warnings.append(
                RowWarning(line, _("The same offer as line %(line)d.") % {"line": seen[key]})
            )
        seen.setdefault(key, line)
        duplicate = twin is not None or seen[key] != line
        if duplicate and duplicates == DUPLICATES_SKIP:
            result.skipped += 1
            continue
        checked.append((line, row_area, form))
    if result.errors or (result.warnings and duplicates == DUPLICATES_STOP):
        return result
    _create_all(actor=actor, checked=checked, digest=digest, file_name=file_name, result=result)
    return result


def _create_all(*, actor, checked, digest: str, file_name: str, result: ImportResult) -> None:
    """Store every checked row, or none: a refusal from the service undoes the lot."""
    with transaction.atomic():
        for line, row_area, form in checked:
            try:
                with transaction.atomic():
                    offer_create(actor=actor, area=row_area, **form.service_kwargs())
            except ValidationError as exc:
                for name, message in _errors_of(exc):
                    result.errors.append(RowError(line, "" if name == "__all__" else name, message))
                continue
            result.created += 1
            if row_area.name not in result.areas:
                result.areas.append(row_area.name)
        if not result.errors:
            try:
                with transaction.atomic():
                    OfferImport.objects.create(
                        digest=digest,
                        rows=len(checked) + result.skipped,
                        created_count=result.created,
                        imported_by=actor,
                        file_name=file_name[:200],
                    )
            except IntegrityError:
                # The same file, sent twice at once: the other upload got there first.
                result.errors.append(
                    _already_imported(digest)
                    or RowError(0, "", _("These rows were imported already."))
                )
        if result.errors:
            result.created = 0
            result.areas = []
            transaction.set_rollback(True)
            return
        audit_log(
            actor=actor,
            action="asset.offer.import",
            subject=checked[0][1] if len(result.areas) == 1 and checked else None,
            data={"count": result.created, "skipped": result.skipped, "areas": result.areas},
        )


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


__all__ = [
    "DomainError",
    "ImportResult",
    "RowError",
    "RowWarning",
    "offers_export_csv",
    "offers_import_csv",
    "rows_digest",
]
