"""More per-area figures (kind, who offers, consent, expiry, needs) and the CSV of all of them.

Aggregates only: no names, no contact details, nothing that points at one person. Each block is
one grouped query, whatever the number of offers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import Area
from engagement.spreadsheets import spreadsheet_safe

from .models import Audience, Need, Offer, OffererKind, OfferKind

SOON_DAYS = 30


def _counts(qs, field: str) -> dict[str, int]:
    return dict(qs.values_list(field).annotate(n=Count("id")).values_list(field, "n"))


def _grouped(qs, field: str, choices) -> list[tuple[str, int]]:
    counts = _counts(qs, field)
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def area_figures_more(*, area: Area, today: dt.date | None = None) -> dict:
    """Active offers by kind and by who offers them; individuals' consent (with whom they agreed
    to share, how many agreements end within ``SOON_DAYS``); listings ending soon; needs open,
    met and closed."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=SOON_DAYS)
    active = Offer.objects.filter(area=area, status=Offer.Status.ACTIVE)
    individuals = active.filter(offerer_kind=OffererKind.INDIVIDUAL)
    consent = individuals.aggregate(
        total=Count("id"),
        ending_soon=Count("id", filter=Q(consent_until__lte=soon)),
        coordinators_only=Count("id", filter=Q(**{f"share_{a}": False for a in Audience.values})),
        **{a: Count("id", filter=Q(**{f"share_{a}": True})) for a in Audience.values},
    )
    expiry = Offer.objects.filter(area=area).aggregate(
        ending_soon=Count("id", filter=Q(status=Offer.Status.ACTIVE, expires_on__lte=soon)),
        expired=Count("id", filter=Q(status=Offer.Status.EXPIRED)),
        withdrawn=Count("id", filter=Q(status=Offer.Status.WITHDRAWN)),
        paused=Count("id", filter=Q(status=Offer.Status.PAUSED)),
    )
    need_counts = _counts(Need.objects.filter(area=area), "status")
    return {
        "soon_days": SOON_DAYS,
        "by_kind": _grouped(active, "kind", OfferKind.choices),
        "by_offerer": _grouped(active, "offerer_kind", OffererKind.choices),
        "consent": consent,
        "consent_by_audience": [(str(label), consent[value]) for value, label in Audience.choices],
        "expiry": expiry,
        "needs": [(str(label), need_counts.get(v, 0)) for v, label in Need.Status.choices],
        "needs_met": need_counts.get(Need.Status.MET, 0),
    }


def figures_csv(*, area: Area, figures: dict, more: dict) -> str:
    """Every figure on the page as rows of section, item, number (for a spreadsheet or a
    partnership report). Labels in the reader's language; cells safe to open in a spreadsheet."""
    rows: list[tuple[str, str, object]] = []

    def block(section, pairs):
        rows.extend((section, label, n) for label, n in pairs)

    block(_("Totals"), [(_("Active offers"), figures["active_total"])])
    block(_("Totals"), [(_("Matches done"), figures["matches_done"])])
    block(_("Active offers by category"), figures["by_category"])
    block(_("Active offers by kind"), more["by_kind"])
    block(_("Active offers by who offers"), more["by_offerer"])
    consent = more["consent"]
    within = {"days": SOON_DAYS}
    block(
        _("Individuals' consent"),
        [
            (_("Active offers from individuals"), consent["total"]),
            (
                _("Consent ending within %(days)d days") % {"days": SOON_DAYS},
                consent["ending_soon"],
            ),
            (_("Shared with coordinators only"), consent["coordinators_only"]),
        ]
        + [
            (_("Shared with %(audience)s") % {"audience": label}, n)
            for label, n in more["consent_by_audience"]
        ],
    )
    expiry = more["expiry"]
    block(
        _("Listings"),
        [
            (_("Ending within %(days)d days") % within, expiry["ending_soon"]),
            (_("Expired"), expiry["expired"]),
            (_("Withdrawn"), expiry["withdrawn"]),
            (_("Paused"), expiry["paused"]),
        ],
    )
    block(_("Needs"), more["needs"])
    block(_("Matches by status"), figures["matches"])
    block(
        _("New offers by month"),
        [(m["month"].strftime("%Y-%m"), m["new"]) for m in figures["months"]],
    )
    block(
        _("Active offers at month end"),
        [(m["month"].strftime("%Y-%m"), m["active"]) for m in figures["months"]],
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Area"), _("Figure"), _("Item"), _("Number")])
    for section, label, n in rows:
        writer.writerow([spreadsheet_safe(area.name), section, spreadsheet_safe(label), n])
    return out.getvalue()
