"""Where the real pabulib elections are: ``../shared/pabulib`` beside the checkout (as on every
machine and in CI), or ``PABULIB_DIR``. They are read in place, never copied into the project.

The folder is always there on our machines, so a missing one fails the run loudly rather than
silently running no real-election test.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pabulib_dir() -> Path:
    candidates = [
        os.environ.get("PABULIB_DIR"),
        ROOT.parent / "shared" / "pabulib",
        "/work/shared/pabulib",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.pb")):
            return Path(candidate)
    raise FileNotFoundError(
        "The real pabulib elections were not found in ../shared/pabulib (or PABULIB_DIR)."
    )


PABULIB = pabulib_dir()
REAL_FILES = sorted(PABULIB.glob("*.pb"))
