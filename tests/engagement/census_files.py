"""Census CSV files for tests: the shipped sample (made-up figures in the ONS layout) and small
tables written here in the same layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.conf import settings

from engagement.census import SAMPLE_FILE

SAMPLE = Path(settings.BASE_DIR) / "static" / SAMPLE_FILE
WARD = ("Electoral wards and divisions Code", "Electoral wards and divisions")


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def ons_csv(classification: str, rows: list[tuple], geography=WARD) -> bytes:
    """``rows`` as (area code, area name, category code, category, observation)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*geography, f"{classification} Code", classification, "Observation"])
    writer.writerows(rows)
    return out.getvalue().encode()


AGE_6 = [
    ("1", "Aged 15 years and under", 300),
    ("2", "Aged 16 to 24 years", 100),
    ("3", "Aged 25 to 34 years", 150),
    ("4", "Aged 35 to 49 years", 200),
    ("5", "Aged 50 to 64 years", 150),
    ("6", "Aged 65 years and over", 100),
]


def age_6(code="E05000001", name="Testwick") -> bytes:
    return ons_csv("Age (6 categories)", [(code, name, *r) for r in AGE_6])
