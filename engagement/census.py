"""Reading an ONS Census 2021 table saved as CSV from the ONS "create a custom dataset" service.

That download has one row per area and category, and columns in pairs: first the geography
(``"Electoral wards and divisions Code"``, ``"Electoral wards and divisions"``), then one pair
per classification (``"Ethnic group (6 categories) Code"``, ``"Ethnic group (6 categories)"``),
then the count of people, ``"Observation"``. A table may cross two classifications (age by
sex); each is then summed over the other.

:func:`census_table_read` turns the file into what would be loaded for an area (each group's
share of the people counted), every problem row by row, and what cannot be loaded and why. It
writes nothing: the preview page shows its result and the import service stores it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models.equality import DIMENSIONS, AgeBand

# A made-up table in the ONS layout, under static/, to try the import with (and for the demo).
SAMPLE_FILE = "engagement/samples/census2021-SAMPLE-sex-by-ethnic-group.csv"
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 50_000
OBSERVATION = "Observation"
CODE_SUFFIX = " Code"
# ONS counts people a question was not asked of (children, for some questions) as
# "Does not apply", code -8: they are not part of that question's population.
DOES_NOT_APPLY = {"does not apply", "-8"}

# Our age bands as whole years, the last one open.
AGE_BAND_YEARS: dict[str, tuple[int, int | None]] = {
    AgeBand.UNDER_16: (0, 15),
    AgeBand.AGE_16_24: (16, 24),
    AgeBand.AGE_25_44: (25, 44),
    AgeBand.AGE_45_64: (45, 64),
    AgeBand.AGE_65_74: (65, 74),
    AgeBand.AGE_75_PLUS: (75, None),
}


@dataclass
class CensusProblem:
    """Something in the file that stops the import; ``row`` counts the header as row 1 (as a
    spreadsheet numbers it), 0 for the file as a whole."""

    row: int
    message: str


@dataclass
class CensusCategory:
    """One category of the ONS table, summed over the area's rows."""

    code: str
    label: str
    count: int = 0
    key: str = ""  # the group it counts towards ("ethnicity:white"), if any
    note: str = ""  # why it is not loaded, in words


@dataclass
class CensusGroup:
    key: str
    label: str
    count: int
    percent: Decimal
    current: Decimal | None = None


@dataclass
class CensusDimension:
    """One classification of the file that matches one of our equality questions."""

    name: str  # "age_band"
    column: str  # the ONS name, "Age (6 categories)"
    label: str
    total: int = 0
    categories: list[CensusCategory] = field(default_factory=list)
    groups: list[CensusGroup] = field(default_factory=list)
    left_as_they_are: list[str] = field(default_factory=list)  # labels of groups not filled


@dataclass
class CensusTable:
    areas: dict[str, str] = field(default_factory=dict)  # code -> name, every area in the file
    used_areas: dict[str, str] = field(default_factory=dict)
    dimensions: list[CensusDimension] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[CensusProblem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and any(d.groups for d in self.dimensions)

    @property
    def people(self) -> int:
        return max((d.total for d in self.dimensions), default=0)

    def figures(self) -> dict[str, Decimal]:
        return {g.key: g.percent for d in self.dimensions for g in d.groups}


# --- matching ONS categories to our groups ---------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _ethnicity(label: str) -> str:
    high = _norm(label).split(":")[0]
    for start, value in (
        ("asian", "asian"),
        ("black", "black"),
        ("mixed", "mixed"),
        ("white", "white"),
        ("other ethnic group", "other"),
    ):
        if high.startswith(start):
            return value
    return ""


def _sex(label: str) -> str:
    return {"female": "female", "male": "male"}.get(_norm(label), "")


_RELIGIONS = {
    "no religion": "none",
    "christian": "christian",
    "buddhist": "buddhist",
    "hindu": "hindu",
    "jewish": "jewish",
    "muslim": "muslim",
    "sikh": "sikh",
    "other religion": "other",
    "any other religion": "other",
}


def _religion(label: str) -> str:
    return _RELIGIONS.get(_norm(label), "")


def _disability(label: str) -> str:
    text = _norm(label)
    if text.startswith("not disabled"):
        return "no"
    if text.startswith("disabled"):
        return "yes"
    return ""


def _first_language(label: str) -> str:
    text = _norm(label)
    if text.startswith(("main language is english", "english", "welsh")):
        return "english"
    return "other" if text else ""


# ONS classification name (its start) -> our question and how its categories map.
CLASSIFICATIONS: list[tuple[str, str, Callable[[str], str] | None]] = [
    ("age", "age_band", None),  # ages are read as ranges of years, below
    ("sex", "sex", _sex),
    ("ethnic group", "ethnicity", _ethnicity),
    ("religion", "religion", _religion),
    ("disability", "disability", _disability),
    ("main language", "first_language", _first_language),
    ("proficiency in english", "first_language", _first_language),
]

# Answers that are counted among the people but are none of our groups.
_COUNTED_NOT_LOADED = {"not answered", "religion not stated"}

_AGE_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], tuple[int, int | None]]]] = [
    (re.compile(r"^aged (\d+) years? and under$"), lambda m: (0, int(m[1]))),
    (re.compile(r"^aged under (\d+) years?$"), lambda m: (0, int(m[1]) - 1)),
    (re.compile(r"^aged (\d+) to (\d+) years?$"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"^aged (\d+) years? and over$"), lambda m: (int(m[1]), None)),
    (re.compile(r"^aged (\d+) years?$"), lambda m: (int(m[1]), int(m[1]))),
]


def age_years(label: str) -> tuple[int, int | None] | None:
    """The whole years an ONS age category covers: "Aged 16 to 24 years" is (16, 24),
    "Aged 65 years and over" is (65, None); None when the label is not an age."""
    text = _norm(label)
    for pattern, years in _AGE_PATTERNS:
        match = pattern.match(text)
        if match:
            return years(match)
    return None


def _within(inner: tuple[int, int | None], outer: tuple[int, int | None]) -> bool:
    lo, hi = inner
    olo, ohi = outer
    return lo >= olo and (ohi is None or (hi is not None and hi <= ohi))


def _covers(parts: list[tuple[int, int | None]], band: tuple[int, int | None]) -> bool:
    """Whether the categories put in a band cover all of it, with no gap."""
    expected = band[0]
    for lo, hi in sorted(parts, key=lambda p: p[0]):
        if lo != expected:
            return False
        if hi is None:
            return band[1] is None
        expected = hi + 1
    return band[1] is not None and expected == band[1] + 1


# --- reading the file ------------------------------------------------------------------------


@dataclass
class _Column:
    name: str  # without " Code"
    code_at: int
    dimension: str  # our question, "" when the classification is none of ours
    match: Callable[[str], str] | None = None


def _layout_problem() -> CensusProblem:
    return CensusProblem(
        1,
        _(
            "The header row is not an ONS custom dataset layout. It should have each column "
            'in pairs, a code and a name (such as "Electoral wards and divisions Code", '
            '"Electoral wards and divisions", "Ethnic group (6 categories) Code", "Ethnic '
            'group (6 categories)"), and end with "Observation".'
        ),
    )


def _columns(header: list[str]) -> list[_Column] | None:
    header = [h.strip() for h in header]
    if len(header) < 5 or header[-1] != OBSERVATION or (len(header) - 1) % 2:
        return None
    columns = []
    for at in range(0, len(header) - 1, 2):
        code, name = header[at], header[at + 1]
        if code != name + CODE_SUFFIX:
            return None
        dimension, match = "", None
        if at:
            for start, question, matcher in CLASSIFICATIONS:
                if _norm(name).startswith(start):
                    dimension, match = question, matcher
                    break
        columns.append(_Column(name, at, dimension, match))
    return columns


def _decode(data: bytes, problems: list[CensusProblem]) -> str | None:
    if len(data) > MAX_BYTES:
        problems.append(
            CensusProblem(
                0,
                _(
                    "The file is larger than %(size)d MB. Download the table for your area only "
                    "(choose the area on the ONS site's area step)."
                )
                % {"size": MAX_BYTES // (1024 * 1024)},
            )
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(
            CensusProblem(
                0, _("The file is not UTF-8 text. Use the CSV exactly as the ONS site gives it.")
            )
        )
        return None


def census_table_read(data: bytes, *, area_code: str = "") -> CensusTable:
    """What ``data`` (an ONS custom dataset CSV) would load for an area. With ``area_code``
    (the area's ONS code) and that code in the file, only its rows count; otherwise every row
    of the file is added up (a file of the small areas that make up the area). Never raises
    for bad content: every problem is in ``problems``, row by row."""
    table = CensusTable()
    text = _decode(data, table.problems)
    if text is None:
        return table
    rows = list(csv.reader(io.StringIO(text)))
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    columns = _columns(rows[0]) if rows else None
    if columns is None:
        table.problems.append(
            _layout_problem() if rows else CensusProblem(0, _("The file is empty."))
        )
        return table
    classifications = columns[1:]  # the first pair is the geography
    ours = [c for c in classifications if c.dimension]
    table.ignored_columns = [c.name for c in classifications if not c.dimension]
    if not ours:
        table.problems.append(CensusProblem(1, _no_classification_message(classifications)))
        return table
    if len({c.dimension for c in ours}) != len(ours):
        table.problems.append(
            CensusProblem(1, _("The file has two columns for the same question; use one."))
        )
        return table
    width = len(rows[0])
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if len(body) > MAX_ROWS:
        table.problems.append(CensusProblem(0, _("At most %(n)d rows per file.") % {"n": MAX_ROWS}))
        return table
    for _n, row in body:
        if len(row) == width:
            table.areas.setdefault(row[0].strip(), row[1].strip())
    use_all = not area_code or area_code not in table.areas
    dimensions = {c.dimension: _Tally(c) for c in ours}
    seen: dict[tuple[str, ...], int] = {}
    for number, row in body:
        problems, count = _row_check(row, number, width, seen)
        table.problems.extend(problems)
        if count is None:
            continue  # the row cannot be read further
        cells = [c.strip() for c in row]
        if not use_all and cells[0] != area_code:
            continue
        table.used_areas.setdefault(cells[0], cells[1])
        table.rows += 1
        for column in ours:
            # Even a row already refused is read on, so every problem in it is named at once.
            message = dimensions[column.dimension].add(
                cells[column.code_at], cells[column.code_at + 1], count
            )
            if message:
                table.problems.append(CensusProblem(number, message))
    if not table.problems:
        for tally in dimensions.values():
            dimension = tally.result()
            if dimension.total == 0:
                table.problems.append(
                    CensusProblem(
                        0,
                        _("The file counts nobody for %(question)s in this area.")
                        % {"question": dimension.column},
                    )
                )
            table.dimensions.append(dimension)
    if not body:
        table.problems.append(CensusProblem(0, _("The file has a header but no rows.")))
    return table


def _no_classification_message(classifications: list[_Column]) -> str:
    return _(
        "None of this table's columns (%(columns)s) matches a question the reach pages compare "
        "with: age, sex, ethnic group, religion, disability or main language."
    ) % {"columns": ", ".join(f'"{c.name}"' for c in classifications)}


def _row_check(
    row: list[str], number: int, width: int, seen: dict[tuple[str, ...], int]
) -> tuple[list[CensusProblem], int | None]:
    """The row's problems, and its count of people: ``None`` when the row cannot be read at
    all (the wrong number of cells, no area, a repeat), 0 when only its count is wrong."""
    if len(row) != width:
        message = _("It has %(cells)d cells; the header has %(width)d.") % {
            "cells": len(row),
            "width": width,
        }
        return [CensusProblem(number, message)], None
    cells = [c.strip() for c in row]
    if not cells[0]:
        return [CensusProblem(number, _("It has no area code."))], None
    key = tuple(cells[0:-1:2])
    if key in seen:
        message = _("It repeats row %(first)d (the same area and categories).") % {
            "first": seen[key]
        }
        return [CensusProblem(number, message)], None
    seen[key] = number
    observation = cells[-1].replace(",", "")
    if not observation.isdigit():
        message = _('The observation "%(value)s" is not a whole number of people.') % {
            "value": cells[-1][:40]
        }
        return [CensusProblem(number, message)], 0
    return [], int(observation)


class _Tally:
    """The counts of one classification, by category, and how they map to our groups."""

    def __init__(self, column: _Column):
        self.column = column
        self.categories: dict[str, CensusCategory] = {}
        self.years: dict[str, tuple[int, int | None]] = {}

    def add(self, code: str, label: str, count: int) -> str:
        """Count ``count`` people in the category; a message when the category is unknown."""
        category = self.categories.get(code)
        if category is None:
            category = self.categories[code] = CensusCategory(code=code, label=label)
            message = self._classify(category)
            if message:
                del self.categories[code]
                return message
        elif category.label != label:
            return _('Category code %(code)s is named both "%(one)s" and "%(other)s".') % {
                "code": code,
                "one": category.label[:80],
                "other": label[:80],
            }
        category.count += count
        return ""

    def _classify(self, category: CensusCategory) -> str:
        text = _norm(category.label)
        if text in DOES_NOT_APPLY or category.code == "-8":
            category.note = str(NOT_ASKED)
            return ""
        if text in _COUNTED_NOT_LOADED:
            category.note = str(COUNTED_ONLY)
            return ""
        if self.column.dimension == "age_band":
            years = age_years(category.label)
            if years is None:
                return _unknown(category, self.column.name)
            self.years[category.code] = years
            return ""
        value = self.column.match(category.label) if self.column.match else ""
        if not value:
            return _unknown(category, self.column.name)
        category.key = f"{self.column.dimension}:{value}"
        return ""

    def result(self) -> CensusDimension:
        name = self.column.dimension
        label, choices = DIMENSIONS[name]
        dimension = CensusDimension(name=name, column=self.column.name, label=str(label))
        dimension.categories = list(self.categories.values())
        dimension.total = sum(c.count for c in dimension.categories if c.note != str(NOT_ASKED))
        if name == "age_band":
            self._place_ages()
        counts: dict[str, int] = {}
        for category in dimension.categories:
            if category.key:
                counts[category.key] = counts.get(category.key, 0) + category.count
        for value, value_label in choices.choices:
            key = f"{name}:{value}"
            if value == "prefer_not":
                continue
            if key in counts and dimension.total:
                share = Decimal(counts[key] * 100) / Decimal(dimension.total)
                dimension.groups.append(
                    CensusGroup(
                        key=key,
                        label=str(value_label),
                        count=counts[key],
                        percent=share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                    )
                )
            else:
                dimension.left_as_they_are.append(str(value_label))
        return dimension

    def _place_ages(self) -> None:
        """Put each age category in the band that holds it. A band is loaded only when the
        file's categories fill all of it: "Aged 35 to 49 years" straddles two of our bands,
        and splitting it would be a guess."""
        parts: dict[str, list[tuple[int, int | None]]] = {}
        for category in self.categories.values():
            years = self.years.get(category.code)
            if years is None:
                continue
            band = next((b for b, r in AGE_BAND_YEARS.items() if _within(years, r)), None)
            if band is None:
                category.note = str(STRADDLES)
                continue
            category.key = f"age_band:{band}"
            parts.setdefault(band, []).append(years)
        for band, years in parts.items():
            if not _covers(years, AGE_BAND_YEARS[band]):
                for category in self.categories.values():
                    if category.key == f"age_band:{band}":
                        category.key = ""
                        category.note = str(PART_OF_BAND) % {"band": AgeBand(band).label}


NOT_ASKED = gettext_lazy("Not asked of these people: left out of the total.")
COUNTED_ONLY = gettext_lazy("Counted in the total, but none of our groups.")
STRADDLES = gettext_lazy(
    "Spans two of our age bands, so it cannot be split without guessing: not loaded. The "
    "ONS tables Age (23 categories) or Age (101 categories) fit our bands."
)
PART_OF_BAND = gettext_lazy(
    'Only part of "%(band)s" is in this table, so that band is not loaded from it.'
)


def _unknown(category: CensusCategory, column: str) -> str:
    return _('"%(label)s" is not a category of "%(column)s" that we know.') % {
        "label": category.label[:80],
        "column": column,
    }
