"""Reads of the assets app, always limited to what the acting user may see (``assets.access``)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt, TruncMonth
from django.utils import timezone

from engagement.access import area_q
from engagement.models import Area, Programme, Role
from engagement.roles import OVERSIGHT_ROLES, RECORDER_ROLES, STAFF_ROLES

from .access import need_q, offer_scope_q, visible_q
from .geo import postcode_point
from .models import AbcdCategory, Match, Need, Offer, OffererKind, Subcategory
from .search import SEARCH_CONFIG, search_enabled
from .suggestions import offer_fit

EARTH_RADIUS_KM = 6371.0


@dataclass
class OfferFilters:
    """What a search asks for; every field optional. Built from the search form."""

    q: str = ""
    area: Area | None = None
    programme: Programme | None = None
    category: str = ""
    subcategory: Subcategory | None = None
    kind: str = ""
    offerer: str = ""  # "organisations" or "individuals"
    available: str = ""  # "now" or "month"
    frequency: str = ""
    insured: bool = False
    dbs_checked: bool = False
    accessible_venue: bool = False
    near: tuple[float, float] | None = None
    within_km: float | None = None
    include_inactive: bool = False
    sort: str = ""  # relevance, distance, newest, expiring


def point_for(postcode: str = "", lat: float | None = None, lon: float | None = None):
    if lat is not None and lon is not None:
        return (lat, lon)
    return postcode_point(postcode) if postcode else None


def offer_queryset(*, user) -> QuerySet[Offer]:
    """Every offer ``user`` may see, any status."""
    return Offer.objects.filter(visible_q(user))


def distance_expression(point: tuple[float, float]):
    """Haversine distance in km from ``point``, computed by the database (PostgreSQL's or
    Django's SQLite math functions)."""
    lat, lon = point
    lat0 = Value(lat, output_field=FloatField())
    lon0 = Value(lon, output_field=FloatField())
    half_dlat = Radians(F("latitude") - lat0) / 2
    half_dlon = Radians(F("longitude") - lon0) / 2
    a = Power(Sin(half_dlat), 2) + Cos(Radians(F("latitude"))) * Cos(Radians(lat0)) * Power(
        Sin(half_dlon), 2
    )
    return ExpressionWrapper(2 * EARTH_RADIUS_KM * ASin(Sqrt(a)), output_field=FloatField())


_WORD = re.compile(r"[\w']+", re.UNICODE)


def _text_filter(qs: QuerySet[Offer], text: str) -> tuple[QuerySet[Offer], bool]:
    """Apply the search words; True when a relevance rank was annotated."""
    if search_enabled():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return qs.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        ), True
    for word in _WORD.findall(text)[:8]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(keywords__icontains=word)
            | Q(offerer_name__icontains=word)
        )
    return qs, False


def offer_list(*, user, filters: OfferFilters | None = None) -> QuerySet[Offer]:
    """Offers ``user`` may see that match ``filters``, ranked by relevance and/or distance.

    Annotates ``distance_km`` when a point is given and ``rank`` when searching on PostgreSQL.
    """
    f = filters or OfferFilters()
    today = timezone.localdate()
    qs = offer_queryset(user=user).select_related("area", "subcategory").prefetch_related("tags")
    if not f.include_inactive:
        qs = qs.filter(status=Offer.Status.ACTIVE)
    if f.area is not None:
        qs = qs.filter(area=f.area)
    if f.programme is not None:
        qs = qs.filter(area__programme=f.programme)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.subcategory is not None:
        qs = qs.filter(subcategory=f.subcategory)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.offerer == "organisations":
        qs = qs.exclude(offerer_kind=OffererKind.INDIVIDUAL)
    elif f.offerer == "individuals":
        qs = qs.filter(offerer_kind=OffererKind.INDIVIDUAL)
    if f.frequency:
        qs = qs.filter(frequency=f.frequency)
    if f.available:
        until = today if f.available == "now" else today + dt.timedelta(days=31)
        qs = qs.filter(Q(available_from__isnull=True) | Q(available_from__lte=until)).filter(
            Q(available_until__isnull=True) | Q(available_until__gte=today)
        )
    for flag in ("insured", "dbs_checked", "accessible_venue"):
        if getattr(f, flag):
            qs = qs.filter(**{flag: True})
    ranked = False
    if f.q.strip():
        qs, ranked = _text_filter(qs, f.q.strip())
    if f.near is not None:
        if f.within_km:
            # A bounding box first (cheap comparisons), the exact great-circle test after.
            lat, lon = f.near
            dlat = f.within_km / 111.0
            dlon = f.within_km / (111.0 * max(0.01, math.cos(math.radians(lat))))
            qs = qs.filter(
                latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
            )
        qs = qs.annotate(distance_km=distance_expression(f.near))
        if f.within_km:
            qs = qs.filter(distance_km__lte=f.within_km)
    return _order(qs, f, ranked)


def _order(qs: QuerySet[Offer], f: OfferFilters, ranked: bool) -> QuerySet[Offer]:
    sort = f.sort or ("relevance" if f.q.strip() else "distance" if f.near else "newest")
    if sort == "relevance" and ranked and f.near is not None:
        # Relevance tempered by distance: an offer 10 km away counts half as much as one here.
        qs = qs.annotate(
            score=ExpressionWrapper(
                F("rank") / (1.0 + F("distance_km") / 10.0), output_field=FloatField()
            )
        )
        return qs.order_by(F("score").desc(nulls_last=True), F("rank").desc(), "-id")
    if sort == "relevance" and ranked:
        return qs.order_by("-rank", "-id")
    if sort in ("distance", "relevance") and f.near is not None:
        return qs.order_by(F("distance_km").asc(nulls_last=True), "-id")
    if sort == "expiring":
        return qs.order_by("expires_on", "-id")
    return qs.order_by("-created", "-id")


def offer_get(*, user, uuid) -> Offer:
    """One offer the user may see (Offer.DoesNotExist otherwise)."""
    return (
        offer_queryset(user=user)
        .select_related("area__programme", "subcategory", "offered_by", "safeguarding_checked_by")
        .prefetch_related("tags")
        .get(uuid=uuid)
    )


def safeguarding_queue(*, user, area: Area | None = None) -> QuerySet[Offer]:
    """Offers waiting for a safeguarding check in the areas the user coordinates, oldest first
    (how long each has waited is ``waiting_since``)."""
    qs = (
        Offer.objects.filter(offer_scope_q(user, Role.COORDINATOR))
        .waiting_for_safeguarding()
        .select_related("area")
    )
    if area is not None:
        qs = qs.filter(area=area)
    return qs.annotate(waiting_since=Coalesce("safeguarding_queued_at", "modified")).order_by(
        "waiting_since", "id"
    )


def organisation_queue(*, user) -> QuerySet[Offer]:
    """Organisations' offers asking to be public that no coordinator has checked yet."""
    return (
        Offer.objects.filter(offer_scope_q(user, Role.COORDINATOR))
        .active()
        .from_organisations()
        .filter(is_public=True, organisation_checked_at__isnull=True)
        .select_related("area")
        .order_by("created", "id")
    )


def my_offers(*, user) -> QuerySet[Offer]:
    """What the user offered themselves, with its matches, newest first."""
    if not user.is_authenticated:
        return Offer.objects.none()
    return (
        Offer.objects.filter(offered_by=user)
        .select_related("area")
        .prefetch_related("matches__need")
        .order_by("-created", "-id")
    )


def subcategory_choices(*, programme: Programme | None = None) -> QuerySet[Subcategory]:
    """Built-in subcategories and the programme's own, retired ones included (offers keep them,
    and search still finds those offers)."""
    qs = Subcategory.objects.filter(programme__isnull=True)
    if programme is not None:
        qs = Subcategory.objects.filter(Q(programme__isnull=True) | Q(programme=programme))
    return qs.order_by("category", "name")


def searchable_subcategories(*, areas: QuerySet[Area]) -> QuerySet[Subcategory]:
    """The search form's subcategories: built-in ones and those of the programmes of ``areas``,
    retired ones included since their offers are still listed."""
    programmes = areas.values("programme_id")
    return Subcategory.objects.filter(
        Q(programme__isnull=True) | Q(programme_id__in=programmes)
    ).order_by("category", "name")


def offerable_subcategories(*, areas: QuerySet[Area], keep: int | None = None):
    """What the offer form offers: built-in subcategories and those of the programmes of
    ``areas``, not retired (except ``keep``, the one an offer being edited already has)."""
    programmes = areas.values("programme_id")
    return (
        Subcategory.objects.filter(Q(programme__isnull=True) | Q(programme_id__in=programmes))
        .filter(Q(retired_at__isnull=True) | Q(pk=keep))
        .select_related("programme")
        .order_by("category", "name")
    )


def coordinated_areas(*, user) -> QuerySet[Area]:
    """Areas where the user coordinates (whole programme or one area)."""
    return Area.objects.filter(area_q(user, Role.COORDINATOR)).select_related("programme")


def recording_areas(*, user) -> QuerySet[Area]:
    """Areas where the user may record offers for other people."""
    return Area.objects.filter(area_q(user, RECORDER_ROLES)).select_related("programme")


def figures_areas(*, user) -> QuerySet[Area]:
    """Areas whose figures the user may read (``assets.view_figures``)."""
    return Area.objects.filter(area_q(user, OVERSIGHT_ROLES)).select_related("programme")


def searchable_areas(*, user) -> QuerySet[Area]:
    """Areas offered in the search form: published programmes' areas, plus the user's own."""
    return Area.objects.filter(
        ~Q(programme__status=Programme.Status.DRAFT) | area_q(user, STAFF_ROLES)
    ).select_related("programme")


def need_list(*, user, area: Area | None = None) -> QuerySet[Need]:
    """Needs the user may open (``assets.manage_needs``: the area's coordinators)."""
    qs = Need.objects.filter(need_q(user)).select_related("area")
    if area is not None:
        qs = qs.filter(area=area)
    return qs.annotate(match_count=Count("matches")).order_by("-created", "-id")


def offer_suggestions(*, user, need: Need, limit: int = 10, pool: int = 400) -> list[Offer]:
    """Active, shareable offers the user may see that could meet ``need``, best first, each
    with ``fit`` saying how it fits (``assets.suggestions``: kind and category, distance from
    the need's postcode, days, size). Same programme, the wanted kind if one is set; on
    PostgreSQL the need's words narrow the pool when no kind is set and add to the score.
    Scores ``pool`` candidates at most, those in the need's area and nearest it first."""
    qs = (
        offer_queryset(user=user)
        .active()
        .shareable()
        .filter(area__programme_id=need.area.programme_id)
        .exclude(matches__need=need)
        .select_related("area")
    )
    if need.wanted_kind:
        qs = qs.filter(kind=need.wanted_kind)
    words = [w.lower() for w in _WORD.findall(f"{need.title} {need.description}") if len(w) > 2]
    words = [re.sub(r"[^\w]", "", w) for w in words][:20]
    ranked = bool(words) and search_enabled()
    if ranked:
        query = SearchQuery(" | ".join(words), search_type="raw", config=SEARCH_CONFIG)
        qs = qs.annotate(rank=SearchRank(F("search_vector"), query))
        if not need.wanted_kind:
            qs = qs.filter(search_vector=query)
    qs = qs.annotate(
        same_area=ExpressionWrapper(Q(area_id=need.area_id), output_field=BooleanField())
    )
    point = postcode_point(need.postcode) if need.postcode else None
    order = [F("same_area").desc()]
    if point is not None:
        qs = qs.annotate(distance_km=distance_expression(point))
        order.append(F("distance_km").asc(nulls_last=True))
    candidates = list(qs.order_by(*order, "-created")[:pool])
    for offer in candidates:
        offer.fit = offer_fit(offer, need, need_point=point)
        if ranked:
            offer.fit.score += min(1.0, (getattr(offer, "rank", 0.0) or 0.0) * 10)
    candidates.sort(key=lambda o: (-o.fit.score, -o.created.timestamp()))
    return candidates[:limit]


def match_list(*, need: Need) -> QuerySet[Match]:
    return need.matches.select_related("offer__area", "created_by").annotate(
        contact_count=Count("contacts")
    )


def area_figures(*, area: Area, months: int = 12, today: dt.date | None = None) -> dict:
    """Aggregates for one area (no personal data): offers by category, new and active offers
    per month, matches by status. A handful of queries whatever the number of offers."""
    today = today or timezone.localdate()
    offers = Offer.objects.filter(area=area)
    by_category = dict(
        offers.filter(status=Offer.Status.ACTIVE)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    month_starts = []
    first = today.replace(day=1)
    for i in range(months - 1, -1, -1):
        y, m = divmod(first.year * 12 + first.month - 1 - i, 12)
        month_starts.append(dt.date(y, m + 1, 1))
    new_by_month = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["n"]
        for row in offers.filter(created__date__gte=month_starts[0])
        .annotate(month=TruncMonth("created"))
        .values("month")
        .annotate(n=Count("id"))
    }
    active_aggs = {}
    for start in month_starts:
        y, m = divmod(start.year * 12 + start.month, 12)
        end = dt.datetime(y, m + 1, 1, tzinfo=timezone.get_current_timezone())
        active_aggs[start.isoformat()] = Count(
            "id", filter=Q(created__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        )
    active = offers.aggregate(**active_aggs)
    matches = dict(
        Match.objects.filter(need__area=area)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "by_category": [
            (label, by_category.get(value, 0)) for value, label in AbcdCategory.choices
        ],
        "months": [
            {
                "month": start,
                "new": new_by_month.get(start, 0),
                "active": active[start.isoformat()],
            }
            for start in month_starts
        ],
        "matches": [(label, matches.get(value, 0)) for value, label in Match.Status.choices],
        "matches_done": matches.get(Match.Status.DONE, 0),
        "active_total": sum(by_category.values()),
    }
