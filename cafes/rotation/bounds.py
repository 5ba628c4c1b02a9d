"""Lower bounds on repeated pairs, so the planner knows when to stop and reports can say "optimal".

All bounds are for ``tables`` tables of exactly ``size`` people (``tables * size`` people) over
``rounds`` rounds; ``hosts`` means person t stays at table t and travellers move every round.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

# Zero repeats is impossible in these instances although simple counting allows it. Each is a
# theorem, not a search result of ours (except 4x3, which tests re-prove by exhaustive search).
_KNOWN_IMPOSSIBLE = {
    (4, 3, 5): "12 people in triples for 5 rounds would need a nearly Kirkman triple system "
    "NKTS(12), which does not exist (Kotzig and Rosa, 1974)",
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
