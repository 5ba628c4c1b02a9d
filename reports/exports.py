"""Open data and exports: grants as 360Giving data, PB votes as pabulib files, attendance and
bids as CSV. Rows come from the report selectors (the same scope and period as the report);
nothing here holds personal data (no contact details, no names of residents).

360Giving (https://standard.threesixtygiving.org/): a grant's ``id`` is ``360G-`` + the
publisher's prefix (``REPORTS_360G_PREFIX``, e.g. ``360G-lincspcc``) + our award number.
Recipient groups are identified by their charity or company number where they gave one
(``GB-CHC-``/``GB-COH-``), otherwise by an identifier under our own prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import Award
from engagement.models import Area, Event, Programme
from engagement.selectors.reach import reach_figures
from engagement.spreadsheets import spreadsheet_safe
from pbtally.pabulib import format_pabulib
from voting.models import PBVote
from voting.services.pabulib import vote_export_election

from .selectors import Period, report_awards, report_bids, report_events

_PREFIX_RE = re.compile(r"^360G-[A-Za-z0-9][A-Za-z0-9-]*$")
#: The placeholder shipped as the default: not registered with 360Giving, so grants published
#: under it could collide with anyone else's who kept it.
PLACEHOLDER_PREFIX = "360G-commonground"
#: ONS code prefixes (GSS entity codes) and 360Giving's geoCodeType for each.
_GEO_CODE_TYPES = {
    "E05": "WD",
    "W05": "WD",
    "S13": "WD",
    "E06": "UA",
    "W06": "UA",
    "E07": "NMD",
    "E08": "MD",
    "E09": "LONB",
    "E10": "CTY",
}


def grant_prefix() -> str:
    prefix = settings.REPORTS_360G_PREFIX
    if not _PREFIX_RE.match(prefix):
        raise ImproperlyConfigured(
            "REPORTS_360G_PREFIX must start with '360G-' followed by letters, digits or dashes."
        )
    return prefix.rstrip("-")


def publishing_problem() -> str:
    """Why 360Giving data cannot be published yet (empty when it can): the prefix must be one
    360Giving registered for the publisher, not the placeholder or a malformed value."""
    prefix = settings.REPORTS_360G_PREFIX
    if not _PREFIX_RE.match(prefix):
        return _(
            "The 360Giving prefix (REPORTS_360G_PREFIX) must start with “360G-” followed by "
            "letters, digits or dashes. Ask whoever runs this site to correct it."
        )
    if prefix.rstrip("-").casefold() == PLACEHOLDER_PREFIX.casefold():
        return _(
            "360Giving data cannot be published yet: this site still uses the placeholder "
            "prefix “%(prefix)s”. Register a prefix with 360Giving "
            "(https://www.threesixtygiving.org/support/publish-your-data/) and set "
            "REPORTS_360G_PREFIX to it."
        ) % {"prefix": PLACEHOLDER_PREFIX}
    return ""


def funder_identifier(programme: Programme) -> str:
    return settings.REPORTS_360G_FUNDER_ID or f"{grant_prefix()}-funder-{programme.slug}"


def _recipient(bid) -> dict[str, Any]:
    """The group as 360Giving wants it, from its organisation record when it has one: its
    charity or company number when known, otherwise a stable id under our prefix built from
    the record's number (or, for a bid made before records existed, the bid's)."""
    record = bid.organisation
    while record is not None and record.merged_into_id is not None:
        record = record.merged_into
    source = record if record is not None else bid
    name = (record.name if record is not None else "") or bid.group_name or bid.title
    org: dict[str, Any] = {"name": name}
    charity = re.sub(r"\s", "", source.charity_number or "")
    company = re.sub(r"\s", "", source.company_number or "")
    if charity:
        org["id"] = f"GB-CHC-{charity}"
        org["charityNumber"] = charity
    elif company:
        org["id"] = f"GB-COH-{company.upper()}"
    elif record is not None:
        org["id"] = f"{grant_prefix()}-org-{record.pk}"
    else:
        org["id"] = f"{grant_prefix()}-org-bid-{bid.pk}"
    if company:
        org["companyNumber"] = company.upper()
    return org


def _beneficiary_location(area: Area) -> dict[str, Any]:
    location: dict[str, Any] = {"name": area.name, "countryCode": "GB"}
    code = area.ons_code.strip().upper()
    if code:
        location["geoCode"] = code
        geo_type = _GEO_CODE_TYPES.get(code[:3])
        if geo_type:
            location["geoCodeType"] = geo_type
    return location


def _pounds(pence: int) -> int | float:
    value = Decimal(pence) / 100
    return int(value) if value == value.to_integral() else float(value)


def _awards(programme: Programme, area: Area | None, period: Period):
    return (
        report_awards(programme=programme, area=area, period=period)
        .select_related(
            "bid__round__area__programme",
            "bid__category",
            "category",
            "bid__organisation__merged_into",
        )
        .order_by("created", "pk")
    )


def grant(award: Award) -> dict[str, Any]:
    bid = award.bid
    programme = bid.round.area.programme
    return {
        "id": f"{grant_prefix()}-{award.pk}",
        "title": bid.title,
        "description": bid.summary or bid.description or bid.title,
        "currency": "GBP",
        "amountAwarded": _pounds(award.amount_pence),
        "awardDate": timezone.localdate(award.created).isoformat(),
        "recipientOrganization": [_recipient(bid)],
        "fundingOrganization": [
            {"id": funder_identifier(programme), "name": programme.funder_name or programme.name}
        ],
        "grantProgramme": [{"code": bid.round.slug, "title": bid.round.name}],
        "beneficiaryLocation": [_beneficiary_location(bid.round.area)],
        "dateModified": timezone.localtime(award.modified).isoformat(timespec="seconds"),
        **_classifications(award),
    }


def _classifications(award: Award) -> dict[str, Any]:
    """The category pot the grant belongs to (the award's, else the bid's), as a 360Giving
    classification, so a funder can total grants per category."""
    category = award.category or award.bid.category
    if category is None:
        return {}
    return {
        "classifications": [
            {
                "vocabulary": "Common Ground category pot",
                "code": str(category.pk),
                "title": category.name,
            }
        ]
    }


def grants_360giving(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> dict[str, Any]:
    """A 360Giving data package: ``{"grants": [...]}``."""
    return {"grants": [grant(a) for a in _awards(programme, area, period or Period())]}


GRANTS_CSV_HEADER = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Beneficiary Location:Name",
    "Beneficiary Location:Country Code",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "Last Modified",
]


def grants_csv_rows(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> Iterator[list[str]]:
    """The same grants as :func:`grants_360giving`, flattened with 360Giving's column titles."""
    yield GRANTS_CSV_HEADER
    for award in _awards(programme, area, period or Period()):
        g = grant(award)
        recipient, funder = g["recipientOrganization"][0], g["fundingOrganization"][0]
        row = [
            g["id"],
            g["title"],
            g["description"],
            g["currency"],
            g["amountAwarded"],
            g["awardDate"],
            recipient["id"],
            recipient["name"],
            recipient.get("charityNumber", ""),
            recipient.get("companyNumber", ""),
            funder["id"],
            funder["name"],
            g["grantProgramme"][0]["code"],
            g["grantProgramme"][0]["title"],
            g["beneficiaryLocation"][0]["name"],
            g["beneficiaryLocation"][0]["countryCode"],
            g["beneficiaryLocation"][0].get("geoCode", ""),
            g["beneficiaryLocation"][0].get("geoCodeType", ""),
            g["dateModified"],
        ]
        yield [spreadsheet_safe(v) for v in row]


BIDS_CSV_HEADER = [
    "reference",
    "round",
    "area",
    "group",
    "title",
    "summary",
    "amount_requested_pounds",
    "status",
    "amount_awarded_pounds",
    "submitted_on",
]


def bids_csv_rows(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> Iterator[list[str]]:
    """Bids received in scope: no contact details, nothing the group was not told."""
    yield BIDS_CSV_HEADER
    awarded = dict(
        Award.objects.active()
        .filter(bid__round__area__programme=programme)
        .values_list("bid_id", "amount_pence")
    )
    bids = (
        report_bids(programme=programme, area=area, period=period or Period())
        .select_related("round__area")
        .order_by("round__area__name", "round__slug", "number", "pk")
    )
    for bid in bids:
        row = [
            bid.reference,
            bid.round.name,
            bid.round.area.name,
            bid.group_name,
            bid.title,
            bid.summary,
            _pounds(bid.amount_requested_pence or 0),
            bid.get_status_display(),
            _pounds(awarded[bid.pk]) if bid.pk in awarded else "",
            timezone.localdate(bid.submitted_at).isoformat() if bid.submitted_at else "",
        ]
        yield [spreadsheet_safe(v) for v in row]


ATTENDANCE_CSV_HEADER = [
    "event",
    "kind",
    "area",
    "date",
    "registered",
    "came",
    "walk_ins",
    "no_shows",
]


def attendance_csv_rows(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> Iterator[list[str]]:
    """People at each event (counts only, from the reach selector; never who they were)."""
    yield ATTENDANCE_CSV_HEADER
    events = (
        report_events(programme=programme, area=area, period=period or Period())
        .select_related("area")
        .order_by("starts_at", "pk")
    )
    for event in events:
        figures = reach_figures(events=Event.objects.filter(pk=event.pk))
        row = [
            event.title,
            event.get_kind_display(),
            event.area.name if event.area else "",
            timezone.localdate(event.starts_at).isoformat(),
            figures["registered"],
            figures["attended"],
            figures["walk_ins"],
            figures["no_shows"],
        ]
        yield [spreadsheet_safe(v) for v in row]


def vote_pabulib_text(*, vote: PBVote) -> str:
    """A counted PB vote as a pabulib file (the voting engine's own writer), with the
    ``selected`` column from the count. Ballots carry no voter details."""
    election = vote_export_election(vote)
    record = getattr(vote, "tally", None)
    return format_pabulib(election, selected=record.selected if record is not None else None)
