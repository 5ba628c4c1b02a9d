"""Base rounds found offline by our own searches, for instances too slow to search at run time.

Each entry is a base round on ``Z_W x {orbits}`` plus fixed points (see ``constructions.develop``):
shifting it W times gives W rounds in which no pair meets twice. They were found by an exact-cover
search over difference orbits (``constructions.cyclic_base`` does the same for small cases) and
are re-verified on every use and in the tests, so a wrong entry can never reach a plan.
"""

from __future__ import annotations

from functools import lru_cache

from .constructions import Rounds, all_pairs_distinct, develop

# (tables, size, rounds) -> base round. 28 people = Z_9 x 3 + one fixed point: a resolvable
# 2-(28,4,1) design, i.e. 7 tables of 4 where everyone meets everyone exactly once in 9 rounds.
BASES: dict[tuple[int, int, int], tuple[tuple[int, ...], ...]] = {
    # 32 people = Z_9 x 3 + five fixed points: 8 tables of 4 for 9 rounds without a repeat (10
    # rounds come from ``partner_swap``, which builds the whole social golfer solution).
    (8, 4, 9): (
        (27, 16, 3, 21),
        (28, 2, 23, 13),
        (29, 0, 22, 10),
        (30, 11, 20, 6),
        (31, 9, 1, 26),
        (4, 7, 5, 24),
        (8, 15, 14, 17),
        (12, 18, 25, 19),
    ),
    (7, 4, 9): (
        (0, 9, 18, 27),
        (2, 3, 6, 10),
        (1, 8, 13, 20),
        (7, 17, 22, 23),
        (5, 11, 16, 19),
        (12, 14, 15, 25),
        (4, 21, 24, 26),
    ),
}


@lru_cache(maxsize=16)
def _developed(key: tuple[int, int, int]) -> Rounds | None:
    tables, size, rounds = key
    design = develop(BASES[key], tables * size, rounds)
    return design if all_pairs_distinct(design) else None


def offline_design(tables: int, size: int, rounds: int) -> tuple[Rounds, str] | None:
    for g, s, w in sorted(BASES):
        if (g, s) == (tables, size) and w >= rounds:
            design = _developed((g, s, w))
            if design is not None:
                return [[list(t) for t in rnd] for rnd in design[:rounds]], "cyclic"
    return None
