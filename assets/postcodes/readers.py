"""Rows out of the two published postcode files, streamed: neither file is ever held in memory.

- **ONS Postcode Directory (ONSPD)**: one CSV with a header row (``pcd``, ``pcds``, ``dointr``,
  ``doterm``, ``oseast1m``, ``osnrth1m``, ``lat``, ``long`` ... ; newer releases may spell them
  in capitals or as ``pcd7``/``pcd8``), live and terminated postcodes of the whole UK.
  ``doterm`` is the month a postcode was terminated (``YYYYMM``), empty while it is live.
  Postcodes with no grid reference carry ``lat`` 99.999999 and are skipped.
- **OS Code-Point Open**: one CSV per postcode area without a header row: postcode, positional
  quality, easting, northing, then codes we do not use. Live postcodes of Great Britain only.
  A quality of 90 means "no coordinates" and is skipped.

Both also come zipped as published; a ``.zip`` is read member by member without unpacking it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .grid import grid_to_wgs84

ONSPD = "onspd"
CODEPOINT = "codepoint"
FORMATS = (ONSPD, CODEPOINT)

_ONSPD_POSTCODE = ("pcds", "pcd8", "pcd2", "pcd", "pcd7")
_NO_POSITION_LAT = 99.0  # ONSPD writes 99.999999 where it has no grid reference
_CODEPOINT_NO_POSITION = "90"


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str  # as written in the file; normalised by the loader
    latitude: float | None
    longitude: float | None
    terminated_on: dt.date | None = None
    source: str = ""  # ONSPD or CODEPOINT


class PostcodeFileError(ValueError):
    """The file is not one we can read; the message says why in words."""


def _texts(path: Path) -> Iterator[tuple[str, Iterable[str]]]:
    """(name, lines) for each data CSV in ``path``: a file, a folder (an unpacked download) or
    the zip as published."""
    if path.is_dir():
        found = {p.relative_to(path).as_posix(): p for p in path.rglob("*") if p.is_file()}
        for name in _data_files(found):
            with found[name].open(encoding="utf-8-sig", newline="") as handle:
                yield name, handle
        return
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in _data_files(archive.namelist()):
                with archive.open(name) as raw:
                    yield name, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield path.name, handle


def _data_files(names: Iterable[str]) -> list[str]:
    """The data CSVs among a download's files, in order. ONSPD ships the whole UK in one file
    and the same rows again split by area under ``multi_csv/``: read the whole file only."""
    data = sorted(n for n in names if _is_data_csv(n))
    whole = [n for n in data if "multi_csv/" not in n.lower()]
    return whole or data


def _is_data_csv(name: str) -> bool:
    """Not the documents and look-up tables that come with the data (``Doc/``, ``Documents/``,
    ``User Guide/``)."""
    lower = name.lower()
    if not lower.endswith(".csv"):
        return False
    parts = lower.split("/")[:-1]
    return not any(p.startswith("doc") or p.startswith("user guide") for p in parts)


def detect_format(first_line: str) -> str:
    """ONSPD has a header naming its postcode column; Code-Point Open starts with data."""
    cells = [c.strip().strip('"').lower() for c in next(csv.reader([first_line]), [])]
    if any(name in cells for name in _ONSPD_POSTCODE):
        return ONSPD
    if len(cells) >= 4 and cells[2].lstrip("-").isdigit() and cells[3].lstrip("-").isdigit():
        return CODEPOINT
    raise PostcodeFileError(
        "This does not look like the ONS Postcode Directory (a header with pcds, lat and long) "
        "or Code-Point Open (postcode, quality, easting, northing on each line)."
    )


def read_rows(path: Path | str, *, fmt: str = "") -> Iterator[PostcodeRow]:
    """Every row of every data CSV at ``path``, in file order. ``fmt`` is ``onspd``,
    ``codepoint`` or empty to tell from each file's first line."""
    for name, lines in _texts(Path(path)):
        lines = iter(lines)
        first = next(lines, "")
        if not first.strip():
            continue
        kind = fmt or detect_format(first)
        if kind == ONSPD:
            yield from _onspd(name, first, lines)
        elif kind == CODEPOINT:
            yield from _codepoint(name, first, lines)
        else:
            raise PostcodeFileError(f"Unknown format {kind!r}; use onspd or codepoint.")


def _onspd(name: str, header_line: str, lines: Iterable[str]) -> Iterator[PostcodeRow]:
    header = [c.strip().lower() for c in next(csv.reader([header_line]))]
    column = {c: i for i, c in enumerate(header)}
    postcode_col = next((column[c] for c in _ONSPD_POSTCODE if c in column), None)
    lat_col = column.get("lat", column.get("latitude"))
    lon_col = column.get("long", column.get("longitude"))
    term_col = column.get("doterm")
    if postcode_col is None or lat_col is None or lon_col is None:
        raise PostcodeFileError(f"{name}: the header needs a postcode column (pcds), lat and long.")
    for cells in csv.reader(lines):
        if len(cells) <= max(postcode_col, lat_col, lon_col):
            continue
        lat, lon = _float(cells[lat_col]), _float(cells[lon_col])
        if lat is None or lon is None or lat >= _NO_POSITION_LAT:
            lat = lon = None
        terminated = _month(cells[term_col]) if term_col is not None else None
        yield PostcodeRow(cells[postcode_col], lat, lon, terminated, ONSPD)


def _codepoint(name: str, first_line: str, lines: Iterable[str]) -> Iterator[PostcodeRow]:
    rows = csv.reader([first_line])
    for cells in _chain(rows, csv.reader(lines)):
        if len(cells) < 4:
            continue
        easting, northing = _float(cells[2]), _float(cells[3])
        if cells[1].strip() == _CODEPOINT_NO_POSITION or not easting or not northing:
            yield PostcodeRow(cells[0], None, None, None, CODEPOINT)
            continue
        lat, lon = grid_to_wgs84(easting, northing)
        yield PostcodeRow(cells[0], lat, lon, None, CODEPOINT)


def _chain(*iterables):
    for it in iterables:
        yield from it


def _float(text: str) -> float | None:
    try:
        return float(text.strip())
    except (ValueError, AttributeError):
        return None


def _month(text: str) -> dt.date | None:
    """ONSPD dates are ``YYYYMM``: the first day of that month."""
    text = (text or "").strip()
    if len(text) == 6 and text.isdigit():
        year, month = int(text[:4]), int(text[4:])
        if 1 <= month <= 12:
            return dt.date(year, month, 1)
    return None
