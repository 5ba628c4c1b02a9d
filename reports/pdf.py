"""The impact report as a kind of document for the shared PDF machinery (``engagement.pdf``).

The subject is a programme or one of its areas; the options (``params``) hold the period as ISO
dates (``from``/``to``, either may be empty). The management command renders through the same
functions (``reports.services.report_pdf``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engagement.models import Area, Programme
from engagement.pdf import DocumentKind

from .context import report_context
from .selectors import Period

IMPACT_REPORT = "impact_report"
TEMPLATE = "reports/pdf/impact_report.html"


def period_from_params(params: dict) -> Period:
    """The period stored on a document; a bad date is a clear failure, never a guess."""
    try:
        start = dt.date.fromisoformat(params["from"]) if params.get("from") else None
        end = dt.date.fromisoformat(params["to"]) if params.get("to") else None
    except (TypeError, ValueError):
        raise ValueError(
            _("The report's dates are not valid: %(from)s to %(to)s.")
            % {"from": params.get("from"), "to": params.get("to")}
        ) from None
    if start and end and end < start:
        raise ValueError(_("The report's period ends before it starts."))
    return Period(start, end)


def split_subject(subject) -> tuple[Programme, Area | None]:
    if isinstance(subject, Area):
        return subject.programme, subject
    if isinstance(subject, Programme):
        return subject, None
    raise ValueError(_("An impact report is about a programme or an area."))


def pdf_context(subject, params: dict) -> dict:
    """The report's figures and words, in the language it was asked for (``params["language"]``:
    the words generated here, such as chart titles and the summary, as well as the template's)."""
    programme, area = split_subject(subject)
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        return report_context(programme, area, period_from_params(params))


def report_title(subject, params: dict) -> str:
    programme, area = split_subject(subject)
    name = f"{programme.name}: {area.name}" if area else programme.name
    try:
        period = period_from_params(params).label
    except ValueError:  # shown as failed, with the reason, when it is rendered
        return _("Impact report: %(name)s") % {"name": name}
    title = _("Impact report: %(name)s (%(period)s)") % {"name": name, "period": period}
    if params.get("language") == "cy":
        title += " – " + _("in Welsh")
    return title


def report_filename(subject, params: dict) -> str:
    programme, area = split_subject(subject)
    parts = ["impact-report", programme.slug[:40]]
    if area:
        parts.append(area.slug[:40])
    parts += [params.get("from") or "start", params.get("to") or "now"]
    if params.get("language") and params["language"] != settings.LANGUAGE_CODE:
        parts.append(params["language"])
    return slugify("-".join(parts)) + ".pdf"


IMPACT_REPORT_KIND = DocumentKind(
    name=IMPACT_REPORT,
    template=TEMPLATE,
    context=pdf_context,
    title=report_title,
    filename=report_filename,
    permission="reports.view_report",
)
