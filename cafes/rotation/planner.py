"""Public entry point: ``plan()`` seats checked-in people for every remaining round.

Plain requests (every table the same size and full, no needs, staff, groups or played rounds) use a
known zero-repeat design when one applies; everything else, and whatever rounds a design cannot
cover, goes to the tabu search, which starts from the design's rounds when there are some.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from math import ceil

from .bounds import lower_bound
from .constructions import hosted_design, known_design
from .model import (
    Constraints,
    InfeasibleError,
    Person,
    PersonId,
    Plan,
    RotationError,
    Round,
    Table,
    count_repeats,
    meeting_counts,
)
from .offline import offline_design
from .partner_swap import partner_swap_design
from .search import InitialSeatingError, Problem, Search


def _units(people: Sequence[Person], constraints: Constraints) -> list[list[int]]:
    """Must-stay-together groups over person indexes; overlapping groups merge (union-find)."""
    index = {p.id: i for i, p in enumerate(people)}
    parent = list(range(len(people)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for group in constraints.together:
        # People who have left (or not arrived) are ignored so re-planning can reuse constraints.
        present = [index[pid] for pid in group if pid in index]
        for other in present[1:]:
            parent[root(other)] = root(present[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(people)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _check_inputs(
    people: Sequence[Person], tables: Sequence[Table], rounds: int, constraints: Constraints
) -> None:
    if rounds < 1:
        raise RotationError("There must be at least one round.")
    if not tables:
        raise RotationError("There must be at least one table.")
    ids = [p.id for p in people]
    if not ids:
        raise RotationError("Nobody is checked in.")
    if len(set(ids)) != len(ids):
        raise RotationError("Each person may be checked in only once.")
    for t, table in enumerate(tables):
        if table.seats < 1:
            raise RotationError(f"Table {t + 1} must have at least one seat.")
        if table.seats > constraints.max_seats:
            raise RotationError(
                f"Table {t + 1} has {table.seats} seats; tables have at most "
                f"{constraints.max_seats} unless max_seats is raised."
            )
    hosts = [t.host for t in tables if t.host is not None]
    if len(set(hosts)) != len(hosts):
        raise RotationError("A person can host only one table.")
    missing = set(hosts) - set(ids)
    if missing:
        raise RotationError(f"Hosts not checked in: {sorted(map(str, missing))}.")


def _fixed_layout(
    fixed_rounds: Sequence[Round], rounds: int, tables: int
) -> list[tuple[tuple[PersonId, ...], ...]]:
    if len(fixed_rounds) > rounds:
        raise RotationError("More rounds have been played than the plan has.")
    kept = []
    for r, rnd in enumerate(fixed_rounds):
        if len(rnd) != tables:
            raise RotationError(f"Played round {r + 1} has {len(rnd)} tables, not {tables}.")
        seated = [pid for table in rnd for pid in table]
        if len(set(seated)) != len(seated):
            raise RotationError(f"Someone sits twice in played round {r + 1}.")
        kept.append(tuple(tuple(table) for table in rnd))
    return kept


def _is_plain(
    people: Sequence[Person], tables: Sequence[Table], constraints: Constraints, kept: list
) -> bool:
    sizes = {t.seats for t in tables}
    with_hosts = sum(t.host is not None for t in tables)
    return (
        not kept
        and len(sizes) == 1
        and len(people) == len(tables) * sizes.pop()
        and with_hosts in (0, len(tables))
        and not constraints.forbidden_pairs
        and not any(len(g) > 1 for g in constraints.together)
        and not any(p.needs or p.staff for p in people)
    )


def _design_start(
    people: Sequence[Person], tables: Sequence[Table], rounds: int, seed: int
) -> tuple[list[list[list[int]]], str]:
    """Rounds of a known design over person indexes (possibly fewer than asked), and its name."""
    g, s = len(tables), tables[0].seats
    index = {p.id: i for i, p in enumerate(people)}
    hosted = tables[0].host is not None
    for w in range(rounds, 0, -1):
        if hosted:
            design = hosted_design(g, s, w)
            name = "hosted-construction"
        else:
            # 8 tables of 4: the stored Z_9 base up to 9 rounds, the partner swap for 10.
            found = offline_design(g, s, w) or partner_swap_design(g, s, w) or known_design(g, s, w)
            design, name = found if found else (None, "")
        if design is None:
            continue
        if hosted:
            hosts = [index[t.host] for t in tables if t.host is not None]
            taken = set(hosts)
            others = [i for i in range(len(people)) if i not in taken]
            random.Random(seed).shuffle(others)
            points = hosts + others
        else:
            points = list(range(len(people)))
            random.Random(seed).shuffle(points)
        return [[[points[p] for p in table] for table in rnd] for rnd in design], name
    return [], "search"


def plan(
    people: Sequence[Person],
    tables: Sequence[Table],
    rounds: int,
    *,
    constraints: Constraints | None = None,
    fixed_rounds: Sequence[Round] = (),
    seed: int = 0,
    effort: int = 40_000,
    time_limit: float | None = None,
) -> Plan:
    """Seat ``people`` at ``tables`` for ``rounds`` rounds, meeting as many new people as possible.

    ``fixed_rounds`` are rounds already played (walk-ins, late arrivals and leavers re-plan the
    rest): they are kept unchanged and their meetings count against repeats. ``effort`` bounds the
    search in iterations, so a seed always gives the same plan; ``time_limit`` (seconds) is only a
    guard. Raises ``RotationError`` for malformed input and ``InfeasibleError`` when the hard
    constraints cannot all be met.
    """
    constraints = constraints or Constraints()
    _check_inputs(people, tables, rounds, constraints)
    kept = _fixed_layout(fixed_rounds, rounds, len(tables))
    units = _units(people, constraints)
    index = {p.id: i for i, p in enumerate(people)}
    g = len(tables)
    n = len(people)
    lo, rem = divmod(n, g)
    hi = lo + (1 if rem else 0)
    cap = [min(t.seats, hi) for t in tables]
    if min(cap) < lo or sum(c >= hi for c in cap) < rem:
        raise InfeasibleError(
            f"{n} people at {g} tables need tables of {lo} to {hi}; there are not enough seats."
        )

    unit_of = {i: u for u, members in enumerate(units) for i in members}
    host_table = {index[t.host]: k for k, t in enumerate(tables) if t.host is not None}
    pinned, allowed = [], []
    for members in units:
        needs = frozenset().union(*(people[i].needs for i in members))
        ok = tuple(
            k for k, t in enumerate(tables) if needs <= t.features and cap[k] >= len(members)
        )
        hosts_here = [host_table[i] for i in members if i in host_table]
        names = ", ".join(str(people[i].id) for i in members)
        if len(hosts_here) > 1:
            raise InfeasibleError(f"{names} must sit together but host different tables.")
        if hosts_here and hosts_here[0] not in ok:
            raise InfeasibleError(
                f"{names} must sit at host table {hosts_here[0] + 1}, which cannot seat them "
                f"(needs: {', '.join(sorted(needs)) or 'none'}; at most {cap[hosts_here[0]]})."
            )
        if not ok:
            raise InfeasibleError(
                f"No table can seat {names} (needs: {', '.join(sorted(needs)) or 'none'}; "
                f"at most {hi} per table)."
            )
        pinned.append(hosts_here[0] if hosts_here else -1)
        allowed.append(ok)

    forbidden = set()
    for pair in constraints.forbidden_pairs:
        present = sorted(index[pid] for pid in pair if pid in index)
        if len(present) == 2:
            if unit_of[present[0]] == unit_of[present[1]]:
                raise InfeasibleError("A forbidden pair is also in a must-stay-together group.")
            forbidden.add((present[0], present[1]))

    base = [[0] * n for _ in range(n)]
    for pair, count in meeting_counts(kept).items():
        a, b = tuple(pair)
        if a in index and b in index:
            base[index[a]][index[b]] = base[index[b]][index[a]] = count
    prev = [-1] * len(units)
    if kept:
        where = {pid: t for t, table in enumerate(kept[-1]) for pid in table}
        for u, members in enumerate(units):
            seen = [where[people[i].id] for i in members if people[i].id in where]
            prev[u] = seen[0] if seen else -1

    start: list[list[int] | None] = []
    method = "search"
    target = 0
    hosted = any(t.host is not None for t in tables)
    if _is_plain(people, tables, constraints, kept):
        design, method = _design_start(people, tables, rounds - len(kept), seed)
        for rnd in design:
            seating = [0] * len(units)
            for t, table in enumerate(rnd):
                for i in table:
                    seating[unit_of[i]] = t
            start.append(seating)
        target = lower_bound(g, tables[0].seats, rounds, hosts=hosted).repeats
        if len(design) < rounds:
            method = f"{method}+search" if design else "search"

    problem = Problem(
        n=n,
        tables=g,
        rounds=rounds - len(kept),
        lo=lo,
        cap=cap,
        units=[tuple(m) for m in units],
        allowed=allowed,
        pinned=pinned,
        staff=[p.staff for p in people],
        staff_cap=ceil(sum(p.staff for p in people) / g),
        forbidden=forbidden,
        base=base,
        prev=prev,
        hosted=hosted,
    )
    deadline = None if time_limit is None else time.monotonic() + time_limit
    # The local search can stall in a small room with tight hard constraints. A few restarts
    # from other seeds, derived from ``seed`` so plans stay reproducible, find a seating when
    # one exists; the first attempt is the plain ``seed``, so earlier plans are unchanged.
    for attempt in range(RESTARTS):
        try:
            search = Search(problem, seed + attempt * 7919, start)
        except InitialSeatingError:
            raise InfeasibleError(
                "No seating keeps table sizes within one of each other with these needs and groups."
            ) from None
        seating = search.run(effort, target, deadline)
        new_rounds = []
        for r in range(problem.rounds):
            layout: list[list[int]] = [[] for _ in range(g)]
            for u, t in enumerate(seating[r]):
                layout[t].extend(units[u])
            new_rounds.append(
                tuple(
                    tuple(
                        people[i].id
                        for i in sorted(layout[t], key=lambda i: (i not in host_table, i))
                    )
                    for t in range(g)
                )
            )
        try:
            _verify(new_rounds, people, tables, forbidden, problem.staff_cap)
            break
        except InfeasibleError:
            if attempt == RESTARTS - 1:
                raise
    all_rounds = tuple(kept) + tuple(new_rounds)
    groups = [[people[i].id for i in members] for members in units if len(members) > 1]
    counts = meeting_counts(all_rounds, groups)
    return Plan(
        rounds=all_rounds,
        hosts=tuple(t.host for t in tables),
        repeats=count_repeats(all_rounds, groups),
        max_meetings=max(counts.values(), default=0),
        kept=len(kept),
        method=method,
    )


RESTARTS = 8  # searches from different seeds before a hard constraint is declared unmeetable


def _verify(
    new_rounds: list[tuple[tuple[PersonId, ...], ...]],
    people: Sequence[Person],
    tables: Sequence[Table],
    forbidden: set[tuple[int, int]],
    staff_cap: int,
) -> None:
    """Refuse to return a plan that breaks a hard constraint the search could not remove."""
    staff = {p.id for p in people if p.staff}
    pairs = {frozenset((people[a].id, people[b].id)) for a, b in forbidden}
    for r, rnd in enumerate(new_rounds):
        for t, table in enumerate(rnd):
            if sum(pid in staff for pid in table) > staff_cap:
                raise InfeasibleError(
                    f"Round {r + 1}: staff cannot be spread to at most {staff_cap} per table."
                )
            members = set(table)
            if any(pair <= members for pair in pairs):
                raise InfeasibleError(f"Round {r + 1}: a forbidden pair cannot be kept apart.")
            host = tables[t].host
            if host is not None and host not in members:
                raise AssertionError("a host left their table")  # pragma: no cover
