"""The Open Referral UK feed: public, read-only JSON of organisations' public offers."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views import View

from .. import openreferral as oruk

MAX_PAGE_SIZE = 200


class FeedView(View):
    """Read-only and public: any directory's web page may fetch it (CORS for GET only)."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response


def _paging(request) -> tuple[int, int]:
    try:
        number = max(1, int(request.GET.get("page", 1)))
        size = min(MAX_PAGE_SIZE, max(1, int(request.GET.get("per_page", 50))))
    except ValueError:
        number, size = 1, 50
    return number, size


class FeedRootView(FeedView):
    def get(self, request):
        return JsonResponse(
            {
                "version": oruk.VERSION,
                "profile": oruk.PROFILE,
                "services": request.build_absolute_uri(reverse("assets:oruk_services")),
                "organizations": request.build_absolute_uri(reverse("assets:oruk_organizations")),
                "locations": request.build_absolute_uri(reverse("assets:oruk_locations")),
            }
        )


class FeedServicesView(FeedView):
    def get(self, request):
        number, size = _paging(request)
        offers = oruk.feed_offers()
        total = offers.count()
        start = (number - 1) * size
        docs = (oruk.service_doc(o) for o in offers[start : start + size])
        return JsonResponse(oruk.page(docs, total=total, number=number, size=size))


class FeedServiceView(FeedView):
    def get(self, request, uuid):
        offer = oruk.feed_offers().filter(uuid=uuid).first()
        if offer is None:
            raise Http404
        return JsonResponse(oruk.service_doc(offer, full=True))


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
        number, size = _paging(request)
        offers = oruk.feed_offers().exclude(postcode="", latitude__isnull=True)
        total = offers.count()
        start = (number - 1) * size
        docs = (oruk.location_doc(o) for o in offers[start : start + size])
        return JsonResponse(oruk.page(docs, total=total, number=number, size=size))
