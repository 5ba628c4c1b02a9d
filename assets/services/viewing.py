"""Audit rows for looking at individuals' offers in the directory's list and on its map: the same
``asset.offer.view`` row the offer page writes, with where it was seen (``via``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from engagement.models import AuditEntry, User

from ..access import is_individual_viewer
from ..models import Offer

VIEW_ACTION = "asset.offer.view"
VIA_PAGE, VIA_LIST, VIA_MAP = "page", "list", "map"


def offers_view_record(*, actor: User | None, offers: Iterable[Offer], via: str) -> int:
    """Write one audit row per individual's offer that ``actor`` was shown (never for the
    offerer's own, never twice for one offer in one call), in one INSERT. ``offers`` should
    have ``area`` loaded so the programme is read without a query. Returns the rows written."""
    if actor is None or not actor.is_authenticated:
        return 0
    content_type = ContentType.objects.get_for_model(Offer)
    rows: dict[int, AuditEntry] = {}
    for offer in offers:
        if offer.pk in rows or not is_individual_viewer(actor, offer):
            continue
        rows[offer.pk] = AuditEntry(
            actor=actor,
            action=VIEW_ACTION,
            content_type=content_type,
            object_id=str(offer.pk),
            data={"via": via},
            programme_id=offer.area.programme_id,
        )
    AuditEntry.objects.bulk_create(rows.values())
    return len(rows)
