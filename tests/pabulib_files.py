"""Where the real pabulib elections are: the folder named by ``PABULIB_DIR``, by default
``shared/pabulib`` beside the checkout (``../shared/pabulib`` from the repository root, as on every
machine and in CI). They are read in place, never copied into the project.

The folder is always there on our machines, so a missing one fails the run loudly rather than
silently running no real-election test.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PABULIB_DIR = ROOT.parent / "shared" / "pabulib"


def pabulib_dir() -> Path:
    folder = Path(os.environ.get("PABULIB_DIR") or DEFAULT_PABULIB_DIR)
    if not any(folder.glob("*.pb")):
        raise FileNotFoundError(
            f"No pabulib elections (*.pb) in {folder}: "
            "set PABULIB_DIR to the folder that holds them."
        )
    return folder


PABULIB = pabulib_dir()
REAL_FILES = sorted(PABULIB.glob("*.pb"))
