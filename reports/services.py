"""Writes of the reports app: asking for impact reports (made by the shared PDF task), and the
same report rendered straight to bytes for the management command and benchmarks."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from engagement.models import Area, GeneratedDocument, Programme, User
from engagement.pdf import render_pdf
from engagement.services import DomainError, document_request

from .pdf import IMPACT_REPORT, TEMPLATE, pdf_context
from .selectors import Period


def _check_period(date_from: dt.date | None, date_to: dt.date | None) -> Period:
    if date_from and date_to and date_to < date_from:
        raise DomainError(_("The end of the period must not be before its start."))
    return Period(date_from, date_to)


def _subject(programme: Programme, area: Area | None):
    if area is not None and area.programme_id != programme.pk:
        raise DomainError(_("That area is not part of this programme."))
    return area if area is not None else programme


def report_request(
    *,
    actor: User | None,
    programme: Programme,
    area: Area | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    language: str = "",
) -> GeneratedDocument:
    """Ask for an impact report of ``programme`` (or one ``area``) over a period, in English
    or Welsh (``language``; empty: the site's language).

    The permission check is the caller's (views use ``reports.request_report``). Asking again
    for the same scope and period re-renders into the same record, replacing its file: it never
    makes a second record. The render is queued after commit.
    """
    period = _check_period(date_from, date_to)
    subject = _subject(programme, area)
    return document_request(
        actor=actor, kind=IMPACT_REPORT, subject=subject, params=_params(period, language)
    )


def _params(period: Period, language: str) -> dict:
    params = period.as_params()
    language = _check_language(language)
    if language and language != translation.get_supported_language_variant(settings.LANGUAGE_CODE):
        # Only a language other than the site's is stored, so an English report asked for
        # before reports had a language is the same record as one asked for now.
        params["language"] = language
    return params


def _check_language(language: str) -> str:
    if not language:
        return ""
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        raise DomainError(_("Reports are made in English or Welsh.")) from None


def report_regenerate(*, actor: User | None, document: GeneratedDocument) -> GeneratedDocument:
    """Make a stored report again (new figures, same record, the file replaced)."""
    if document.kind != IMPACT_REPORT:
        raise DomainError(_("That document is not an impact report."))
    if document.subject is None:
        raise DomainError(_("The programme or area of this report no longer exists."))
    return document_request(
        actor=actor, kind=IMPACT_REPORT, subject=document.subject, params=document.params
    )


def report_pdf(
    *,
    programme: Programme,
    area: Area | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    language: str = "",
) -> tuple[bytes, int]:
    """The report as PDF bytes and its page count, rendered here and now (no record, no
    queue): what ``manage.py impact_report`` writes. Same context and template as the task."""
    period = _check_period(date_from, date_to)
    subject = _subject(programme, area)
    params = _params(period, language)
    return render_pdf(TEMPLATE, pdf_context(subject, params), language=params.get("language"))


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    first_this = today.replace(day=1)
    last = first_this - dt.timedelta(days=1)
    return last.replace(day=1), last


@transaction.atomic
def monthly_reports_request(*, today: dt.date | None = None) -> list[GeneratedDocument]:
    """Ask for last month's report of every active programme (Celery beat, monthly).

    Idempotent: a second run in the same month asks for the same records again, which replaces
    their files rather than adding more.
    """
    start, end = previous_month(today or timezone.localdate())
    return [
        report_request(actor=None, programme=programme, date_from=start, date_to=end)
        for programme in Programme.objects.active().order_by("pk")
    ]
