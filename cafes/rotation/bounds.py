"""Lower bounds on repeated pairs, so the planner knows when to stop and reports can say "optimal".

All bounds are for ``tables`` tables of exactly ``size`` people (``tables * size`` people) over
``rounds`` rounds; ``hosts`` means person t stays at table t and travellers move every round.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

# Zero repeats is impossible in these instances although simple counting allows it. Each is a
# published result; the 4x3 one is also re-proved here by exhaustive search (see the tests).
_KNOWN_IMPOSSIBLE = {
    (4, 3, 5): "12 people in triples for 5 rounds would need a nearly Kirkman triple system "
    "NKTS(12), which does not exist (Kotzig and Rosa, 1974; zero_repeats_possible re-checks it)",
    (5, 4, 6): "20 people in fours for 6 rounds would need each person to miss exactly one other, "
    "a resolvable 4-GDD of type 2^10; exhaustive searches of the social golfer problem show none",
}


@dataclass(frozen=True)
class Bound:
    repeats: int
    reason: str


def _pair_count_bound(tables: int, size: int, rounds: int, hosts: bool) -> Bound:
    n = tables * size
    meetings = rounds * tables * comb(size, 2)
    # With hosts fixed, hosts never share a table, so their pairs can never be used.
    available = comb(n, 2) - (comb(tables, 2) if hosts else 0)
    per_person = max(0, rounds * (size - 1) - (n - 1))
    # Each person meets size-1 others a round but there are only n-1 others: the excess are
    # repeats, and every repeat is seen by both of its people.
    per_person_total = -(-n * per_person // 2)
    best = max(meetings - available, per_person_total, 0)
    return Bound(
        best,
        f"{rounds} rounds x {tables} tables x C({size},2) = {meetings} meetings "
        f"among {available} possible pairs; each person meets {rounds * (size - 1)} of {n - 1}",
    )


def _hosted_bound(tables: int, size: int, rounds: int) -> Bound | None:
    g, k = tables, size - 1
    travellers = g * k
    parts = []
    total = 0
    if rounds > g:
        # A traveller meets each host at most once without a repeat, so rounds <= tables.
        extra = travellers * (rounds - g)
        total += extra
        parts.append(f"each traveller meets some host again: >= {extra}")
    if rounds >= 2 and g >= 2 and k >= 2:
        # Travellers change table between consecutive rounds, so the (table now, table next)
        # pair of a traveller is one of g*(g-1) ordered pairs, and each table sends its k
        # travellers to g-1 other tables. Travellers sharing both tables are a repeat.
        q, rem = divmod(k, g - 1)
        per_gap = g * ((g - 1 - rem) * comb(q, 2) + rem * comb(q + 1, 2))
        if per_gap:
            total += (rounds - 1) * per_gap
            parts.append(
                f"{k} travellers per table spread over {g - 1} other tables between "
                f"consecutive rounds: >= {per_gap} per round change"
            )
    if not total:
        return None
    return Bound(total, "; ".join(parts))


def lower_bound(tables: int, size: int, rounds: int, *, hosts: bool = False) -> Bound:
    """The best lower bound we can state on repeated pairs, with the reason in words."""
    candidates = [_pair_count_bound(tables, size, rounds, hosts)]
    if hosts:
        hosted = _hosted_bound(tables, size, rounds)
        if hosted is not None:
            candidates.append(hosted)
    else:
        if tables == size == 6 and rounds >= 4:
            candidates.append(
                Bound(
                    1,
                    "6 tables of 6 for 4 rounds would need two orthogonal Latin squares of "
                    "order 6 (Euler's 36 officers), which do not exist (Tarry, 1900)",
                )
            )
        if (tables, size, rounds) in _KNOWN_IMPOSSIBLE:
            candidates.append(Bound(1, _KNOWN_IMPOSSIBLE[(tables, size, rounds)]))
    return max(candidates, key=lambda b: b.repeats)


def max_zero_repeat_rounds(tables: int, size: int, *, hosts: bool = False) -> int:
    """The largest number of rounds the simple bounds above do not rule out."""
    rounds = 1
    while rounds < 64 and lower_bound(tables, size, rounds + 1, hosts=hosts).repeats == 0:
        rounds += 1
    return rounds


def zero_repeats_possible(
    tables: int, size: int, rounds: int, node_limit: int = 2_000_000
) -> bool | None:
    """Decide by exhaustive search whether ``rounds`` rounds without a repeat exist (no hosts).

    Symmetry is broken the usual way: round 1 is fixed, tables are filled from their smallest
    free person, person 0's first table in round 2 is fixed, and person 0's second table-mate
    increases from round to round. Feasible for small instances (12 people in triples); returns
    None when ``node_limit`` runs out.
    """
    n = tables * size
    full = (1 << n) - 1
    met = [0] * n
    for t in range(tables):
        for p in range(t * size, t * size + size):
            met[p] = sum(1 << q for q in range(t * size, t * size + size) if q != p)
    partner = [0] * (rounds + 1)  # person 0's second table-mate in each round
    nodes = 0

    def fill(r: int, placed: int) -> bool:
        nonlocal nodes
        if r == rounds:
            return True
        if placed == full:
            return fill(r + 1, 0)
        nodes += 1
        if nodes > node_limit:
            raise TimeoutError
        free = full & ~placed
        first = (free & -free).bit_length() - 1
        return extend(r, placed, [first], free & ~met[first] & ~(1 << first))

    def extend(r: int, placed: int, members: list[int], options: int) -> bool:
        if len(members) == size:
            for a in members:
                for b in members:
                    met[a] |= (1 << b) if a != b else 0
            done = fill(r, placed | sum(1 << a for a in members))
            for a in members:
                for b in members:
                    met[a] &= ~(1 << b)
            return done
        while options:
            low = options & -options
            q = low.bit_length() - 1
            options ^= low
            if members == [0]:
                # Round 2: relabelling round 1 makes person 0's table {0, size, 2*size, ...}.
                if r == 1 and q != size:
                    continue
                if r > 1 and q <= partner[r - 1]:
                    continue
                partner[r] = q
            if r == 1 and members[0] == 0 and q != size * len(members):
                continue
            if extend(r, placed, [*members, q], options & ~met[q]):
                return True
        return False

    if rounds <= 1:
        return True
    try:
        return fill(1, 0)
    except TimeoutError:
        return None
