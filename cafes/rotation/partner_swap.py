"""Eight tables of four for ten rounds with no repeated pair: the "partner swap" design.

This is the original social golfer problem (32 golfers, groups of 4, 10 weeks). With 10 rounds
each person meets 30 of the 31 others, so the pairs that never meet form a perfect matching:
everyone has exactly one *partner* they never sit with. The construction builds that in.

* Person ``2a + s`` is the pair ``(a, s)``: a point ``a`` of GF(2)^4 (the numbers 0..15, added
  with XOR) and a sign bit ``s``. Partners ``2a`` and ``2a + 1`` share a point and never meet.
* Each round takes a 2-dimensional subspace ``W = {0, d1, d2, d1 ^ d2}`` of GF(2)^4, i.e. a
  *line* ``{d1, d2, d1 ^ d2}`` of the projective space PG(3,2). Its four cosets ``a + W`` split
  the 16 points into four blocks of four, and each block ``P`` becomes two tables,
  ``{2a + f(a) : a in P}`` and ``{2a + 1 - f(a) : a in P}``, for a sign bit ``f(a)`` chosen per
  round and point. So every round seats everyone once.
* Points ``a != b`` share a block in the rounds whose ``W`` contains ``a ^ b``. We pick 10 lines
  that together cover every non-zero vector exactly twice (a "double cover"; 30 = 15 x 2), so
  every pair of points shares a block in exactly two rounds ``k1`` and ``k2``.
* In such a round, ``(a, s)`` and ``(b, t)`` sit together exactly when
  ``s + t = f_k(a) + f_k(b)``. Of the four people-pairs over ``{a, b}``, two have ``s + t = 0``
  and two ``s + t = 1``, so all four meet exactly once over the two rounds precisely when
  ``f_k1(a) + f_k1(b) + f_k2(a) + f_k2(b) = 1``.

That is 120 linear equations over GF(2) in 160 unknown sign bits, solved by Gaussian elimination.
Not every double cover gives a consistent system, so the covers are tried in a fixed order until
one does (the first one already does). Everything is computed at run time in a few milliseconds,
deterministically, and the result is re-checked with ``all_pairs_distinct`` before use, so a
mistake here can never reach a plan.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import combinations

from .constructions import Rounds, all_pairs_distinct

TABLES, SIZE, ROUNDS = 8, 4, 10
POINTS = 16  # the vectors of GF(2)^4, numbered 0..15; vector addition is XOR

Line = tuple[int, int, int]
# One GF(2) linear equation: a bit mask of its unknowns and the right-hand side (0 or 1).
Equation = tuple[int, int]


def projective_lines() -> list[Line]:
    """The 35 lines of PG(3,2): each is the non-zero part ``{d1, d2, d1 ^ d2}`` of a 2-dim
    subspace of GF(2)^4, sorted, in increasing order."""
    return sorted(
        {tuple(sorted((d1, d2, d1 ^ d2))) for d1, d2 in combinations(range(1, POINTS), 2)}
    )


def double_covers() -> Iterator[tuple[Line, ...]]:
    """Every set of 10 lines covering each non-zero vector exactly twice, in a fixed order.

    Backtracking: the smallest vector still covered fewer than twice must be on one of the lines
    still to choose, so branch on those lines in order. A line already tried at a branch point is
    excluded from its later siblings, so each set is produced exactly once.
    """
    lines = projective_lines()
    through = {v: [line for line in lines if v in line] for v in range(1, POINTS)}
    covered = [0] * POINTS
    chosen: list[Line] = []
    excluded: set[Line] = set()

    def extend() -> Iterator[tuple[Line, ...]]:
        short = next((v for v in range(1, POINTS) if covered[v] < 2), None)
        if short is None:
            yield tuple(chosen)  # 15 vectors x 2 = 30 incidences = 10 lines of 3 points
            return
        tried = []
        for line in through[short]:
            if line in excluded or line in chosen or any(covered[v] == 2 for v in line):
                continue
            chosen.append(line)
            for v in line:
                covered[v] += 1
            yield from extend()
            for v in line:
                covered[v] -= 1
            chosen.pop()
            excluded.add(line)
            tried.append(line)
        excluded.difference_update(tried)

    yield from extend()


def solve_gf2(equations: Sequence[Equation], unknowns: int) -> list[int] | None:
    """A solution of the linear system over GF(2), or None if it is inconsistent.

    Gauss-Jordan elimination on bit masks: each pivot row is keyed by its highest unknown, and
    that unknown is cleared from every other pivot row, so at the end each pivot row reads
    ``x_pivot + (free unknowns) = rhs``. Free unknowns are set to 0, which makes the solution
    deterministic.
    """
    pivots: dict[int, Equation] = {}
    for mask, rhs in equations:
        for bit, (pmask, prhs) in sorted(pivots.items(), reverse=True):
            if mask >> bit & 1:
                mask, rhs = mask ^ pmask, rhs ^ prhs
        if not mask:
            if rhs:
                return None  # 0 = 1: the equation contradicts the earlier ones
            continue  # a consequence of the earlier equations
        bit = mask.bit_length() - 1
        for other, (pmask, prhs) in pivots.items():
            if pmask >> bit & 1:
                pivots[other] = (pmask ^ mask, prhs ^ rhs)
        pivots[bit] = (mask, rhs)
    solution = [0] * unknowns
    for bit, (_mask, rhs) in pivots.items():
        solution[bit] = rhs
    return solution


def _sign(k: int, a: int) -> int:
    """The unknown f_k(a): the sign bit of point ``a`` in round ``k``."""
    return k * POINTS + a


def sign_equations(cover: Sequence[Line]) -> list[Equation]:
    """For every pair of points {a, b}: the sum of their sign bits differs between the two
    rounds whose line contains ``a ^ b``, i.e. f_k1(a) + f_k1(b) + f_k2(a) + f_k2(b) = 1."""
    equations = []
    for a, b in combinations(range(POINTS), 2):
        k1, k2 = (k for k, line in enumerate(cover) if a ^ b in line)
        mask = 0
        for k in (k1, k2):
            mask ^= (1 << _sign(k, a)) ^ (1 << _sign(k, b))
        equations.append((mask, 1))
    return equations


def rounds_from(cover: Sequence[Line], signs: Sequence[int]) -> Rounds:
    """Seat people ``0..31``: round k has two tables for each coset of line k's subspace."""
    result: Rounds = []
    for k, line in enumerate(cover):
        subspace = (0, *line)
        cosets = sorted({tuple(sorted(a ^ w for w in subspace)) for a in range(POINTS)})
        layout = []
        for coset in cosets:
            layout.append([2 * a + signs[_sign(k, a)] for a in coset])
            layout.append([2 * a + 1 - signs[_sign(k, a)] for a in coset])
        result.append(layout)
    return result


@lru_cache(maxsize=1)
def _design() -> Rounds | None:
    """The first double cover whose sign equations are consistent, built and verified."""
    for cover in double_covers():
        signs = solve_gf2(sign_equations(cover), ROUNDS * POINTS)
        if signs is None:
            continue
        design = rounds_from(cover, signs)
        return design if all_pairs_distinct(design) else None
    return None  # pragma: no cover - the first cover in the order above is already consistent


def partner_swap_design(tables: int, size: int, rounds: int) -> tuple[Rounds, str] | None:
    """Up to 10 rounds of 8 tables of 4 with no repeated pair, or None for other instances."""
    if (tables, size) != (TABLES, SIZE) or not 1 <= rounds <= ROUNDS:
        return None
    design = _design()
    if design is None:
        return None  # pragma: no cover - only if the construction above were wrong
    return [[list(table) for table in rnd] for rnd in design[:rounds]], "partner-swap"
