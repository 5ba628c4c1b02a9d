"""Full-text search support: the stored search vector and the words that feed it.

PostgreSQL keeps a weighted ``tsvector`` per offer (title A, classification and tags B,
description C, offerer D), written by the services after every change and indexed with GIN.
Elsewhere (SQLite under ``make run``) the vector stays empty and the selectors fall back to
``icontains`` over the same text.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.utils import translation

SEARCH_CONFIG = "english"


def search_enabled() -> bool:
    return connection.vendor == "postgresql"


def offer_keywords(offer, tag_names: list[str]) -> str:
    """Classification words for the B weight, in English so stemming works the same for all."""
    with translation.override("en"):
        parts = [
            str(offer.get_kind_display()),
            str(offer.get_category_display()),
            offer.subcategory.name if offer.subcategory_id else "",
            " ".join(tag_names),
            offer.schedule,
            offer.capacity,
        ]
    return " ".join(p for p in parts if p)


def search_vector_expression():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("keywords", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        + SearchVector("offerer_name", weight="D", config=SEARCH_CONFIG)
    )


def offers_reindex(queryset: QuerySet) -> int:
    """Recompute the stored vector of every offer in ``queryset`` in one UPDATE."""
    if not search_enabled():
        return 0
    return queryset.update(search_vector=search_vector_expression())
