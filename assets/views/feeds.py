"""The Open Referral UK feed: public, read-only JSON of organisations' published offers, with the
endpoints and parameters the UK profile lists (``search``, ``page``, ``per_page``,
``taxonomy_term_id``, ``taxonomy_id``; ``postcode`` and ``proximity`` on service_at_locations)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views import View

from .. import feed_taxonomy as terms
from .. import openreferral as oruk
from ..geo import postcode_point
from ..models import Offer
from ..search import SEARCH_CONFIG, search_enabled
from ..selectors import distance_expression

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_SEARCH_LENGTH = 200
READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")


class FeedView(View):
    """Read-only and public: any directory's web page may fetch it. The CORS header goes only
    on read-only requests; anything else is refused without it."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method in READ_ONLY_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _paging(request) -> tuple[int, int]:
    """``per_page`` is the profile's name; ``size`` is accepted too, as some clients send it."""
    number = max(1, _number(request.GET.get("page"), 1))
    asked = request.GET.get("per_page") or request.GET.get("size")
    size = min(MAX_PAGE_SIZE, max(1, _number(asked, DEFAULT_PAGE_SIZE)))
    return number, size


def _paged(request, qs: QuerySet[Offer], doc) -> JsonResponse:
    number, size = _paging(request)
    total = qs.count()
    start = (number - 1) * size
    # A page past the end is empty without asking the database (a huge offset would overflow).
    docs = (doc(o) for o in qs[start : start + size]) if start < total else ()
    return JsonResponse(oruk.page(docs, total=total, number=number, size=size))


def _searched(qs: QuerySet[Offer], text: str) -> QuerySet[Offer]:
    text = text.strip()[:MAX_SEARCH_LENGTH]
    if not text:
        return qs
    if search_enabled():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return qs.filter(search_vector=query)
    for word in text.split()[:8]:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return qs


def _filtered(request) -> QuerySet[Offer]:
    """The published offers matching the profile's filters. An unknown term or taxonomy id
    matches nothing, as a directory would expect."""
    qs = _searched(oruk.feed_offers(), request.GET.get("search", ""))
    for param, lookup in (
        ("taxonomy_term_id", terms.offers_with_term),
        ("taxonomy_id", terms.offers_in_taxonomy),
    ):
        if request.GET.get(param):
            condition = lookup(request.GET[param].strip())
            qs = qs.filter(condition) if condition is not None else qs.none()
    return qs


class FeedRootView(FeedView):
    def get(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(name))

        return JsonResponse(
            {
                "version": oruk.VERSION,
                "profile": oruk.PROFILE,
                "openapi_url": oruk.OPENAPI_URL,
                "services": url("assets:oruk_services"),
                "service_at_locations": url("assets:oruk_service_at_locations"),
                "taxonomies": url("assets:oruk_taxonomies"),
                "taxonomy_terms": url("assets:oruk_taxonomy_terms"),
                "organizations": url("assets:oruk_organizations"),
                "locations": url("assets:oruk_locations"),
            }
        )


class FeedServicesView(FeedView):
    def get(self, request):
        return _paged(request, _filtered(request), oruk.service_summary)


class FeedServiceView(FeedView):
    def get(self, request, uuid):
        offer = oruk.feed_offers().filter(uuid=uuid).first()
        if offer is None:
            raise Http404
        return JsonResponse(oruk.service_doc(offer))


def _located(qs: QuerySet[Offer]) -> QuerySet[Offer]:
    return qs.exclude(postcode="", latitude__isnull=True)


class FeedServiceAtLocationsView(FeedView):
    """Services at their locations; ``postcode`` with ``proximity`` (metres) keeps those within
    that distance of the postcode's centre. A postcode we cannot place matches nothing."""

    def get(self, request):
        qs = _located(_filtered(request))
        postcode = request.GET.get("postcode", "").strip()
        if postcode:
            point = postcode_point(postcode)
            if point is None:
                qs = qs.none()
            else:
                qs = qs.annotate(distance_km=distance_expression(point))
                metres = _number(request.GET.get("proximity"), 0)
                if metres > 0:
                    qs = qs.filter(distance_km__lte=metres / 1000)
                qs = qs.order_by("distance_km", "id")
        return _paged(request, qs, oruk.service_at_location_summary)


class FeedServiceAtLocationView(FeedView):
    """The profile answers a service_at_location id with the fully nested service."""

    def get(self, request, uuid):
        wanted = str(uuid)
        # The id is derived from the offer's uuid one way, so compare against each candidate.
        for offer_uuid in _located(oruk.feed_offers()).values_list("uuid", flat=True):
            if oruk.service_at_location_id_for(offer_uuid) == wanted:
                return JsonResponse(oruk.service_doc(oruk.feed_offers().get(uuid=offer_uuid)))
        raise Http404


class FeedTaxonomiesView(FeedView):
    def get(self, request):
        number, size = _paging(request)
        docs = [terms.taxonomy_doc(code) for code in terms.taxonomy_codes()]
        start = (number - 1) * size
        return JsonResponse(
            oruk.page(docs[start : start + size], total=len(docs), number=number, size=size)
        )


class FeedTaxonomyView(FeedView):
    def get(self, request, uuid):
        code = terms.code_of_taxonomy(str(uuid))
        if code is None:
            raise Http404
        return JsonResponse(terms.taxonomy_doc(code, terms=terms.all_terms(oruk.feed_offers())))


class FeedTaxonomyTermsView(FeedView):
    def get(self, request):
        number, size = _paging(request)
        docs = terms.all_terms(oruk.feed_offers())
        start = (number - 1) * size
        return JsonResponse(
            oruk.page(docs[start : start + size], total=len(docs), number=number, size=size)
        )


class FeedTaxonomyTermView(FeedView):
    def get(self, request, uuid):
        wanted = str(uuid)
        term = next((t for t in terms.all_terms(oruk.feed_offers()) if t["id"] == wanted), None)
        if term is None:
            raise Http404
        return JsonResponse(term)


class FeedOrganizationsView(FeedView):
    def get(self, request):
        number, size = _paging(request)
        seen: dict[str, dict] = {}
        for offer in oruk.feed_offers():
            seen.setdefault(oruk.organization_id(offer), oruk.organization_doc(offer))
        docs = sorted(seen.values(), key=lambda d: d["name"].lower())
        start = (number - 1) * size
        return JsonResponse(
            oruk.page(docs[start : start + size], total=len(docs), number=number, size=size)
        )


class FeedLocationsView(FeedView):
    def get(self, request):
        return _paged(request, _located(oruk.feed_offers()), oruk.location_doc)
