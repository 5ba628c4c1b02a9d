"""Known zero-repeat designs, generated from formulas rather than copied tables.

Every function returns rounds over points ``0..N-1`` (``rounds[r][t]`` lists table ``t``'s points)
or ``None`` when its construction does not apply. The planner maps people onto points.

* ``transversal_design``: lines of the affine plane over GF(q). With q tables of q seats it gives
  q+1 rounds (4x4 for 5, 5x5 for 6); with s < q seats it keeps s rows of the plane and gives q
  rounds.
* ``hosted_design``: hosts fixed, traveller (x, j) sits at table ``x + s_j(r)`` in round r, with
  offset sequences whose pairwise differences never repeat a value (``s_j(r) = c_j * r`` over
  GF(q); a small search over Z_g otherwise).
* ``cyclic_design``: points are ``Z_W x {orbits}`` plus a few fixed points; one base round is
  shifted W times. A base round whose pairs fall in distinct difference orbits (the classical
  difference-family condition) gives W rounds without repeats. A small exact search finds it:
  15 people in 7 rounds (Kirkman's schoolgirls), 6x4 for 7, 7x4 for 9.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable
from functools import lru_cache
from itertools import combinations, product

Rounds = list[list[list[int]]]


# --- finite fields --------------------------------------------------------------------------------


def _prime_power(q: int) -> tuple[int, int] | None:
    if q < 2:
        return None
    for p in range(2, q + 1):
        if q % p == 0:
            n, rest = 0, q
            while rest % p == 0:
                rest //= p
                n += 1
            return (p, n) if rest == 1 else None
    return None  # pragma: no cover - the loop always finds the smallest prime factor


def _poly_mod(a: list[int], m: list[int], p: int) -> list[int]:
    a = a[:]
    while len(a) >= len(m):
        lead = a[-1]
        if lead:
            shift = len(a) - len(m)
            for i, c in enumerate(m):
                a[shift + i] = (a[shift + i] - lead * c) % p
        a.pop()
    return a


def _irreducible(p: int, n: int) -> list[int]:
    """The first monic degree-n polynomial over GF(p) with no factor of degree <= n/2."""
    for tail in product(range(p), repeat=n):
        poly = [*tail, 1]
        if n > 1 and poly[0] == 0:
            continue
        reducible = False
        for d in range(1, n // 2 + 1):
            for dtail in product(range(p), repeat=d):
                if not any(_poly_mod(poly, [*dtail, 1], p)):
                    reducible = True
                    break
            if reducible:
                break
        if not reducible:
            return poly
    raise AssertionError("an irreducible polynomial exists for every degree")  # pragma: no cover


@lru_cache(maxsize=32)
def field_tables(q: int) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]] | None:
    """Addition and multiplication tables of GF(q), elements numbered 0..q-1 (0 and 1 as usual)."""
    pn = _prime_power(q)
    if pn is None:
        return None
    p, n = pn
    modulus = _irreducible(p, n)

    def digits(a: int) -> list[int]:
        return [(a // p**i) % p for i in range(n)]

    def number(ds: list[int]) -> int:
        return sum(d * p**i for i, d in enumerate(ds))

    add = tuple(
        tuple(
            number([(x + y) % p for x, y in zip(digits(a), digits(b), strict=True)])
            for b in range(q)
        )
        for a in range(q)
    )
    mul_rows = []
    for a in range(q):
        row = []
        for b in range(q):
            prod = [0] * (2 * n)
            for i, x in enumerate(digits(a)):
                for j, y in enumerate(digits(b)):
                    prod[i + j] = (prod[i + j] + x * y) % p
            reduced = _poly_mod(prod, modulus, p)
            row.append(number(reduced + [0] * (n - len(reduced))))
        mul_rows.append(tuple(row))
    return add, tuple(mul_rows)


# --- affine planes and transversal designs --------------------------------------------------------


def transversal_design(tables: int, size: int, rounds: int) -> Rounds | None:
    q = tables
    ft = field_tables(q)
    if ft is None or size > q or rounds > q + (1 if size == q else 0):
        return None
    add, mul = ft
    neg = [next(b for b in range(q) if add[a][b] == 0) for a in range(q)]

    def point(x: int, y: int) -> int:
        return y * q + x

    # Round 0: the "vertical" lines x = c. Round m (m = 1..q-1): lines y = m*x + b.
    # Round q (only when size == q): the horizontal lines y = b, completing the affine plane.
    result: Rounds = []
    for r in range(rounds):
        layout: list[list[int]] = [[] for _ in range(q)]
        for y in range(size):
            for x in range(q):
                if r == 0:
                    t = x
                elif r < q:
                    t = add[y][neg[mul[r][x]]]
                else:
                    t = y
                layout[t].append(point(x, y))
        result.append(layout)
    return result


# --- hosts fixed ----------------------------------------------------------------------------------


def _group_add(g: int) -> tuple[tuple[int, ...], ...]:
    """Addition table of GF(g)'s additive group when g is a prime power, else of Z_g."""
    ft = field_tables(g)
    if ft is not None:
        return ft[0]
    return tuple(tuple((a + b) % g for b in range(g)) for a in range(g))


@lru_cache(maxsize=128)
def hosted_offsets(g: int, k: int, rounds: int) -> tuple[tuple[int, ...], ...] | None:
    """k offset sequences s_j (one entry per round) in an abelian group of order g such that every
    s_j and every difference s_j - s_l takes distinct values in distinct rounds.

    Traveller (x, j) sits at table x + s_j(r): each round every table gets one traveller per j; a
    traveller never revisits a table (s_j injective), and travellers (x, j), (y, l) share a table
    only where x - y = s_l(r) - s_j(r), which injectivity allows at most once. With GF(q) the
    sequences s_j(r) = c_j * r work for any k < q; otherwise a small search finds them.
    """
    if rounds > g or k > g - 1:
        return None
    add = _group_add(g)
    neg = [next(b for b in range(g) if add[a][b] == 0) for a in range(g)]

    def injective_difference(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
        diffs = {add[x][neg[y]] for x, y in zip(a, b, strict=True)}
        return len(diffs) == len(a)

    zero = (0,) * rounds
    ft = field_tables(g)
    if ft is not None:
        mul = ft[1]
        return tuple(tuple(mul[c][r] for r in range(rounds)) for c in range(1, k + 1))
    # s_j(0) = 0 loses nothing: shifting a whole sequence only renames the travellers x.
    candidates = [
        (0, *rest)
        for rest in product(range(1, g), repeat=rounds - 1)
        if len(set(rest)) == rounds - 1
    ]
    candidates = [c for c in candidates if injective_difference(c, zero)]
    chosen: list[tuple[int, ...]] = []
    nodes = [0]

    def extend(start: int) -> bool:
        if len(chosen) == k:
            return True
        for idx in range(start, len(candidates)):
            nodes[0] += 1
            if nodes[0] > 200_000:
                return False
            cand = candidates[idx]
            if all(injective_difference(cand, other) for other in chosen):
                chosen.append(cand)
                if extend(idx + 1):
                    return True
                chosen.pop()
        return False

    return tuple(chosen) if extend(0) else None


def hosted_design(tables: int, size: int, rounds: int) -> Rounds | None:
    """Point t hosts table t; travellers are points ``tables..``. Zero repeats when it applies."""
    g, k = tables, size - 1
    if g < 1 or k < 0:
        return None
    if k == 0 or rounds == 1:
        return [[[t] + [g + t * k + j for j in range(k)] for t in range(g)] for _ in range(rounds)]
    offsets = hosted_offsets(g, k, rounds)
    if offsets is None:
        return None
    add = _group_add(g)
    result: Rounds = []
    for r in range(rounds):
        layout = [[t] for t in range(g)]
        for x in range(g):
            for j, seq in enumerate(offsets):
                layout[add[x][seq[r]]].append(g + x * k + j)
        result.append(layout)
    return result


# --- cyclic (difference family) designs -----------------------------------------------------------


def _cyclic_orbit(w: int, finite: int) -> Callable[[int, int], Hashable | None]:
    def orbit(a: int, b: int) -> Hashable | None:
        if a > b:
            a, b = b, a
        if b >= finite:
            # Two fixed points would meet in every round; a fixed point meets an orbit once per
            # shift, so it may meet each orbit only once in the base round.
            return None if a >= finite else ("inf", b, a // w)
        i, x = divmod(a, w)
        j, y = divmod(b, w)
        if i == j:
            d = (y - x) % w
            d = min(d, w - d)
            # A difference of w/2 is its own negative: shifting by w/2 repeats the pair.
            return None if 2 * d == w else ("pure", i, d)
        return ("mixed", i, j, (y - x) % w)

    return orbit


@lru_cache(maxsize=64)
def cyclic_base(
    tables: int, size: int, rounds: int, node_limit: int = 30_000
) -> tuple[tuple[int, ...], ...] | None:
    """A base round whose W shifts have no repeated pair, found by exact search (deterministic)."""
    n = tables * size
    w = rounds
    orbits, fixed = divmod(n, w)
    finite = orbits * w
    if w < 2 or fixed > tables or orbits == 0:
        return None
    orbit = _cyclic_orbit(w, finite)
    rng = random.Random(f"{tables}-{size}-{rounds}")
    order = list(range(finite, n)) + list(range(finite))
    candidates = list(range(n))
    rng.shuffle(candidates)
    placed = [False] * n
    used: set[Hashable] = set()
    blocks: list[tuple[int, ...]] = []
    nodes = 0

    def fill(block: list[int], start: int, new: list[Hashable]) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > node_limit:
            raise TimeoutError
        if len(block) == size:
            blocks.append(tuple(block))
            used.update(new)
            if next_block():
                return True
            used.difference_update(new)
            blocks.pop()
            return False
        for idx in range(start, n):
            q = candidates[idx]
            if placed[q]:
                continue
            extra = []
            for b in block:
                ob = orbit(b, q)
                if ob is None or ob in used or ob in new or ob in extra:
                    break
                extra.append(ob)
            else:
                placed[q] = True
                if fill([*block, q], idx + 1, new + extra):
                    return True
                placed[q] = False
        return False

    def next_block() -> bool:
        first = next((p for p in order if not placed[p]), None)
        if first is None:
            return True
        placed[first] = True
        if fill([first], 0, []):
            return True
        placed[first] = False
        return False

    try:
        found = next_block()
    except TimeoutError:
        return None
    return tuple(blocks) if found else None


def develop(base: tuple[tuple[int, ...], ...], n: int, w: int) -> Rounds:
    finite = (n // w) * w

    def shift(p: int, c: int) -> int:
        if p >= finite:
            return p
        i, x = divmod(p, w)
        return i * w + (x + c) % w

    return [[sorted(shift(p, c) for p in block) for block in base] for c in range(w)]


def cyclic_design(tables: int, size: int, rounds: int) -> Rounds | None:
    base = cyclic_base(tables, size, rounds)
    return None if base is None else develop(base, tables * size, rounds)


def known_design(tables: int, size: int, rounds: int) -> tuple[Rounds, str] | None:
    """A zero-repeat design for ``rounds`` rounds without hosts, or None if none is known here."""
    if tables == 1 or size == 1:
        return (
            None
            if (rounds > 1 and size > 1)
            else (
                [[list(range(t * size, (t + 1) * size)) for t in range(tables)]] * rounds,
                "trivial",
            )
        )
    design = transversal_design(tables, size, rounds)
    if design is not None:
        return design, "affine-plane" if size == tables else "transversal-design"
    # Longer cyclic designs truncate to shorter ones, so try the longest first.
    most = (tables * size - 1) // (size - 1)
    for w in range(most, rounds - 1, -1):
        design = cyclic_design(tables, size, w)
        if design is not None:
            return design[:rounds], "cyclic"
    return None


def all_pairs_distinct(rounds: Rounds) -> bool:
    seen: set[tuple[int, int]] = set()
    for rnd in rounds:
        for table in rnd:
            for a, b in combinations(sorted(table), 2):
                if (a, b) in seen:
                    return False
                seen.add((a, b))
    return True
