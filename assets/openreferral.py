"""Open Referral UK (HSDS 3 shaped) documents for local directories.

Only organisations' public offers are ever published: ``Offer.objects.public()`` excludes
individuals, offers waiting for (or refused at) a safeguarding check, and inactive offers.
Organisations and locations are derived from the offers with stable UUIDs.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet

from .models import Offer

NAMESPACE = uuid.UUID("6a1e9f3c-0b8d-4c55-9d0e-6f3c2a7b1e44")
VERSION = "3.0"
PROFILE = "https://openreferraluk.org/"


def feed_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.public()
        .select_related("area", "subcategory")
        .prefetch_related("tags")
        .order_by("created", "id")
    )


def organization_id(offer: Offer) -> str:
    return str(uuid.uuid5(NAMESPACE, f"org:{offer.offerer_kind}:{offer.offerer_name.lower()}"))


def location_id(offer: Offer) -> str:
    return str(uuid.uuid5(NAMESPACE, f"location:{offer.uuid}"))


def organization_doc(offer: Offer) -> dict:
    return {
        "id": organization_id(offer),
        "name": offer.offerer_name,
        "description": "",
        "email": offer.contact_email or None,
        "website": None,
    }


def location_doc(offer: Offer) -> dict | None:
    if not offer.postcode and offer.latitude is None:
        return None
    return {
        "id": location_id(offer),
        "location_type": "physical",
        "name": offer.title if offer.kind == "venue" else offer.area.name,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "addresses": [
            {
                "id": str(uuid.uuid5(NAMESPACE, f"address:{offer.uuid}")),
                "address_1": "",
                "city": offer.area.name,
                "region": offer.area.local_authority,
                "postal_code": offer.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }


def service_doc(offer: Offer, *, full: bool = False) -> dict:
    location = location_doc(offer)
    doc = {
        "id": str(offer.uuid),
        "name": offer.title,
        "description": offer.description,
        "url": settings.SITE_URL.rstrip("/") + offer.get_absolute_url(),
        "email": offer.contact_email or None,
        "status": "active",
        # Assured means a coordinator checked the organisation: the date of that check.
        "assured_date": offer.organisation_checked_at.date().isoformat(),
        "organization": organization_doc(offer) if full else {"id": organization_id(offer)},
        "service_at_locations": (
            [{"id": str(uuid.uuid5(NAMESPACE, f"sal:{offer.uuid}")), "location": location}]
            if location
            else []
        ),
        "phones": [
            {"id": str(uuid.uuid5(NAMESPACE, f"phone:{offer.uuid}")), "number": offer.contact_phone}
        ]
        if offer.contact_phone
        else [],
        "schedules": [
            {
                "id": str(uuid.uuid5(NAMESPACE, f"schedule:{offer.uuid}")),
                "valid_from": offer.available_from.isoformat() if offer.available_from else None,
                "valid_to": offer.available_until.isoformat() if offer.available_until else None,
                "description": offer.schedule or offer.get_frequency_display(),
            }
        ],
        "attributes": [
            {
                "id": str(uuid.uuid5(NAMESPACE, f"attr:{offer.uuid}:{term}")),
                "taxonomy_term": {
                    "id": str(uuid.uuid5(NAMESPACE, f"term:{term}")),
                    "code": term,
                    "name": term,
                    "vocabulary": vocab,
                },
            }
            for vocab, term in [("abcd", offer.category), ("offer-kind", offer.kind)]
            + [("tag", t.slug) for t in offer.tags.all()]
        ],
    }
    return doc


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
