"""Postcodes to map points without any network look-up.

The UK-wide answer is the postcode directory loaded by ``manage.py load_postcodes`` (ONS Postcode
Directory or OS Code-Point Open; see ``assets.postcodes``). Below it sits a small built-in table
of approximate centres of postcode sectors and districts in and around the Lincolnshire demo
areas, used when the directory has not been loaded (``make run`` before loading anything) or
does not know a place. A postcode resolves to its own point when the directory has it, else to
its sector ("PE25 3"), else its district ("PE25"). Unknown postcodes resolve to nothing: the
offer is still listed, just not ranked by distance.

Individuals' offers are only ever placed at a sector or district centre (``coarse_point``),
never at their own postcode.
"""

from __future__ import annotations

import math
import re

# (latitude, longitude) of approximate centres. Sources: public postcode district centroids,
# rounded to 3 decimal places (about 100 m): precise enough to rank, too coarse to find a house.
POSTCODE_CENTRES: dict[str, tuple[float, float]] = {
    # Sutton Bridge and South Holland
    "PE12 9": (52.770, 0.190),
    "PE12": (52.800, 0.050),
    "PE11": (52.787, -0.153),
    "PE13": (52.666, 0.159),
    "PE34": (52.730, 0.330),
    # Sleaford and North Kesteven
    "NG34 7": (53.003, -0.402),
    "NG34 8": (52.995, -0.418),
    "NG34 9": (52.960, -0.330),
    "NG34 0": (53.040, -0.480),
    "NG34": (52.999, -0.410),
    "NG31": (52.912, -0.642),
    "NG32": (52.960, -0.700),
    "NG33": (52.820, -0.560),
    "LN4": (53.150, -0.350),
    "LN5": (53.170, -0.540),
    "LN6": (53.200, -0.600),
    # Skegness and East Lindsey
    "PE25 1": (53.150, 0.335),
    "PE25 2": (53.135, 0.340),
    "PE25 3": (53.160, 0.345),
    "PE25": (53.145, 0.338),
    "PE24": (53.200, 0.280),
    "PE23": (53.170, 0.100),
    "PE22": (53.080, 0.050),
    "PE21": (52.977, -0.026),
    "LN11": (53.366, 0.004),
    "LN12": (53.339, 0.262),
    "LN9": (53.206, -0.117),
    # Gainsborough and West Lindsey
    "DN21 1": (53.405, -0.770),
    "DN21 2": (53.390, -0.780),
    "DN21 3": (53.410, -0.740),
    "DN21 5": (53.440, -0.700),
    "DN21": (53.398, -0.774),
    "LN1": (53.240, -0.560),
    "LN2": (53.250, -0.520),
    "LN8": (53.390, -0.330),
    "DN22": (53.320, -0.940),
    "DN10": (53.430, -0.900),
}

_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})?$")
_PARTIAL_RE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)(?:\s+([0-9]))?$")


def normalise_postcode(value: str) -> str:
    """Upper-case with one space before the inward code ("pe253ab" -> "PE25 3AB").

    Returns "" for an empty value; raises ValueError for something that is not a UK postcode,
    a district ("PE25") or a sector ("PE25 3").
    """
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        return ""
    if len(compact) >= 5 and re.match(r"^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$", compact):
        return f"{compact[:-3]} {compact[-3:]}"
    spaced = re.sub(r"\s+", " ", value.strip().upper())
    if _PARTIAL_RE.match(spaced):
        return spaced
    raise ValueError(value)


def postcode_place(postcode: str):
    """The most precise known place (``assets.postcodes.lookup.Place``) of a postcode, sector
    or district, or None."""
    from .postcodes.lookup import place_of

    try:
        normal = normalise_postcode(postcode)
    except ValueError:
        return None
    return place_of(normal) if normal else None


def postcode_point(postcode: str) -> tuple[float, float] | None:
    """The postcode's own point when the directory has it, else its sector's or district's
    centre, else None."""
    place = postcode_place(postcode)
    return place.point if place else None


def coarse_point(postcode: str) -> tuple[float, float] | None:
    """The centre of the postcode's sector (else district): where an individual is placed."""
    from .postcodes.lookup import coarse_place

    try:
        normal = normalise_postcode(postcode)
    except ValueError:
        return None
    place = coarse_place(normal) if normal else None
    return place.point if place else None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (used in tests and the bench to check the SQL)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))
