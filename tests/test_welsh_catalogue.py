"""The Welsh catalogue is complete: no untranslated and no fuzzy entries (GNU gettext's
msgattrib reads the file exactly as msgfmt will)."""

import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "cy" / "LC_MESSAGES" / "django.po"


def _entries(flag: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", "--no-wrap", str(CATALOGUE)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # The header (msgid "") is always printed when anything is; it is not an entry.
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@pytest.fixture(autouse=True)
def _needs_gettext():
    if shutil.which("msgattrib") is None:
        pytest.fail("GNU gettext (msgattrib) is needed: apt-get install gettext")


def test_no_untranslated_welsh_strings():
    assert _entries("--untranslated") == []


def test_no_fuzzy_welsh_strings():
    assert _entries("--only-fuzzy") == []
