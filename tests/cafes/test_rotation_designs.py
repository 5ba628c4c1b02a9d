"""Known cases: zero repeats where designs exist, stated bounds where they cannot."""

from __future__ import annotations

from itertools import combinations

import pytest

from cafes.rotation import Constraints, Person, Table, lower_bound, plan
from cafes.rotation.bounds import zero_repeats_possible
from cafes.rotation.constructions import (
    cyclic_base,
    develop,
    field_tables,
    hosted_design,
    transversal_design,
)
from cafes.rotation.offline import BASES
from tests.cafes.test_rotation import check_plan, recount_repeats


def plain(g: int, s: int, rounds: int, *, hosts: bool = False, seed: int = 0, effort=40_000):
    people = [Person(i + 1) for i in range(g * s)]
    tables = [Table(seats=s, host=t + 1 if hosts else None) for t in range(g)]
    constraints = Constraints(max_seats=max(5, s))
    result = plan(people, tables, rounds, constraints=constraints, seed=seed, effort=effort)
    check_plan(result, people, tables, rounds, constraints)
    return result


def pairs_met_twice(rounds) -> int:
    seen: set[frozenset] = set()
    twice = 0
    for rnd in rounds:
        for table in rnd:
            for pair in combinations(table, 2):
                twice += frozenset(pair) in seen
                seen.add(frozenset(pair))
    return twice


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9])
def test_finite_fields_are_fields(q: int) -> None:
    add, mul = field_tables(q)
    for a in range(q):
        assert sorted(add[a]) == list(range(q))
        if a:
            assert sorted(mul[a]) == list(range(q)), "every non-zero element is invertible"
        for b in range(q):
            for c in range(q):
                assert mul[a][add[b][c]] == add[mul[a][b]][mul[a][c]]
    assert field_tables(6) is None


@pytest.mark.parametrize(("g", "s", "rounds"), [(4, 4, 5), (5, 5, 6), (7, 3, 7), (8, 4, 8)])
def test_affine_planes_and_transversal_designs(g: int, s: int, rounds: int) -> None:
    design = transversal_design(g, s, rounds)
    assert pairs_met_twice(design) == 0
    for rnd in design:
        assert sorted(p for t in rnd for p in t) == list(range(g * s))
        assert {len(t) for t in rnd} == {s}


@pytest.mark.parametrize(
    ("g", "s", "rounds", "method"),
    [
        (4, 4, 5, "affine-plane"),  # AG(2,4): everyone meets everyone exactly once
        (5, 5, 6, "affine-plane"),  # AG(2,5)
        (5, 3, 7, "cyclic"),  # Kirkman's schoolgirls: a Kirkman triple system on 15 points
        (6, 4, 7, "cyclic"),
        (7, 4, 9, "cyclic"),  # a resolvable 2-(28,4,1) design
    ],
)
def test_known_maxima_without_hosts_have_no_repeats(g, s, rounds, method) -> None:
    result = plain(g, s, rounds)
    assert recount_repeats(result.rounds) == (0, 1)
    assert result.method == method
    # These are the most rounds possible: one more round and someone must meet a person twice.
    assert lower_bound(g, s, rounds + 1).repeats > 0


def test_kirkman_base_is_found_by_search_not_stored() -> None:
    base = cyclic_base(5, 3, 7)
    assert base is not None and (5, 3, 7) not in BASES
    assert pairs_met_twice(develop(base, 15, 7)) == 0


@pytest.mark.parametrize("key", sorted(BASES))
def test_offline_bases_develop_into_zero_repeat_designs(key) -> None:
    g, s, rounds = key
    design = develop(BASES[key], g * s, rounds)
    assert pairs_met_twice(design) == 0
    assert all(sorted(p for t in rnd for p in t) == list(range(g * s)) for rnd in design)


@pytest.mark.parametrize(
    ("g", "s", "rounds", "bound"),
    [(4, 3, 5, 1), (5, 4, 6, 1), (6, 6, 4, 1)],
)
def test_impossible_cases_state_a_bound_and_spread_repeats(g, s, rounds, bound) -> None:
    stated = lower_bound(g, s, rounds)
    assert stated.repeats == bound and stated.reason
    result = plain(g, s, rounds, effort=8_000)
    assert result.repeats >= stated.repeats
    assert result.max_meetings <= 2, "no pair meets three times"


def test_counting_bounds() -> None:
    # 16 people in fours: 5 rounds use all 120 pairs; a 6th round forces 24 repeats.
    assert lower_bound(4, 4, 5).repeats == 0
    assert lower_bound(4, 4, 6).repeats == 24
    # Hosts fixed: a traveller meets each host at most once, so rounds <= tables.
    assert lower_bound(3, 3, 4, hosts=True).repeats >= 6
    # Two tables: travellers swap together, so each table's travellers all meet again.
    assert lower_bound(2, 4, 2, hosts=True).repeats == 6


HOSTED = [(g, s, w) for g in range(2, 16) for s in range(3, 6) for w in range(1, min(4, g) + 1)]


@pytest.mark.parametrize(("g", "s", "rounds"), HOSTED)
def test_hosted_tables_up_to_fifteen(g: int, s: int, rounds: int) -> None:
    result = plain(g, s, rounds, hosts=True, effort=4_000)
    stated = lower_bound(g, s, rounds, hosts=True)
    if s <= g:
        assert result.repeats == 0
        assert stated.repeats == 0
    else:
        # More travellers per table than other tables: some must travel together again.
        assert stated.repeats > 0 or rounds == 1
        assert result.repeats >= stated.repeats
    for rnd in result.rounds:
        assert [table[0] for table in rnd] == list(range(1, g + 1))


def test_hosted_design_moves_every_traveller() -> None:
    design = hosted_design(6, 5, 4)
    assert design is not None and pairs_met_twice(design) == 0
    where = [{p: t for t, table in enumerate(rnd) for p in table} for rnd in design]
    for p in range(6, 30):
        assert len({w[p] for w in where}) == 4, "a traveller never returns to a table"


def test_exhaustive_search_confirms_small_impossibilities() -> None:
    assert zero_repeats_possible(4, 3, 4) is True
    assert zero_repeats_possible(4, 3, 5) is False  # no NKTS(12): the stated bound holds
    assert zero_repeats_possible(4, 4, 5) is True
    assert zero_repeats_possible(4, 4, 6) is False
    assert lower_bound(4, 4, 6).repeats > 0
