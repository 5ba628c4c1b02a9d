"""The audit log of one programme, in words, for its coordinators and the funder's office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import AuditEntry, Programme

# What the last part of an action code means, for the sentence on the page. An unknown code
# still reads as its own words ("leftovers move"), never as a dotted name.
_VERBS = {
    "create": _("created"),
    "update": _("changed"),
    "change": _("changed"),
    "assign": _("given"),
    "revoke": _("taken away"),
    "remove": _("removed"),
    "add": _("added"),
    "delete": _("deleted"),
    "send": _("sent"),
    "accept": _("accepted"),
    "cancel": _("cancelled"),
    "close": _("closed"),
    "open": _("opened"),
    "erase": _("erased"),
    "withdraw": _("withdrawn"),
    "reject": _("turned down"),
    "shortlist": _("shortlisted"),
    "tally": _("counted"),
    "issue": _("issued"),
    "generate": _("made"),
    "import": _("imported"),
    "export": _("exported"),
    "view": _("looked at"),
    "plan": _("planned"),
    "finish": _("finished"),
    "pay": _("paid"),
    "handle": _("handled"),
    "raise": _("raised"),
    "merge": _("merged"),
    "confirm": _("confirmed"),
    "retry": _("tried again"),
    "request": _("requested"),
}


def action_in_words(entry: AuditEntry) -> str:
    *kind, verb = entry.action.split(".")
    if entry.content_type_id is not None:
        thing = str(entry.content_type.model_class()._meta.verbose_name).capitalize()
    else:
        thing = " ".join(kind).replace("_", " ").capitalize()
    done = _VERBS.get(verb, verb.replace("_", " "))
    return f"{thing} {done}"


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    who: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_list(*, user, programme: Programme, filters: AuditFilter) -> QuerySet[AuditEntry]:
    """The programme's entries, newest first, filtered. The page checks
    ``engagement.view_audit_log`` on the programme before calling this."""
    rows = AuditEntry.objects.filter(programme=programme).select_related("actor", "content_type")
    if filters.action:
        rows = rows.filter(Q(action=filters.action) | Q(action__startswith=filters.action + "."))
    if filters.who:
        rows = rows.filter(
            Q(actor__email__icontains=filters.who) | Q(actor__name__icontains=filters.who)
        )
    if filters.date_from:
        rows = rows.filter(created__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(created__date__lte=filters.date_to)
    return rows.prefetch_related("subject").order_by("-created", "-id")


def audit_kinds(*, programme: Programme) -> list[str]:
    """The kinds of change in the programme's log (the first part of each action), for the
    filter's choices."""
    actions = AuditEntry.objects.filter(programme=programme).values_list("action", flat=True)
    return sorted({a.split(".")[0] for a in actions.distinct()})
