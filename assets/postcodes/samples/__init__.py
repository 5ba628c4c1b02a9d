"""The sample postcode files shipped for tests and the demo (see README.md beside them)."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent
ONSPD_SAMPLE = SAMPLES / "onspd_sample.csv"
CODEPOINT_SAMPLE = SAMPLES / "codepoint_sample.csv"
