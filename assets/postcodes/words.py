"""What the search page says about the postcode somebody typed, in words."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from .lookup import POSTCODE, Place, split


def unknown_postcode_message(normal: str) -> str:
    _full, _sector, district = split(normal)
    return _(
        "We could not find the postcode %(postcode)s. Check it, or try just its first part "
        "(such as %(district)s)."
    ) % {"postcode": normal, "district": district or "PE25"}


def place_note(normal: str, place: Place | None) -> str:
    """A sentence when the distances are not from the postcode itself; empty when they are."""
    if place is None or not normal:
        return ""
    full, sector, district = split(normal)
    if place.terminated_on:
        return _(
            "%(postcode)s has not been used since %(month)s; distances are from where it was."
        ) % {"postcode": normal, "month": formats.date_format(place.terminated_on, "F Y")}
    if full and place.level != POSTCODE:
        return _(
            "We could not find %(postcode)s itself, so distances are from the middle of %(area)s."
        ) % {"postcode": normal, "area": sector if place.level == "sector" else district}
    return ""
