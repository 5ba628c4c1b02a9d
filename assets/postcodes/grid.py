"""OSGB36 National Grid (EPSG:27700) to WGS84 latitude and longitude, in plain Python.

Code-Point Open gives each postcode as an easting and northing on the National Grid. We convert
them the way Ordnance Survey's "A guide to coordinate systems in Great Britain" describes:

1. inverse Transverse Mercator on the Airy 1830 ellipsoid (the guide's Annexe C), giving OSGB36
   latitude and longitude;
2. to Earth-centred cartesian coordinates, a 7-parameter Helmert transformation to ETRS89/WGS84
   (the guide's section 6.6, parameters of its table 4, reversed), and back to latitude and
   longitude on the GRS80 ellipsoid.

The Helmert step is good to about 5 metres across Great Britain (OSTN15 would give centimetres
but needs a 15 MB grid file): far finer than a postcode, whose point is the centre of a few
dozen addresses, and than the kilometres a distance search ranks by.
"""

from __future__ import annotations

import math

# Airy 1830 (OSGB36) and GRS80 (ETRS89, equal to WGS84 at this precision): semi-axes in metres.
AIRY_1830 = (6_377_563.396, 6_356_256.909)
GRS80 = (6_378_137.000, 6_356_752.314140)

# The National Grid's true origin and false origin.
SCALE_F0 = 0.9996012717
LAT0 = math.radians(49.0)
LON0 = math.radians(-2.0)
E0 = 400_000.0
N0 = -100_000.0

# OSGB36 -> WGS84: the guide's ETRS89 -> OSGB36 parameters (its table 4) with every sign
# reversed, the usual approximation of the inverse at this precision.
_ARCSEC = math.pi / (180 * 3600)
HELMERT_TO_WGS84 = {
    "tx": 446.448,
    "ty": -125.157,
    "tz": 542.060,
    "s": -20.4894e-6,
    "rx": 0.1502 * _ARCSEC,
    "ry": 0.2470 * _ARCSEC,
    "rz": 0.8421 * _ARCSEC,
}


def _meridional_arc(lat: float, a: float, b: float) -> float:
    n = (a - b) / (a + b)
    n2, n3 = n * n, n * n * n
    d, s = lat - LAT0, lat + LAT0
    return (
        b
        * SCALE_F0
        * (
            (1 + n + 5 / 4 * n2 + 5 / 4 * n3) * d
            - (3 * n + 3 * n2 + 21 / 8 * n3) * math.sin(d) * math.cos(s)
            + (15 / 8 * n2 + 15 / 8 * n3) * math.sin(2 * d) * math.cos(2 * s)
            - 35 / 24 * n3 * math.sin(3 * d) * math.cos(3 * s)
        )
    )


def grid_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    """National Grid metres to OSGB36 latitude and longitude in degrees (the guide's C.2)."""
    a, b = AIRY_1830
    e2 = 1 - (b * b) / (a * a)
    lat = LAT0
    arc = 0.0
    # Iterate until the northing is matched to 0.01 mm; converges in a handful of steps.
    for _step in range(100):
        lat = (northing - N0 - arc) / (a * SCALE_F0) + lat
        arc = _meridional_arc(lat, a, b)
        if abs(northing - N0 - arc) < 1e-5:
            break
    sin_lat = math.sin(lat)
    nu = a * SCALE_F0 / math.sqrt(1 - e2 * sin_lat**2)
    rho = a * SCALE_F0 * (1 - e2) / (1 - e2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    tan = math.tan(lat)
    t2, t4, t6 = tan**2, tan**4, tan**6
    sec = 1 / math.cos(lat)
    vii = tan / (2 * rho * nu)
    viii = tan / (24 * rho * nu**3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
    ix = tan / (720 * rho * nu**5) * (61 + 90 * t2 + 45 * t4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * t2)
    xii = sec / (120 * nu**5) * (5 + 28 * t2 + 24 * t4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * t2 + 1320 * t4 + 720 * t6)
    de = easting - E0
    lat_out = lat - vii * de**2 + viii * de**4 - ix * de**6
    lon_out = LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return math.degrees(lat_out), math.degrees(lon_out)


def to_cartesian(
    lat_deg: float, lon_deg: float, height: float, ellipsoid: tuple[float, float]
) -> tuple[float, float, float]:
    """Latitude, longitude and ellipsoidal height to Earth-centred x, y, z (the guide's B.1)."""
    a, b = ellipsoid
    e2 = 1 - (b * b) / (a * a)
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (
        (nu + height) * math.cos(lat) * math.cos(lon),
        (nu + height) * math.cos(lat) * math.sin(lon),
        ((1 - e2) * nu + height) * math.sin(lat),
    )


def from_cartesian(
    x: float, y: float, z: float, ellipsoid: tuple[float, float]
) -> tuple[float, float]:
    """Earth-centred x, y, z to latitude and longitude in degrees (the guide's B.2)."""
    a, b = ellipsoid
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _step in range(20):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        new = math.atan2(z + e2 * nu * math.sin(lat), p)
        if abs(new - lat) < 1e-12:
            lat = new
            break
        lat = new
    return math.degrees(lat), math.degrees(math.atan2(y, x))


def helmert(x: float, y: float, z: float, p: dict[str, float]) -> tuple[float, float, float]:
    """The small-angle 7-parameter Helmert transformation (the guide's equation 6.3)."""
    scale = 1 + p["s"]
    return (
        p["tx"] + scale * x - p["rz"] * y + p["ry"] * z,
        p["ty"] + p["rz"] * x + scale * y - p["rx"] * z,
        p["tz"] - p["ry"] * x + p["rx"] * y + scale * z,
    )


def grid_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """National Grid easting and northing (metres) to WGS84 latitude and longitude (degrees),
    good to about 5 m. Heights are taken as zero: a postcode has none, and a few hundred metres
    of height move the answer by less than a metre."""
    lat, lon = grid_to_osgb36(easting, northing)
    x, y, z = to_cartesian(lat, lon, 0.0, AIRY_1830)
    x, y, z = helmert(x, y, z, HELMERT_TO_WGS84)
    lat, lon = from_cartesian(x, y, z, GRS80)
    return round(lat, 6), round(lon, 6)
