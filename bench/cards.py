"""Code cards PDF: seconds, cards per second, pages and peak memory for 120, 600 and 2,000 cards.

    .venv/bin/python bench/cards.py [--sizes 120 600 2000] [--layout a4-10]

Each size renders in a fresh Python process (so peak memory is that render's) through the same
code as the Celery task: the cards' template context from plaintext codes (QR codes included),
then ``engagement.pdf.render_pdf``. Making and storing the codes' digests is left out: it is
one bulk insert, and this benchmark needs no database. Target: 600 cards under 20 s on two CPUs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RENDER = """
import json, resource, sys, time
import django
django.setup()
from engagement.pdf import render_pdf
from voting import digests
from voting.services.cards import cards_document_context
size, layout = int(sys.argv[1]), sys.argv[2]
class Vote:
    title = "Sleaford Community Chest 2027: the vote"
codes = [digests.new_code() for _ in range(size)]
t0 = time.perf_counter()
context = cards_document_context(
    vote=Vote(), vote_url="https://commonground.example.org/pb/vote/12/", codes=codes, layout=layout
)
t1 = time.perf_counter()
pdf, pages = render_pdf("voting/pdf/code_cards.html", context)
t2 = time.perf_counter()
print(json.dumps({"qr": t1 - t0, "seconds": t2 - t0, "pages": pages, "bytes": len(pdf),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[120, 600, 2000])
    parser.add_argument("--layout", default="a4-10")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite://:memory:"),
        "PYTHONPATH": str(ROOT),
    }
    print(f"code cards, layout {args.layout}, {os.cpu_count()} CPUs")
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, "-c", RENDER, str(size), args.layout],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        print(
            f"{size:>5} cards: {result['seconds']:6.2f} s ({result['qr']:.2f} s QR codes), "
            f"{size / result['seconds']:6.1f} cards/s, {result['pages']:>4} pages, "
            f"{result['bytes'] / 1e6:5.2f} MB PDF, peak memory {result['rss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
