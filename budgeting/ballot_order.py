"""A balanced, randomised order for the ballot paper.

People pick bids near the top of a list more often. A shuffle removes the coordinator's hand
from the order; *balancing* stops a shuffle from bunching one category (or all the big bids)
together: each stratum is shuffled on its own, then the strata are interleaved so every stratum
is spread evenly from the top of the ballot to the bottom. The seed is stored, so the order can be
re-created and checked by anyone.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BallotItem:
    id: int
    stratum: Hashable  # e.g. the category, or (category, size band)


def balanced_order(items: Sequence[BallotItem], seed: str) -> list[int]:
    """Ids in ballot order. Deterministic for a given seed and set of items (input order does
    not matter)."""
    rng = random.Random(seed)
    strata: dict[Hashable, list[int]] = defaultdict(list)
    for item in sorted(items, key=lambda i: i.id):
        strata[item.stratum].append(item.id)
    keyed: list[tuple[float, float, int]] = []
    for key in sorted(strata, key=repr):
        ids = strata[key]
        rng.shuffle(ids)
        n = len(ids)
        offset = rng.random()
        for index, bid_id in enumerate(ids):
            # Evenly spaced positions in [0, 1) with a random phase per stratum.
            keyed.append(((index + offset) / n, rng.random(), bid_id))
    keyed.sort()
    return [bid_id for _pos, _tie, bid_id in keyed]


def size_band(amount_pence: int, cut_pence: int) -> str:
    return "large" if amount_pence >= cut_pence else "small"
