"""The host pack, made by the shared PDF machinery (``engagement.pdf``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engagement.pdf import DocumentKind

from . import selectors
from .services.planning import HOST_PACK


def _context(cafe, params: dict) -> dict:
    cafe = type(cafe).objects.with_event().get(pk=cafe.pk)
    return {
        "cafe": cafe,
        "event": cafe.event,
        "questions": {q.round_number: q for q in cafe.questions.all()},
        "rounds": cafe.round_numbers,
        "tables": list(selectors.tables_with_hosts(cafe)),
        "grid": selectors.seating_grid(cafe),
        "running_order": selectors.running_order(cafe),
        "today": timezone.localdate(),
    }


def _title(cafe, params: dict) -> str:
    return _("Host pack: %(title)s") % {"title": cafe.event.title}


def _filename(cafe, params: dict) -> str:
    return f"host-pack-{cafe.pk}-{slugify(cafe.event.title)[:40] or 'cafe'}.pdf"


def _cafes_of_events(event_ids: list[int]) -> list[int]:
    """Host packs print the seating plan, with the name of everyone seated."""
    from .models import Cafe

    return list(Cafe.objects.filter(event_id__in=event_ids).values_list("pk", flat=True))


HOST_PACK_KIND = DocumentKind(
    name=HOST_PACK,
    template="cafes/pdf/host_pack.html",
    context=_context,
    title=_title,
    filename=_filename,
    permission="cafes.change_cafe",
    subjects_for_events=_cafes_of_events,
)
