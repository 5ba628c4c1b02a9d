"""Open Referral UK (HSDS 3.0, UK profile) documents for local directories.

Only organisations' published offers are ever in the feed: ``Offer.objects.public()`` excludes
individuals, offers waiting for (or refused at) a safeguarding check, organisations no
coordinator has checked, and inactive offers. Organisations, locations and taxonomy terms are
derived from the offers with stable UUIDs, so a directory that imports the feed twice sees the
same records. A value the profile types as a string is left out rather than sent as null.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from .feed_taxonomy import NAMESPACE, offer_terms
from .models import Offer

VERSION = "3.0"
PROFILE = "https://openreferraluk.org/"
# The profile's published OpenAPI document: this feed implements it as it stands.
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"


def feed_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.public()
        .select_related("area", "subcategory")
        .prefetch_related("tags")
        .order_by("created", "id")
    )


def _id(kind: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def _present(doc: dict) -> dict:
    """Drop empty values: the profile types these as strings, so null or "" would not be valid."""
    return {k: v for k, v in doc.items() if v not in (None, "")}


def organization_id(offer: Offer) -> str:
    return _id("org", f"{offer.offerer_kind}:{offer.offerer_name.lower()}")


def location_id(offer: Offer) -> str:
    return _id("location", offer.uuid)


def service_at_location_id_for(offer_uuid) -> str:
    return _id("sal", offer_uuid)


def service_at_location_id(offer: Offer) -> str:
    return service_at_location_id_for(offer.uuid)


def organization_doc(offer: Offer) -> dict:
    with translation.override("en"):
        kind = str(offer.get_offerer_kind_display())
    return {
        "id": organization_id(offer),
        "name": offer.offerer_name,
        # The profile requires a description; we hold none beyond what kind of offerer it is.
        "description": f"{kind} in {offer.area.name}.",
        **_present({"email": offer.contact_email}),
    }


def location_doc(offer: Offer) -> dict | None:
    if not offer.postcode and offer.latitude is None:
        return None
    doc = {
        "id": location_id(offer),
        "location_type": "physical",
        "name": offer.title if offer.kind == "venue" else offer.area.name,
        **_present({"latitude": offer.latitude, "longitude": offer.longitude}),
    }
    if offer.postcode:
        doc["addresses"] = [
            {
                "id": _id("address", offer.uuid),
                "location_id": doc["id"],
                # No street address is recorded: the postcode is the finest place we hold.
                "address_1": "",
                "city": offer.area.name,
                "state_province": offer.area.local_authority or offer.area.name,
                "postal_code": offer.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    return doc


def _attributes(offer: Offer) -> list[dict]:
    return [
        {
            "id": _id("attr", f"{offer.uuid}:{term['id']}"),
            "link_id": str(offer.uuid),
            "link_type": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        for term in offer_terms(offer)
    ]


def _schedule(offer: Offer) -> dict:
    with translation.override("en"):
        description = offer.schedule or str(offer.get_frequency_display())
    return _present(
        {
            "id": _id("schedule", offer.uuid),
            "service_id": str(offer.uuid),
            "valid_from": offer.available_from.isoformat() if offer.available_from else None,
            "valid_to": offer.available_until.isoformat() if offer.available_until else None,
            "description": description,
        }
    )


def service_summary(offer: Offer) -> dict:
    """The one-to-one fields of a service, as ``/services`` lists them."""
    return {
        "id": str(offer.uuid),
        "organization_id": organization_id(offer),
        "name": offer.title,
        "description": offer.description,
        "url": settings.SITE_URL.rstrip("/") + offer.get_absolute_url(),
        "status": "active",
        # Assured means a coordinator checked the organisation: the date of that check.
        "assured_date": offer.organisation_checked_at.date().isoformat(),
        "last_modified": offer.modified.isoformat(),
        "organization": organization_doc(offer),
        **_present({"email": offer.contact_email}),
    }


def service_doc(offer: Offer) -> dict:
    """A fully nested service, as ``/services/{id}`` returns it."""
    location = location_doc(offer)
    return {
        **service_summary(offer),
        "service_at_locations": (
            [
                {
                    "id": service_at_location_id(offer),
                    "service_id": str(offer.uuid),
                    "location_id": location["id"],
                    "location": location,
                }
            ]
            if location
            else []
        ),
        "phones": (
            [{"id": _id("phone", offer.uuid), "number": offer.contact_phone}]
            if offer.contact_phone
            else []
        ),
        "schedules": [_schedule(offer)],
        "attributes": _attributes(offer),
    }


def service_at_location_summary(offer: Offer) -> dict:
    """A service at its location, as ``/service_at_locations`` lists them."""
    location = location_doc(offer) or {}
    summary = {k: v for k, v in location.items() if k not in ("addresses", "location_type")}
    return {
        "id": service_at_location_id(offer),
        "service_id": str(offer.uuid),
        "location_id": location.get("id", location_id(offer)),
        "location": summary,
        "service": service_summary(offer),
    }


def page(items: Iterable[dict], *, total: int, number: int, size: int) -> dict:
    total_pages = max(1, math.ceil(total / size))
    contents = list(items)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        # The items on this page, as the profile defines it (not the page size asked for).
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
