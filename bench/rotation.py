"""Benchmark the World Café rotation planner: repeated pairs and seconds for each case.

    .venv/bin/python bench/rotation.py          # every case
    .venv/bin/python bench/rotation.py --quick  # skip the hosted sweep

Quality targets (from the issue):
* hosts fixed, 2..15 tables of 3..5 seats, up to min(4, tables) rounds: zero repeated pairs in
  under 2 seconds wherever zero is possible. It is impossible when a table has more travellers
  than there are other tables (size > tables): between two consecutive rounds each table's
  size-1 travellers go to tables-1 other tables, so two of them travel together again. The
  "bound" column gives the counting bound, which the plan must meet or exceed.
* without hosts, the known maxima with zero repeats, and where zero is impossible the stated
  bound with no pair meeting more than twice.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cafes.rotation import Constraints, Person, Table, lower_bound, plan  # noqa: E402


def run(g: int, s: int, rounds: int, hosts: bool) -> tuple[int, int, float, str]:
    people = [Person(i + 1) for i in range(g * s)]
    tables = [Table(seats=s, host=t + 1 if hosts else None) for t in range(g)]
    started = time.perf_counter()
    result = plan(people, tables, rounds, constraints=Constraints(max_seats=max(5, s)))
    return result.repeats, result.max_meetings, time.perf_counter() - started, result.method


def row(g: int, s: int, rounds: int, hosts: bool) -> tuple[bool, float]:
    repeats, most, seconds, method = run(g, s, rounds, hosts)
    bound = lower_bound(g, s, rounds, hosts=hosts)
    verdict = "optimal" if repeats == bound.repeats else f"bound {bound.repeats}"
    print(
        f"{g:>6} {s:>4} {rounds:>6} {repeats:>7} {bound.repeats:>5} {most:>4} "
        f"{seconds:>7.2f}  {method:<28} {verdict}"
    )
    return repeats == 0, seconds


def header(title: str) -> None:
    print(f"\n{title}")
    print(
        f"{'tables':>6} {'size':>4} {'rounds':>6} {'repeats':>7} {'bound':>5} {'most':>4} "
        f"{'seconds':>7}  {'method':<28} verdict"
    )


def main() -> None:
    quick = "--quick" in sys.argv
    failures = []
    if not quick:
        header("Hosts fixed (person t hosts table t)")
        slowest = 0.0
        for g in range(2, 16):
            for s in range(3, 6):
                for rounds in range(1, min(4, g) + 1):
                    zero, seconds = row(g, s, rounds, True)
                    slowest = max(slowest, seconds)
                    if s <= g and not (zero and seconds < 2):
                        failures.append((g, s, rounds))
        print(f"slowest hosted case: {slowest:.2f} s")
        print("impossible with hosts (size > tables):")
        for g, s in ((2, 3), (2, 4), (2, 5), (3, 4), (3, 5), (4, 5)):
            print(f"  {g}x{s}, 2 rounds: {lower_bound(g, s, 2, hosts=True).reason}")

    header("No hosts: known maxima (zero repeats expected)")
    for g, s, rounds in ((4, 4, 5), (5, 5, 6), (5, 3, 7), (6, 4, 7), (7, 4, 9), (8, 4, 10)):
        zero, _ = row(g, s, rounds, False)
        if not zero:
            failures.append((g, s, rounds))

    header("No hosts: zero repeats impossible")
    for g, s, rounds in ((4, 3, 5), (5, 4, 6), (6, 6, 4)):
        row(g, s, rounds, False)
        print(f"    why: {lower_bound(g, s, rounds).reason}")

    print("\nall targets met" if not failures else f"\nMISSED: {failures}")


if __name__ == "__main__":
    main()
