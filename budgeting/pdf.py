"""The grant offer letter, made by the shared PDF machinery (engagement.pdf)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engagement.pdf import DocumentKind

from .services.projects import GRANT_LETTER


def _context(project, params: dict) -> dict:
    project = (
        type(project)
        .objects.select_related(
            "bid__round__area__programme", "award", "bid__round__pot", "bid__organisation"
        )
        .get(pk=project.pk)
    )
    programme = project.bid.round.area.programme
    milestones = list(project.milestones.all())
    awarded_on = timezone.localdate(project.award.created)
    return {
        "logo_uri": Path(programme.funder_logo.path).resolve().as_uri()
        if programme.funder_logo
        else "",
        "period_start": awarded_on,
        "period_end": max((m.due_date for m in milestones), default=awarded_on)
        + dt.timedelta(days=project.update_every_days),
        "address": project.bid.group_address
        or (project.bid.organisation.address if project.bid.organisation_id else ""),
        "project": project,
        "bid": project.bid,
        "round": project.bid.round,
        "programme": project.bid.round.area.programme,
        "milestones": milestones,
        "cost_lines": list(project.bid.cost_lines.all()),
        "today": timezone.localdate(),
    }


def _title(project, params: dict) -> str:
    return _("Grant offer letter: %(title)s") % {"title": project.bid.title}


def _filename(project, params: dict) -> str:
    return f"grant-offer-{project.pk}-{slugify(project.bid.title)[:40] or 'project'}.pdf"


GRANT_LETTER_KIND = DocumentKind(
    name=GRANT_LETTER,
    template="budgeting/pdf/grant_offer_letter.html",
    context=_context,
    title=_title,
    filename=_filename,
    permission="budgeting.view_project_private",
)
