"""The map's markers: offers that share a point become one marker with a count and a list.

Individuals' offers all sit at their sector's centre, and many organisations share a building,
so one point often carries dozens of offers: a marker per offer would hide all but the top one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import ngettext

from .models import Offer

# Points closer than about a metre are the same point (stored floats may differ in the last digits).
_DECIMALS = 5


def map_clusters(offers: Iterable[Offer]) -> list[dict]:
    """One dict per distinct point, in the order its first offer came: position, how many
    offers, a label in words, whether any is placed only approximately, and the offers."""
    clusters: dict[tuple[float, float], dict] = {}
    for offer in offers:
        if offer.latitude is None or offer.longitude is None:
            continue
        key = (round(offer.latitude, _DECIMALS), round(offer.longitude, _DECIMALS))
        cluster = clusters.setdefault(
            key, {"lat": offer.latitude, "lon": offer.longitude, "offers": []}
        )
        cluster["offers"].append(
            {
                "title": offer.title,
                "kind": str(offer.get_kind_display()),
                "url": offer.get_absolute_url(),
                "approximate": offer.is_individual,
            }
        )
    for cluster in clusters.values():
        count = len(cluster["offers"])
        cluster["count"] = count
        cluster["approximate"] = any(o["approximate"] for o in cluster["offers"])
        cluster["label"] = ngettext("%(count)d offer here", "%(count)d offers here", count) % {
            "count": count
        }
    return list(clusters.values())
