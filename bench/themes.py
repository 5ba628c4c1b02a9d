"""How well the suggested café themes agree with people's own grouping, and how fast they are.

Reads the labelled tablecloth notes in ``bench/data/cafe_notes_labelled.csv`` (written for the
purpose, in the style of café tablecloths, each with the theme a person gave it), prints the
adjusted Rand index between the suggestions and the human labels (1 is perfect agreement, 0 is
what chance gives), then the time to suggest themes for 1,000 notes.

    .venv/bin/python bench/themes.py
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cafes.suggest import DISTANCE_THRESHOLD, cluster_labels, suggest_themes  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "cafe_notes_labelled.csv"


def load() -> tuple[list[str], list[str]]:
    with DATA.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["theme"] for r in rows]


def main() -> None:
    texts, labels = load()
    predicted = cluster_labels(texts)
    ari = adjusted_rand_score(labels, predicted)
    print(f"labelled notes: {len(texts)} in {len(set(labels))} human themes")
    print(f"suggested groups: {len(set(predicted))} (distance threshold {DISTANCE_THRESHOLD})")
    print(f"adjusted Rand index: {ari:.3f}")
    thousand = (texts * (1000 // len(texts) + 1))[:1000]
    started = time.perf_counter()
    suggestions = suggest_themes(thousand)
    elapsed = time.perf_counter() - started
    print(f"1,000 notes: {len(suggestions)} suggestions in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
