"""Where a postcode is: the loaded directory first, the small built-in table after.

A full postcode resolves to its own point when the directory has it. A sector ("PE25 3") or a
district ("PE25") resolves to the mean point of the live postcodes in it. Individuals' offers are
only ever placed at such a centre (``coarse_place``), never at their own postcode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count

from .models import Postcode

POSTCODE, SECTOR, DISTRICT = "postcode", "sector", "district"


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    level: str  # POSTCODE, SECTOR or DISTRICT: how precise the point is
    terminated_on: dt.date | None = None

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


def split(normal: str) -> tuple[str, str, str]:
    """("PE25 3AB" -> "PE25 3AB", "PE25 3", "PE25"); missing parts are empty."""
    outward, _space, inward = normal.partition(" ")
    full = normal if len(inward) == 3 else ""
    sector = f"{outward} {inward[0]}" if inward else ""
    return full, sector, outward


def _centre(level: str, value: str) -> Place | None:
    field = "sector" if level == SECTOR else "district"
    row = (
        Postcode.objects.live()
        .filter(**{field: value})
        .aggregate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("pk"))
    )
    if not row["n"]:
        return None
    return Place(round(row["lat"], 4), round(row["lon"], 4), level)


def _builtin(level: str, value: str) -> Place | None:
    from ..geo import POSTCODE_CENTRES

    point = POSTCODE_CENTRES.get(value)
    return Place(point[0], point[1], level) if point else None


def _area_place(sector: str, district: str) -> Place | None:
    if sector:
        found = _centre(SECTOR, sector) or _builtin(SECTOR, sector)
        if found:
            return found
    return _centre(DISTRICT, district) or _builtin(DISTRICT, district)


def place_of(normal: str) -> Place | None:
    """The most precise place known for a normalised postcode, sector or district."""
    if not normal:
        return None
    full, sector, district = split(normal)
    if full:
        row = (
            Postcode.objects.filter(pk=full)
            .values_list("latitude", "longitude", "terminated_on")
            .first()
        )
        if row:
            return Place(row[0], row[1], POSTCODE, row[2])
    return _area_place(sector, district)


def coarse_place(normal: str) -> Place | None:
    """The centre of the postcode's sector (else district): never a single postcode's point."""
    if not normal:
        return None
    _full, sector, district = split(normal)
    return _area_place(sector, district)


def directory_size() -> int:
    return Postcode.objects.count()
