"""Known cases: zero repeats where designs exist, stated bounds where they cannot."""

from __future__ import annotations

import random
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
from cafes.rotation.partner_swap import (
    double_covers,
    partner_swap_design,
    projective_lines,
    sign_equations,
    solve_gf2,
)
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
        (8, 4, 10, "partner-swap"),  # the original social golfer problem: 32 golfers, 10 weeks
    ],
)
def test_known_maxima_without_hosts_have_no_repeats(g, s, rounds, method) -> None:
    result = plain(g, s, rounds)
    assert recount_repeats(result.rounds) == (0, 1)
    assert result.method == method
    # These are the most rounds possible: one more round and someone must meet a person twice.
    assert lower_bound(g, s, rounds + 1).repeats > 0


def met_counts(rounds) -> dict[frozenset, int]:
    counts: dict[frozenset, int] = {}
    for rnd in rounds:
        for table in rnd:
            for pair in combinations(table, 2):
                counts[frozenset(pair)] = counts.get(frozenset(pair), 0) + 1
    return counts


@pytest.mark.parametrize("seed", [0, 3])
def test_social_golfer_eight_fours_ten_rounds_everyone_misses_only_a_partner(seed: int) -> None:
    result = plain(8, 4, 10, seed=seed)  # check_plan: everyone seated exactly once per round
    assert result.repeats == 0 and result.max_meetings == 1
    assert result.method == "partner-swap"
    met = met_counts(result.rounds)
    people = range(1, 33)
    never = {p: [q for q in people if q != p and frozenset((p, q)) not in met] for p in people}
    assert all(len(missed) == 1 for missed in never.values()), "each misses exactly one other"
    assert all(never[never[p][0]] == [p] for p in people), "and the two miss each other"


def test_eight_fours_up_to_nine_rounds_keep_the_cyclic_design() -> None:
    result = plain(8, 4, 9)
    assert result.repeats == 0 and result.method == "cyclic"


def test_solve_gf2() -> None:
    # x0 + x1 = 1, x1 + x2 = 0, x0 + x2 = 1 (a consequence). Pivots are the highest unknowns
    # (x1, x2), so x0 is free and set to 0: x = (0, 1, 1).
    assert solve_gf2([(0b011, 1), (0b110, 0), (0b101, 1)], 3) == [0, 1, 1]
    # x0 + x1 = 1, x1 = 1, x0 = 1 contradict each other.
    assert solve_gf2([(0b011, 1), (0b010, 1), (0b001, 1)], 2) is None
    assert solve_gf2([], 2) == [0, 0]
    # Random consistent systems: the solution satisfies every equation.
    rng = random.Random(5)
    for _ in range(50):
        hidden = [rng.randint(0, 1) for _ in range(12)]
        rows = []
        for _ in range(rng.randint(1, 20)):
            mask = rng.getrandbits(12)
            rows.append((mask, sum(hidden[i] for i in range(12) if mask >> i & 1) % 2))
        x = solve_gf2(rows, 12)
        assert x is not None
        assert all(sum(x[i] for i in range(12) if m >> i & 1) % 2 == r for m, r in rows)


def test_double_covers_of_pg32() -> None:
    lines = projective_lines()
    assert len(lines) == 35 and all(a ^ b == c for a, b, c in lines)
    covers = list(double_covers())
    assert len(covers) == len({frozenset(c) for c in covers}) == 1008
    for cover in covers[:20]:
        assert len(cover) == 10
        assert sorted(v for line in cover for v in line) == sorted(list(range(1, 16)) * 2)
    assert len(sign_equations(covers[0])) == 120


def test_partner_swap_design() -> None:
    design, method = partner_swap_design(8, 4, 10)
    assert method == "partner-swap" and len(design) == 10
    for rnd in design:
        assert len(rnd) == 8 and {len(t) for t in rnd} == {4}
        assert sorted(p for t in rnd for p in t) == list(range(32))
    met = met_counts(design)
    assert set(met.values()) == {1} and len(met) == 480
    assert all(frozenset((2 * a, 2 * a + 1)) not in met for a in range(16)), "partners never meet"
    assert partner_swap_design(8, 4, 10) == (design, method), "deterministic"
    assert partner_swap_design(8, 4, 6)[0] == design[:6]
    assert partner_swap_design(8, 4, 11) is None
    assert partner_swap_design(7, 4, 9) is None
    assert partner_swap_design(8, 5, 3) is None


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
