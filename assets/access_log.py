"""Reads for the access log: who looked at or exported which individual's offer.

Coordinators see the rows about individuals' offers in the areas they coordinate (programme-wide
or one area), through the same scope rule as every other list (``assets.access``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from engagement.models import Area, AuditEntry, Role

from .access import offer_scope_q
from .models import Offer, OffererKind
from .services.viewing import VIA_LIST, VIA_MAP, VIA_PAGE, VIEW_ACTION

EXPORT_ACTION = "asset.offer.export"
EXPORTED = "export"

HOW_CHOICES = [
    (VIA_PAGE, _("Opened its page")),
    (VIA_LIST, _("Saw it in the search list")),
    (VIA_MAP, _("Saw it on the map")),
    (EXPORTED, _("Downloaded it in a CSV file")),
]
HOW_WORDS = dict(HOW_CHOICES)


@dataclass(frozen=True)
class AccessFilter:
    area: Area | None = None
    offer: str = ""  # words of the title or the offerer's name, or one offer's id
    who: str = ""
    how: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def access_offers(*, user, filters: AccessFilter) -> QuerySet[Offer]:
    """Individuals' offers, any status, in the areas the user coordinates, filtered."""
    offers = Offer.objects.filter(offer_scope_q(user, Role.COORDINATOR)).filter(
        offerer_kind=OffererKind.INDIVIDUAL
    )
    if filters.area is not None:
        offers = offers.filter(area=filters.area)
    text = filters.offer.strip()
    if text:
        try:
            offers = offers.filter(uuid=uuid.UUID(text))
        except ValueError:
            offers = offers.filter(Q(title__icontains=text) | Q(offerer_name__icontains=text))
    return offers


def access_list(*, user, filters: AccessFilter) -> QuerySet[AuditEntry]:
    """The view and export rows about those offers, newest first. The page checks
    ``assets.view_access_log`` first."""
    keys = access_offers(user=user, filters=filters).annotate(
        key=Cast("pk", output_field=CharField())
    )
    rows = AuditEntry.objects.filter(
        action__in=(VIEW_ACTION, EXPORT_ACTION),
        content_type=ContentType.objects.get_for_model(Offer),
        object_id__in=keys.values("key"),
    ).select_related("actor")
    if filters.how == EXPORTED:
        rows = rows.filter(action=EXPORT_ACTION)
    elif filters.how == VIA_PAGE:
        # Rows written before the list and map were logged carry no "via": they were the page.
        rows = rows.filter(action=VIEW_ACTION).filter(
            Q(data__via=VIA_PAGE) | ~Q(data__has_key="via")
        )
    elif filters.how:
        rows = rows.filter(action=VIEW_ACTION, data__via=filters.how)
    if filters.who:
        rows = rows.filter(
            Q(actor__email__icontains=filters.who) | Q(actor__name__icontains=filters.who)
        )
    if filters.date_from:
        rows = rows.filter(created__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(created__date__lte=filters.date_to)
    return rows.order_by("-created", "-id")


def how_in_words(entry: AuditEntry) -> str:
    if entry.action == EXPORT_ACTION:
        return str(HOW_WORDS[EXPORTED])
    via = entry.data.get("via") if isinstance(entry.data, dict) else None
    return str(HOW_WORDS.get(via or VIA_PAGE, HOW_WORDS[VIA_PAGE]))


def offers_of(entries) -> dict[str, Offer]:
    """The offers the given rows are about, by their ``object_id``, in one query."""
    ids = {int(e.object_id) for e in entries if e.object_id.isdigit()}
    found = Offer.objects.filter(pk__in=ids).select_related("area")
    return {str(o.pk): o for o in found}
