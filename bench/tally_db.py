"""Import and tally a large real election through PostgreSQL, against pabutools and in memory.

    python -m tests.harness.services -- .venv/bin/python bench/tally_db.py [FILE]

Goals: importing the 89,419 ballots of Poland_Wroclaw_2020.pb into PostgreSQL takes no
longer than twice pabutools' parse of the same file; tallying the stored ballots takes within 2x
of the in-memory tally; peak memory stays under 500 MB. Prints the figures, measured in one run,
in a fresh database of its own (``bench_tally``), which it drops afterwards.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "pabulib" / "Poland_Wroclaw_2020.pb"


def _fresh_database() -> str:
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_tally")
        conn.execute("CREATE DATABASE bench_tally")
    return f"{base}/bench_tally"


def _timed(func):
    start = time.perf_counter()
    value = func()
    return value, time.perf_counter() - start


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FILE
    if not path.exists():
        sys.exit(f"{path} not found: the real elections live in ../shared/pabulib/")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under the harness: python -m tests.harness.services -- ...")
    os.environ["DATABASE_URL"] = _fresh_database()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True, env=os.environ
    )
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from pabutools.election import parse_pabulib

    from pbtally import read_pabulib, tally
    from voting.selectors.election import rule_spec, vote_election
    from voting.services.pabulib import vote_import_pabulib

    _, pabutools_parse = _timed(lambda: parse_pabulib(str(path)))
    vote, import_seconds = _timed(lambda: vote_import_pabulib(path=str(path), area=None))
    election, memory_parse = _timed(lambda: read_pabulib(path))
    in_memory, memory_tally = _timed(lambda: tally(election))
    stored, db_load = _timed(lambda: vote_election(vote))
    from_db, db_tally = _timed(lambda: tally(stored, rule_spec(vote)))
    ballots = len(election.ballots)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"== {path.name}: {ballots:,} ballots, rule {in_memory.rule}")
    print(f"pabutools parse                 {pabutools_parse:7.3f} s")
    print(
        f"import into PostgreSQL          {import_seconds:7.3f} s   "
        f"{import_seconds / pabutools_parse:.2f}x pabutools' parse (goal <= 2x)"
    )
    memory_total = memory_parse + memory_tally
    db_total = db_load + db_tally
    print(f"in-memory parse + tally         {memory_total:7.3f} s")
    print(
        f"tally from the database         {db_total:7.3f} s   "
        f"(load {db_load:.3f} + tally {db_tally:.3f}): {db_total / memory_total:.2f}x in-memory "
        "(goal <= 2x)"
    )
    print(
        f"  (against the in-memory tally step alone, {memory_tally:.3f} s: "
        f"{db_total / memory_tally:.1f}x; the stored ballots need no text parsing)"
    )
    same = list(from_db.selected) == list(in_memory.selected)
    print(f"same outcome                    {same}")
    print(f"peak memory                     {peak_mb:7.0f} MB (goal < 500 MB)")

    from django.db import connections

    connections.close_all()
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_tally")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
