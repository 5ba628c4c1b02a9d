"""The one place where an impact report's figures are computed.

:func:`impact_report` returns everything a report shows for a programme (or one area of it) over
a period; the dashboard pages, the PDF and the CSV/360Giving exports all read from here, so the
numbers on screen and on paper are the same numbers.

Counts of people reuse ``engagement.selectors.reach`` (people, not bookings; equality answers
aggregated with small numbers suppressed). Every total is a database aggregate; the number of
queries grows with the number of areas and months, never with the number of bids, ballots or
registrations.

What falls in a period (both ends inclusive, local dates; no dates means everything so far):
events by their start (only events that have started count), bids by when they were
submitted, awards and contributions by when they were recorded, asset offers by when they were
logged, "you said, we did" by when it was heard, votes by their PB event's date, and projects by
the date of their award.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assets.models import Match, Offer
from budgeting.models import (
    Award,
    Bid,
    Contribution,
    ContributionSource,
    FundingPot,
    MonitoringUpdate,
    Project,
)
from budgeting.money import format_pence
from budgeting.selectors import funded_project_list
from cafes.models import CafeTheme, HarvestNote, TableclothPhoto
from engagement.models import (
    Area,
    Event,
    Programme,
    Role,
    RoleAssignment,
    YouSaidWeDid,
)
from engagement.selectors.reach import (
    Profile,
    equality_profile,
    programme_equality_profile,
    reach_figures,
)
from voting.models import PBVote, TallyRecord
from voting.selectors.election import vote_outcome

from .access import area_report_q, programme_report_q

#: Roles held by residents who give their time to plan and run the events (not staff).
HELPER_ROLES = (Role.VOLUNTEER, Role.TABLE_HOST)
#: Matches that count an offer as matched: agreed or done (proposals may come to nothing).
MATCHED = (Match.Status.AGREED, Match.Status.DONE)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end`` inclusive; ``None`` leaves that end open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def q(self, lookup: str) -> Q:
        """A filter on a date (or datetime, via ``__date``) lookup."""
        q = Q()
        if self.start:
            q &= Q(**{f"{lookup}__gte": self.start})
        if self.end:
            q &= Q(**{f"{lookup}__lte": self.end})
        return q

    @property
    def label(self) -> str:
        if self.start and self.end:
            return _("%(start)s to %(end)s") % {
                "start": date_format(self.start, "j F Y"),
                "end": date_format(self.end, "j F Y"),
            }
        if self.start:
            return _("From %(start)s") % {"start": date_format(self.start, "j F Y")}
        if self.end:
            return _("Up to %(end)s") % {"end": date_format(self.end, "j F Y")}
        return _("Everything so far")

    def as_params(self) -> dict[str, str | None]:
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


@dataclass
class KeyFacts:
    events: int = 0
    people: int = 0
    cafe_events: int = 0
    cafe_people: int = 0
    pb_events: int = 0
    pb_people: int = 0
    helpers: int = 0
    bids: int = 0
    bids_pence: int = 0
    funded: int = 0
    awarded_pence: int = 0
    ballots: int = 0
    target_pence: int = 0
    pledged_pence: int = 0
    received_pence: int = 0
    pcc_pence: int = 0
    match_pence: int = 0
    offers: int = 0
    offers_matched: int = 0

    @property
    def target_percent(self) -> int | None:
        if not self.target_pence:
            return None
        return round(100 * self.pledged_pence / self.target_pence)


@dataclass
class AreaRow:
    area: Area
    population: int | None
    people: int = 0
    bids: int = 0
    bids_pence: int = 0
    funded: int = 0
    awarded_pence: int = 0
    pledged_pence: int = 0
    target_pence: int = 0
    under_represented: list[str] = field(default_factory=list)

    @property
    def per_thousand(self) -> Decimal | None:
        if not self.population:
            return None
        return (Decimal(self.people) * 1000 / self.population).quantize(Decimal("0.1"))


@dataclass
class ThemeRow:
    name: str
    kind: str
    notes: int
    cafes: int


@dataclass
class VoteRow:
    vote: PBVote
    ballot_type: str
    rule: str
    ballots: int
    funded: int
    spent_pence: int
    overridden: bool


@dataclass
class ImpactReport:
    programme: Programme
    area: Area | None
    period: Period
    made_at: dt.datetime
    facts: KeyFacts
    areas: list[AreaRow]
    profile: Profile
    attendance_by_month: list[tuple[dt.date, int]]
    money_by_category: list[tuple[str, int]]
    themes: list[ThemeRow]
    quotes: list[HarvestNote]
    you_said_we_did: list[YouSaidWeDid]
    projects: list[Project]
    votes: list[VoteRow]

    covers: tuple[dt.date, dt.date] | None = None
    photos: list[TableclothPhoto] = field(default_factory=list)

    @property
    def scope_name(self) -> str:
        return self.area.name if self.area else self.programme.name

    @property
    def covers_label(self) -> str:
        """The dates the report covers, as a publication states them ("1 April 2026 – 31
        March 2027"), even when it was asked for "everything so far"."""
        if self.covers is None:
            return self.period.label
        start, end = self.covers
        return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"

    @property
    def summary(self) -> str:
        """The cover's summary, written out in full from the figures."""
        facts = self.facts
        parts = [
            ngettext(
                "%(people)s people took part in %(events)s event",
                "%(people)s people took part in %(events)s events",
                facts.events,
            )
            % {"people": intcomma(facts.people), "events": intcomma(facts.events)}
        ]
        if facts.bids:
            parts.append(
                ngettext(
                    "%(bids)s community group asked for %(asked)s",
                    "%(bids)s community groups asked for %(asked)s",
                    facts.bids,
                )
                % {"bids": intcomma(facts.bids), "asked": format_pence(facts.bids_pence)}
            )
        if facts.funded:
            parts.append(
                ngettext(
                    "%(funded)s project was awarded %(awarded)s",
                    "%(funded)s projects were awarded %(awarded)s",
                    facts.funded,
                )
                % {"funded": intcomma(facts.funded), "awarded": format_pence(facts.awarded_pence)}
            )
        if facts.match_pence:
            parts.append(
                _("partners and businesses added %(match)s of match funding")
                % {"match": format_pence(facts.match_pence)}
            )
        listed = (
            parts[0]
            if len(parts) == 1
            else _("%(first)s, and %(last)s")
            % {
                "first": ", ".join(parts[:-1]),
                "last": parts[-1],
            }
        )
        return _("%(when)s in %(where)s: %(what)s.") % {
            "when": self.covers_label,
            "where": self.scope_name,
            "what": listed,
        }

    @property
    def comparisons(self) -> list:
        """Up to three groups whose share of the people who answered is furthest below their
        share of the people who live here (for the at-a-glance page)."""
        cells = [c for c in self.profile.under_represented if c.share is not None]
        cells.sort(key=lambda c: c.share - c.population)
        return cells[:3]

    @property
    def population(self) -> int | None:
        known = [row.population for row in self.areas if row.population]
        return sum(known) if known else None


# --- scope ----------------------------------------------------------------------------------


def report_areas(*, programme: Programme, area: Area | None = None) -> QuerySet[Area]:
    if area is not None:
        return Area.objects.filter(pk=area.pk)
    return Area.objects.filter(programme=programme).order_by("name")


def report_events(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> QuerySet[Event]:
    """Events that have taken place in scope (started by now): not drafts, not cancelled."""
    period = period or Period()
    qs = Event.objects.filter(programme=programme, starts_at__lte=timezone.now()).exclude(
        status__in=[Event.Status.DRAFT, Event.Status.CANCELLED]
    )
    if area is not None:
        qs = qs.filter(area=area)
    return qs.filter(period.q("starts_at__date"))


def report_bids(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> QuerySet[Bid]:
    """Bids received: submitted (not drafts, not withdrawn), by submission date."""
    period = period or Period()
    qs = Bid.objects.submitted().filter(round__area__programme=programme)
    if area is not None:
        qs = qs.filter(round__area=area)
    return qs.filter(period.q("submitted_at__date"))


def report_awards(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> QuerySet[Award]:
    """Active (not revoked) awards, by the date they were made."""
    period = period or Period()
    qs = Award.objects.active().filter(bid__round__area__programme=programme)
    if area is not None:
        qs = qs.filter(bid__round__area=area)
    return qs.filter(period.q("created__date"))


def report_votes(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> QuerySet[PBVote]:
    """PB votes at events in scope whose results may be published: counted, confirmed by two
    coordinators, never cancelled (``PBVote.objects.publishable``)."""
    period = period or Period()
    qs = PBVote.objects.publishable().filter(area__programme=programme)
    if area is not None:
        qs = qs.filter(area=area)
    return qs.filter(period.q("event__starts_at__date"))


# --- figures --------------------------------------------------------------------------------


def _people(events: QuerySet[Event], kind: str | None = None) -> tuple[int, int]:
    """(events, people who came) through the reach selector."""
    if kind is not None:
        events = events.filter(kind=kind)
    figures = reach_figures(events=events)
    return figures["events"], figures["attended"]


def _helpers(programme: Programme, area: Area | None, period: Period) -> int:
    qs = RoleAssignment.objects.filter(role__in=HELPER_ROLES)
    qs = qs.covering_area(area) if area is not None else qs.covering_programme(programme)
    if period.end:
        qs = qs.filter(created__date__lte=period.end)
    return qs.values("user").distinct().count()


def _money(pots: QuerySet[FundingPot], period: Period) -> dict[str, int]:
    contributions = Contribution.objects.filter(pot__in=pots).filter(period.q("created__date"))
    totals = contributions.aggregate(
        pledged=Coalesce(Sum("pledged_pence"), 0),
        received=Coalesce(Sum("received_pence"), 0),
        pcc=Coalesce(Sum("pledged_pence", filter=Q(source=ContributionSource.PCC)), 0),
    )
    totals["target"] = pots.aggregate(t=Coalesce(Sum("target_pence"), 0))["t"]
    return totals


def _offers(areas: QuerySet[Area], period: Period) -> tuple[int, int]:
    offers = Offer.objects.filter(area__in=areas).filter(period.q("created__date"))
    totals = offers.aggregate(
        logged=Count("pk", distinct=True),
        matched=Count("pk", filter=Q(matches__status__in=MATCHED), distinct=True),
    )
    return totals["logged"], totals["matched"]


def key_facts(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> KeyFacts:
    """The headline numbers, in the style of "77 bids totalling £149,000, 35 funded"."""
    period = period or Period()
    areas = report_areas(programme=programme, area=area)
    events = report_events(programme=programme, area=area, period=period)
    facts = KeyFacts()
    facts.events, facts.people = _people(events)
    facts.cafe_events, facts.cafe_people = _people(events, Event.Kind.WORLD_CAFE)
    facts.pb_events, facts.pb_people = _people(events, Event.Kind.PB_EVENT)
    facts.helpers = _helpers(programme, area, period)
    bids = report_bids(programme=programme, area=area, period=period).aggregate(
        n=Count("pk"), total=Coalesce(Sum("amount_requested_pence"), 0)
    )
    facts.bids, facts.bids_pence = bids["n"], bids["total"]
    awards = report_awards(programme=programme, area=area, period=period).aggregate(
        n=Count("pk"), total=Coalesce(Sum("amount_pence"), 0)
    )
    facts.funded, facts.awarded_pence = awards["n"], awards["total"]
    votes = report_votes(programme=programme, area=area, period=period)
    facts.ballots = TallyRecord.objects.filter(vote__in=votes).aggregate(
        n=Coalesce(Sum("ballots_counted"), 0)
    )["n"]
    money = _money(FundingPot.objects.filter(area__in=areas), period)
    facts.target_pence = money["target"]
    facts.pledged_pence = money["pledged"]
    facts.received_pence = money["received"]
    facts.pcc_pence = money["pcc"]
    facts.match_pence = money["pledged"] - money["pcc"]
    facts.offers, facts.offers_matched = _offers(areas, period)
    return facts


def _grouped(qs: QuerySet, key: str, **aggregates) -> dict[int, dict]:
    return {row[key]: row for row in qs.values(key).annotate(**aggregates).order_by()}


def area_rows(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> list[AreaRow]:
    """One row per area: people who came against the population, bids, money."""
    period = period or Period()
    areas = list(report_areas(programme=programme, area=area))
    bids = _grouped(
        report_bids(programme=programme, area=area, period=period),
        "round__area",
        n=Count("pk"),
        total=Coalesce(Sum("amount_requested_pence"), 0),
    )
    awards = _grouped(
        report_awards(programme=programme, area=area, period=period),
        "bid__round__area",
        n=Count("pk"),
        total=Coalesce(Sum("amount_pence"), 0),
    )
    pledged = _grouped(
        Contribution.objects.filter(pot__area__in=areas).filter(period.q("created__date")),
        "pot__area",
        total=Coalesce(Sum("pledged_pence"), 0),
    )
    targets = _grouped(
        FundingPot.objects.filter(area__in=areas), "area", total=Coalesce(Sum("target_pence"), 0)
    )
    events = report_events(programme=programme, area=area, period=period)
    rows = []
    for a in areas:
        row = AreaRow(area=a, population=a.population)
        row.people = reach_figures(events=events.filter(area=a))["attended"]
        row.bids = bids.get(a.pk, {}).get("n", 0)
        row.bids_pence = bids.get(a.pk, {}).get("total", 0)
        row.funded = awards.get(a.pk, {}).get("n", 0)
        row.awarded_pence = awards.get(a.pk, {}).get("total", 0)
        row.pledged_pence = pledged.get(a.pk, {}).get("total", 0)
        row.target_pence = targets.get(a.pk, {}).get("total", 0)
        rows.append(row)
    return rows


def who_took_part(
    *, programme: Programme, area: Area | None, events: QuerySet[Event], rows: list[AreaRow]
) -> Profile:
    """The equality profile of the people who answered, against the population; for a
    programme, each area's under-represented groups are added to its row."""
    if area is not None:
        profile = equality_profile(events=events, area=area)
        rows[0].under_represented = [c.label for c in profile.under_represented]
        return profile
    for row in rows:
        if row.population:
            local = equality_profile(events=events.filter(area=row.area), area=row.area)
            row.under_represented = [c.label for c in local.under_represented]
    return programme_equality_profile(programme=programme, events=events)


def _next_month(month: dt.date) -> dt.date:
    y, m = divmod(month.year * 12 + month.month, 12)
    return dt.date(y, m + 1, 1)


def attendance_by_month(*, events: QuerySet[Event]) -> list[tuple[dt.date, int]]:
    """People who came, month by month from the first month with events to the last, months
    without events as zero, so time runs to scale (one reach query per month with events)."""
    months = sorted(
        {
            m.date() if isinstance(m, dt.datetime) else m
            for m in events.annotate(month=TruncMonth("starts_at"))
            .values_list("month", flat=True)
            .distinct()
        }
    )
    if not months:
        return []
    out = []
    month = months[0]
    while month <= months[-1]:
        following = _next_month(month)
        if month in months:
            in_month = events.filter(starts_at__date__gte=month, starts_at__date__lt=following)
            out.append((month, reach_figures(events=in_month)["attended"]))
        else:
            out.append((month, 0))
        month = following
    return out


def money_by_category(*, awards: QuerySet[Award]) -> list[tuple[str, int]]:
    """Money awarded per category: the award's category pot, else the bid's own category (a
    vote's count applies the pots but its awards name no pot), else the general pot."""
    rows = (
        awards.annotate(category_label=Coalesce("category__name", "bid__category__name"))
        .values("category_label")
        .annotate(total=Coalesce(Sum("amount_pence"), 0))
        .order_by("-total", "category_label")
    )
    return [(r["category_label"] or _("General pot"), r["total"]) for r in rows]


def cafe_themes(*, events: QuerySet[Event]) -> list[ThemeRow]:
    """Themes across the cafés, merged by name (any case), most insights first."""
    rows = (
        CafeTheme.objects.filter(cafe__event__in=events)
        .annotate(n=Count("notes", distinct=True))
        .values_list("name", "kind", "n", "cafe_id")
    )
    merged: OrderedDict[str, ThemeRow] = OrderedDict()
    cafes: dict[str, set[int]] = {}
    for name, kind, n, cafe_id in rows:
        key = name.strip().lower()
        row = merged.setdefault(key, ThemeRow(name=name, kind=kind, notes=0, cafes=0))
        row.notes += n
        row.kind = row.kind or kind
        cafes.setdefault(key, set()).add(cafe_id)
        row.cafes = len(cafes[key])
    kinds = dict(CafeTheme.Kind.choices)
    for row in merged.values():
        row.kind = str(kinds.get(row.kind, "")) if row.kind else ""
    return sorted(merged.values(), key=lambda r: (-r.notes, r.name.lower()))


def consented_quotes(*, events: QuerySet[Event]) -> list[HarvestNote]:
    """Quotes whose speakers agreed to be quoted by name (nothing else goes in a report)."""
    return list(
        HarvestNote.objects.filter(
            cafe__event__in=events, kind=HarvestNote.Kind.QUOTE, attribution_consent=True
        )
        .exclude(attribution="")
        .select_related("cafe__event")
        .order_by("cafe__event__starts_at", "round_number", "created")
    )


#: Tablecloth photos a report shows at most (they illustrate; the cafés' pages have them all).
MAX_PHOTOS = 4


def published_photos(*, events: QuerySet[Event]) -> list[TableclothPhoto]:
    """Tablecloth photos from cafés whose summary has been published (the coordinator chose to
    make that café's harvest public), newest café first."""
    return list(
        TableclothPhoto.objects.filter(cafe__event__in=events, cafe__summary_published=True)
        .select_related("cafe__event")
        .order_by("-cafe__event__starts_at", "pk")[:MAX_PHOTOS]
    )


def actions(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> list[YouSaidWeDid]:
    period = period or Period()
    qs = YouSaidWeDid.objects.public().filter(area__programme=programme)
    if area is not None:
        qs = qs.filter(area=area)
    return list(
        qs.filter(period.q("created__date")).select_related("area").order_by("area__name", "pk")
    )


def projects(*, awards: QuerySet[Award]) -> list[Project]:
    """Funded projects with their progress (budgeting's selector) and latest photo."""
    photos = MonitoringUpdate.objects.approved().exclude(photo="").order_by("-created")
    return list(
        funded_project_list()
        .filter(award__in=awards)
        .prefetch_related(Prefetch("updates", queryset=photos, to_attr="photo_updates"))
    )


def vote_rows(*, votes: QuerySet[PBVote]) -> list[VoteRow]:
    """How each vote was run and counted: the method section."""
    out = []
    for vote in votes.select_related("event", "area", "tally").order_by("event__starts_at"):
        outcome = vote_outcome(vote)
        out.append(
            VoteRow(
                vote=vote,
                ballot_type=vote.get_ballot_type_display(),
                rule=vote.get_rule_display(),
                ballots=vote.tally.ballots_counted,
                funded=len(outcome.selected) if outcome else 0,
                spent_pence=outcome.spent_pence if outcome else 0,
                overridden=bool(outcome and outcome.override),
            )
        )
    return out


def covered_dates(
    *, programme: Programme, events: QuerySet[Event], period: Period
) -> tuple[dt.date, dt.date]:
    """The first and last day a report covers: the period asked for, its open ends closed by
    the programme's start (or its first event) and today."""
    today = timezone.localdate()
    start = period.start or programme.start_date
    if start is None:
        first = events.order_by("starts_at").values_list("starts_at", flat=True).first()
        start = timezone.localdate(first) if first else today
    end = period.end or today
    return start, max(start, end)


def impact_report(
    *, programme: Programme, area: Area | None = None, period: Period | None = None
) -> ImpactReport:
    """Everything an impact report shows, for the dashboard pages and the PDF alike."""
    period = period or Period()
    if area is not None and area.programme_id != programme.pk:
        raise ValueError("The area is not part of the programme.")
    events = report_events(programme=programme, area=area, period=period)
    awards = report_awards(programme=programme, area=area, period=period)
    rows = area_rows(programme=programme, area=area, period=period)
    return ImpactReport(
        covers=covered_dates(programme=programme, events=events, period=period),
        photos=published_photos(events=events),
        programme=programme,
        area=area,
        period=period,
        made_at=timezone.now(),
        facts=key_facts(programme=programme, area=area, period=period),
        areas=rows,
        profile=who_took_part(programme=programme, area=area, events=events, rows=rows),
        attendance_by_month=attendance_by_month(events=events),
        money_by_category=money_by_category(awards=awards),
        themes=cafe_themes(events=events),
        quotes=consented_quotes(events=events),
        you_said_we_did=actions(programme=programme, area=area, period=period),
        projects=projects(awards=awards),
        votes=vote_rows(votes=report_votes(programme=programme, area=area, period=period)),
    )


__all__ = [
    "AreaRow",
    "ImpactReport",
    "KeyFacts",
    "Period",
    "ThemeRow",
    "VoteRow",
    "area_rows",
    "impact_report",
    "key_facts",
    "report_areas",
    "report_awards",
    "report_bids",
    "report_events",
    "report_votes",
]


# --- stored reports -------------------------------------------------------------------------


def report_documents(*, programme: Programme, area: Area | None = None):
    """Impact reports made for the programme (and each of its areas), or for one area, newest
    first, with who asked for them."""
    from django.contrib.contenttypes.models import ContentType

    from engagement.models import GeneratedDocument

    from .pdf import IMPACT_REPORT

    area_type = ContentType.objects.get_for_model(Area)
    if area is not None:
        scope = Q(content_type=area_type, object_id=str(area.pk))
    else:
        area_ids = [str(pk) for pk in programme.areas.values_list("pk", flat=True)]
        scope = Q(
            content_type=ContentType.objects.get_for_model(Programme), object_id=str(programme.pk)
        ) | Q(content_type=area_type, object_id__in=area_ids)
    return (
        GeneratedDocument.objects.filter(scope, kind=IMPACT_REPORT)
        .select_related("requested_by")
        .order_by("-modified")
    )


def report_scopes(*, user) -> tuple[QuerySet[Programme], QuerySet[Area]]:
    """Programmes whose whole report the user may see, and the areas they may see on top."""
    programmes = Programme.objects.filter(programme_report_q(user))
    return (
        programmes.order_by("name"),
        Area.objects.filter(area_report_q(user))
        .exclude(programme__in=programmes)
        .select_related("programme")
        .order_by("programme__name", "name"),
    )
