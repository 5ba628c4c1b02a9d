"""What every CSV export shares."""

from typing import Any

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> str:
    """The value as text that a spreadsheet shows rather than runs: a cell starting like a
    formula gets a leading apostrophe. Use it on every cell that people typed."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
