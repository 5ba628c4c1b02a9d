"""Tabu search over seatings, on people numbered 0..n-1 and units (must-stay-together groups).

A unit is one person or a group that always sits together; hosts' units are pinned to their table.
Invariants kept by every move: each unit sits only at tables it is allowed (needs matched), pinned
units stay put, and table sizes stay within [lo, cap] (so sizes differ by at most one). Everything
else is a weighted cost, lowered by swapping two units or moving one unit between tables:

* a pair's k-th meeting costs ``INC[k-1]``: the first meeting is free, a repeat costs 1 and a
  meeting beyond the second costs 3 more, which spreads unavoidable repeats so no pair meets three
  times if that can be helped;
* a forbidden pair at a table, or a table over the staff cap, costs ``HARD`` each, and each pair of
  staff at one table costs ``STAFF_PAIR`` (so staff spread as evenly as they can);
* with hosts, a traveller left at the table they sat at last round costs ``STAY`` per person.

The search is deterministic for a seed: it is bounded by iterations, not wall-clock time (an
optional deadline only guards against a slow machine).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

HARD = 1000
STAY = 4
STAFF_PAIR = 2
_REPEAT_COSTS = (0, 1, 3)


@dataclass
class Problem:
    n: int
    tables: int
    rounds: int  # rounds to plan (played rounds live in ``base`` and ``prev``)
    lo: int
    cap: list[int]
    units: list[tuple[int, ...]]
    allowed: list[tuple[int, ...]]
    pinned: list[int]  # table, or -1
    staff: list[bool]
    staff_cap: int
    forbidden: set[tuple[int, int]]
    base: list[list[int]]  # meetings in played rounds
    prev: list[int]  # each unit's table in the last played round, or -1
    hosted: bool


class InitialSeatingError(Exception):
    pass


class Search:
    def __init__(
        self, problem: Problem, seed: int, start: list[list[int] | None], breadth: int = 3
    ) -> None:
        pr = self.pr = problem
        self.breadth = breadth
        self.rng = random.Random(seed)
        n = pr.n
        self.unit_of = [0] * n
        for u, members in enumerate(pr.units):
            for p in members:
                self.unit_of[p] = u
        top = pr.rounds + max(max(row, default=0) for row in pr.base) + 2 if n else 2
        normal = [_REPEAT_COSTS[k] if k < len(_REPEAT_COSTS) else 3 for k in range(top)]
        self.inc = (normal, [HARD] * top, [0] * top)
        kind = [[0] * n for _ in range(n)]
        for p, q in pr.forbidden:
            kind[p][q] = kind[q][p] = 1
        for members in pr.units:
            for p in members:
                for q in members:
                    kind[p][q] = 2
        self.kind = kind
        self.meet = [row[:] for row in pr.base]
        self.free_meet = [[0] * n for _ in range(n)]
        self.hot: set[tuple[int, int]] = set()
        self.stays: set[tuple[int, int]] = set()
        self.staff_over: set[tuple[int, int]] = set()
        self.unit_staff = [sum(pr.staff[p] for p in m) for m in pr.units]
        self.staff_floor = sum(pr.staff) // max(1, pr.tables)
        self.can_stay_penalty = [
            pr.hosted and pr.pinned[u] < 0 and len(pr.allowed[u]) > 1 for u in range(len(pr.units))
        ]
        self.assign: list[list[int]] = []
        self.at: list[list[list[int]]] = []  # units at each table
        self.size: list[list[int]] = []
        self.staff_n: list[list[int]] = []
        self.cost = 0
        for r in range(pr.rounds):
            seating = start[r] if r < len(start) and start[r] is not None else self._initial(r)
            self._place_round(seating)

    # --- bookkeeping ---------------------------------------------------------------------------

    def _pair_changed(self, p: int, q: int, step: int) -> None:
        meet, free = self.meet, self.free_meet
        k = self.kind[p][q]
        if step > 0:
            self.cost += self.inc[k][meet[p][q]]
        else:
            self.cost -= self.inc[k][meet[p][q] - 1]
        meet[p][q] += step
        meet[q][p] += step
        free[p][q] += step
        free[q][p] += step
        key = (p, q) if p < q else (q, p)
        if k != 2 and free[p][q] > 0 and (meet[p][q] >= 2 or k == 1):
            self.hot.add(key)
        else:
            self.hot.discard(key)

    def _staff_penalty(self, count: int) -> int:
        # Over the cap is a hard violation; below it, pairs of staff at one table still cost a
        # little more than a repeat, so staff spread evenly whenever that is possible.
        return HARD * max(0, count - self.pr.staff_cap) + STAFF_PAIR * count * (count - 1) // 2

    def _staff_crowded(self, count: int) -> bool:
        return count > self.staff_floor and count >= 2

    def _prev_table(self, r: int, u: int) -> int:
        return self.assign[r - 1][u] if r > 0 else self.pr.prev[u]

    def _stay_cost(self, r: int, u: int, table: int) -> int:
        if not self.can_stay_penalty[u]:
            return 0
        return STAY * len(self.pr.units[u]) if self._prev_table(r, u) == table else 0

    def _refresh_stay(self, r: int, u: int) -> None:
        if r < len(self.assign) and self._stay_cost(r, u, self.assign[r][u]):
            self.stays.add((r, u))
        else:
            self.stays.discard((r, u))

    def _place_round(self, seating: list[int]) -> None:
        r = len(self.assign)
        pr = self.pr
        self.assign.append(list(seating))
        at: list[list[int]] = [[] for _ in range(pr.tables)]
        for u, t in enumerate(seating):
            at[t].append(u)
        self.at.append(at)
        self.size.append([sum(len(pr.units[u]) for u in us) for us in at])
        self.staff_n.append([sum(self.unit_staff[u] for u in us) for us in at])
        for t, us in enumerate(at):
            people = [p for u in us for p in pr.units[u]]
            for i, p in enumerate(people):
                for q in people[i + 1 :]:
                    self._pair_changed(p, q, 1)
            self.cost += self._staff_penalty(self.staff_n[r][t])
            if self._staff_crowded(self.staff_n[r][t]):
                self.staff_over.add((r, t))
        for u, t in enumerate(seating):
            self.cost += self._stay_cost(r, u, t)
            self._refresh_stay(r, u)

    def _initial(self, r: int) -> list[int]:
        """Seat one round unit by unit, cheapest table first, backtracking on dead ends."""
        pr, rng = self.pr, self.rng
        seats = [0] * pr.tables
        people: list[list[int]] = [[] for _ in range(pr.tables)]
        staff = [0] * pr.tables
        hi = max(pr.cap, default=0)
        extra_allowed = pr.n - pr.lo * pr.tables  # how many tables may seat lo + 1
        order = sorted(
            range(len(pr.units)),
            key=lambda u: (pr.pinned[u] < 0, len(pr.allowed[u]), -len(pr.units[u]), rng.random()),
        )
        seating = [-1] * len(pr.units)
        budget = [20_000]

        def score(u: int, t: int) -> float:
            cost = sum(
                self.inc[self.kind[p][q]][self.meet[p][q]] for p in pr.units[u] for q in people[t]
            )
            cost += self._staff_penalty(staff[t] + self.unit_staff[u]) - self._staff_penalty(
                staff[t]
            )
            if self.can_stay_penalty[u] and self._prev_table(r, u) == t:
                cost += STAY * len(pr.units[u])
            return cost + rng.random()

        def fits(u: int, t: int) -> bool:
            after = seats[t] + len(pr.units[u])
            if after > pr.cap[t]:
                return False
            if after > pr.lo and hi > pr.lo:
                over = sum(1 for s in seats if s > pr.lo) + (seats[t] <= pr.lo)
                return over <= extra_allowed
            return True

        def place(i: int) -> bool:
            if i == len(order):
                return True
            budget[0] -= 1
            if budget[0] < 0:
                raise InitialSeatingError
            u = order[i]
            options = [pr.pinned[u]] if pr.pinned[u] >= 0 else list(pr.allowed[u])
            options = sorted((t for t in options if fits(u, t)), key=lambda t: score(u, t))
            for t in options:
                seating[u] = t
                seats[t] += len(pr.units[u])
                people[t].extend(pr.units[u])
                staff[t] += self.unit_staff[u]
                if place(i + 1):
                    return True
                seats[t] -= len(pr.units[u])
                del people[t][-len(pr.units[u]) :]
                staff[t] -= self.unit_staff[u]
            return False

        if not place(0):
            raise InitialSeatingError
        return seating

    # --- moves -----------------------------------------------------------------------------------

    def _candidates(self, r: int, u: int) -> list[tuple[int, int, int]]:
        """(delta, table, other unit or -1) for every legal move of unit u in round r."""
        pr, meet, kind, inc = self.pr, self.meet, self.kind, self.inc
        units, at, size = pr.units, self.at[r], self.size[r]
        a = self.assign[r][u]
        mine = units[u]
        len_u = len(mine)
        here = [p for w in at[a] if w != u for p in units[w]]
        leave_u = sum(inc[kind[x][z]][meet[x][z] - 1] for x in mine for z in here)
        staff_u = self.unit_staff[u]
        staff_n = self.staff_n[r]
        pen = self._staff_penalty
        stay_u_now = self._stay_cost(r, u, a)
        nxt = r + 1 < pr.rounds
        out: list[tuple[int, int, int]] = []
        for b in pr.allowed[u]:
            if b == a:
                continue
            there = [p for w in at[b] for p in units[w]]
            join_u = sum(inc[kind[x][z]][meet[x][z]] for x in mine for z in there)
            stay_u = self._stay_cost(r, u, b) - stay_u_now
            if nxt and self.can_stay_penalty[u]:
                stay_u += self._next_stay_delta(r, u, a, b)
            if size[a] - len_u >= pr.lo and size[b] + len_u <= pr.cap[b]:
                delta = join_u - leave_u + stay_u
                delta += pen(staff_n[a] - staff_u) - pen(staff_n[a])
                delta += pen(staff_n[b] + staff_u) - pen(staff_n[b])
                out.append((delta, b, -1))
            for v in at[b]:
                if pr.pinned[v] >= 0 or a not in pr.allowed[v]:
                    continue
                theirs = units[v]
                diff = len(theirs) - len_u
                if not (
                    pr.lo <= size[a] + diff <= pr.cap[a] and pr.lo <= size[b] - diff <= pr.cap[b]
                ):
                    continue
                cross_u = sum(inc[kind[x][y]][meet[x][y]] for x in mine for y in theirs)
                leave_v = sum(
                    inc[kind[y][z]][meet[y][z] - 1]
                    for y in theirs
                    for z in there
                    if z not in theirs
                )
                join_v = sum(inc[kind[y][z]][meet[y][z]] for y in theirs for z in here)
                delta = join_u - cross_u - leave_u + join_v - leave_v + stay_u
                staff_v = self.unit_staff[v]
                if staff_u != staff_v:
                    delta += pen(staff_n[a] - staff_u + staff_v) - pen(staff_n[a])
                    delta += pen(staff_n[b] + staff_u - staff_v) - pen(staff_n[b])
                if self.can_stay_penalty[v]:
                    delta += self._stay_cost(r, v, a) - self._stay_cost(r, v, b)
                    if nxt:
                        delta += self._next_stay_delta(r, v, b, a)
                out.append((delta, b, v))
        return out

    def _next_stay_delta(self, r: int, u: int, old: int, new: int) -> int:
        following = self.assign[r + 1][u]
        weight = STAY * len(self.pr.units[u])
        return weight * ((following == new) - (following == old))

    def _stays_around(self, r: int, u: int) -> int:
        cost = self._stay_cost(r, u, self.assign[r][u])
        if r + 1 < self.pr.rounds:
            cost += self._stay_cost(r + 1, u, self.assign[r + 1][u])
        return cost

    def _move(self, r: int, u: int, b: int) -> None:
        pr = self.pr
        a = self.assign[r][u]
        units, at = pr.units, self.at[r]
        stays_before = self._stays_around(r, u) if self.can_stay_penalty[u] else 0
        at[a].remove(u)
        here = [p for w in at[a] for p in units[w]]
        there = [p for w in at[b] for p in units[w]]
        for x in units[u]:
            for z in here:
                self._pair_changed(x, z, -1)
            for z in there:
                self._pair_changed(x, z, 1)
        at[b].append(u)
        self.assign[r][u] = b
        self.size[r][a] -= len(units[u])
        self.size[r][b] += len(units[u])
        s = self.unit_staff[u]
        if s:
            for t, step in ((a, -s), (b, s)):
                before = self.staff_n[r][t]
                self.staff_n[r][t] += step
                self.cost += self._staff_penalty(before + step) - self._staff_penalty(before)
                if self._staff_crowded(before + step):
                    self.staff_over.add((r, t))
                else:
                    self.staff_over.discard((r, t))
        if self.can_stay_penalty[u]:
            self.cost += self._stays_around(r, u) - stays_before
            self._refresh_stay(r, u)
            self._refresh_stay(r + 1, u)

    def full_cost(self) -> int:
        """The cost recomputed from scratch (tests compare it with the incremental one)."""
        pr = self.pr
        cost = 0
        for p in range(pr.n):
            for q in range(p + 1, pr.n):
                k = self.kind[p][q]
                cost += sum(self.inc[k][m] for m in range(pr.base[p][q], self.meet[p][q]))
        for r in range(pr.rounds):
            cost += sum(self._staff_penalty(s) for s in self.staff_n[r])
            cost += sum(self._stay_cost(r, u, t) for u, t in enumerate(self.assign[r]))
        return cost

    # --- driver ---------------------------------------------------------------------------------

    def _pick(self) -> tuple[int, int] | None:
        """A (round, unit) involved in some cost, chosen at random."""
        rng, pr = self.rng, self.pr
        pools = [len(self.hot), len(self.staff_over), len(self.stays)]
        total = sum(pools)
        if not total:
            return None
        for _ in range(8):
            pick = rng.randrange(total)
            if pick < pools[0]:
                p, q = rng.choice(tuple(self.hot))
                up, uq = self.unit_of[p], self.unit_of[q]
                rounds = [r for r in range(pr.rounds) if self.assign[r][up] == self.assign[r][uq]]
                if not rounds:
                    continue
                movable = [u for u in (up, uq) if pr.pinned[u] < 0]
                if movable:
                    return rng.choice(rounds), rng.choice(movable)
            elif pick < pools[0] + pools[1]:
                r, t = rng.choice(tuple(self.staff_over))
                movable = [u for u in self.at[r][t] if self.unit_staff[u] and pr.pinned[u] < 0]
                if movable:
                    return r, rng.choice(movable)
            else:
                return rng.choice(tuple(self.stays))
        return None

    def run(
        self, iterations: int, target: int, deadline: float | None, patience: int = 6_000
    ) -> list[list[int]]:
        """Search until the cost reaches ``target``, ``iterations`` run out, or ``patience``
        iterations pass without a new best; return the best seating found."""
        rng = self.rng
        last_best = 0
        best_cost = self.cost
        best = [row[:] for row in self.assign]
        tabu: dict[tuple[int, int, int], int] = {}
        last_gain = 0
        for it in range(iterations):
            if best_cost <= target or it - last_best > patience:
                break
            if deadline is not None and it % 64 == 0 and time.monotonic() > deadline:
                break
            if not (self.hot or self.staff_over or self.stays):
                break
            # Look at the moves of a few conflicting units at once: one unit alone too often has
            # only bad moves, which makes the walk wander instead of descend.
            picks = {self._pick() for _ in range(self.breadth)} - {None}
            options: list[tuple[int, int, int, int]] = []
            best_delta = None
            for r, u in sorted(picks):  # type: ignore[misc]
                for delta, b, v in self._candidates(r, u):
                    is_tabu = tabu.get((r, u, b), -1) > it or (
                        v >= 0 and tabu.get((r, v, self.assign[r][u]), -1) > it
                    )
                    if is_tabu and self.cost + delta >= best_cost:
                        continue
                    if best_delta is None or delta < best_delta:
                        best_delta, options = delta, [(r, u, b, v)]
                    elif delta == best_delta:
                        options.append((r, u, b, v))
            if not options:
                continue
            r, u, b, v = rng.choice(options)
            a = self.assign[r][u]
            self._move(r, u, b)
            if v >= 0:
                self._move(r, v, a)
                tabu[(r, v, b)] = it + rng.randint(4, 12)
            tabu[(r, u, a)] = it + rng.randint(4, 12)
            if self.cost < best_cost:
                best_cost, last_gain, last_best = self.cost, it, it
                best = [row[:] for row in self.assign]
            elif it - last_gain > 2_000:
                self._shake(best)
                last_gain = it
        return best

    def _shake(self, best: list[list[int]]) -> None:
        """Restart from the best seating with a few random swaps, to leave a plateau."""
        pr, rng = self.pr, self.rng
        for r in range(pr.rounds):
            for u, t in enumerate(best[r]):
                if self.assign[r][u] != t:
                    self._move(r, u, t)
        for _ in range(max(2, pr.n // 8)):
            r = rng.randrange(pr.rounds)
            u = rng.randrange(len(pr.units))
            if pr.pinned[u] >= 0:
                continue
            moves = [(b, v) for _, b, v in self._candidates(r, u)]
            if moves:
                b, v = rng.choice(moves)
                a = self.assign[r][u]
                self._move(r, u, b)
                if v >= 0:
                    self._move(r, v, a)
