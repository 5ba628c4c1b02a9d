"""The Method of Equal Shares (MES) with exact arithmetic and a fast ``add1`` completion.

MES gives every voter an equal share ``b`` of the budget. A bid is affordable when its supporters
still hold at least its cost; it is then paid by its supporters in proportion to their utility,
each paying ``rho * utility`` or everything they have left. Each round funds the affordable bid
with the smallest ``rho`` (price per unit of utility). See https://equalshares.net.

Why it is fast *and* exact:

* Voters with identical ballots always hold identical budgets, so they are merged into weighted
  *voter types*; types with equal remaining budget share a *budget class*. A bid's ``rho`` comes
  from its supporters' class totals, scanned poorest first ("the poor pay everything, the rich
  split the rest"), over a few dozen classes instead of thousands of voters.
* All money is an integer over one common denominator ``D`` (multiplied by the number of paying
  voters each round), so there are no ``Fraction`` objects in the hot loops.
* A round only re-evaluates bids whose previous ``rho`` (a lower bound: budgets only shrink)
  could still win.
* ``add1`` re-runs MES with the per-voter budget raised one unit at a time while the outcome
  stays within the real budget; naively that is hundreds of runs. Here each class budget is kept
  as ``value + slope * k`` in the number of steps ``k``, and every decision of a round records
  the first step at which it could change. The completion jumps straight to that step and warm-
  restarts from the first round that can change, reusing the earlier rounds. Skipped steps would
  have repeated the same outcome, so the result equals the naive loop's exactly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

Rho = tuple[int, int, int]  #: rho at step k0+x is (N + NG*x) / den


@dataclass(slots=True)
class MesInput:
    """Voter types (distinct ballots) with multiplicities and per-bid utilities.

    ``supporters[c]`` lists the voter types with positive utility for bid ``c``, ``utilities[c]``
    the matching utilities. Costs and utilities are integers (money scaled if need be).
    """

    costs: Sequence[int]
    weights: list[int]
    supporters: list[list[int]]
    utilities: list[list[int]]
    num_voters: int
    #: Static tie-break key per bid: the smaller wins when two bids have equal ``rho``.
    tie_keys: list[tuple[object, ...]] = field(default_factory=list)


@dataclass(slots=True)
class MesRound:
    project: int
    rho: Fraction  #: price per unit of utility (in scaled money)
    max_payment: Fraction  #: the most one supporter paid (in currency units)


@dataclass(slots=True)
class MesOutcome:
    per_voter: Fraction
    rounds: list[MesRound]
    runs: int  #: MES runs computed (warm restarts count as runs)

    @property
    def selected(self) -> list[int]:
        return [r.project for r in self.rounds]


class _State:
    """Everything at the start of a round; copied as a snapshot for warm restarts."""

    __slots__ = ("k", "D", "V", "G", "tcls", "stale", "funded", "limit")

    def __init__(
        self,
        k: int,
        D: int,
        V: list[int],
        G: list[int],
        tcls: list[int],
        stale: dict[int, Rho],
        funded: list[tuple[int, Rho, int, int]],
    ) -> None:
        self.k, self.D, self.V, self.G, self.tcls = k, D, V, G, tcls
        self.stale, self.funded = stale, funded
        self.limit: int | None = None  # absolute step at which this round may change

    def copy(self) -> _State:
        return _State(
            self.k, self.D, self.V[:], self.G[:], self.tcls[:], dict(self.stale), self.funded[:]
        )

    def shift(self, k: int) -> None:
        """Re-evaluate every affine quantity at step ``k``."""
        x = k - self.k
        if x:
            self.V = [v + g * x for v, g in zip(self.V, self.G, strict=True)]
            self.stale = {c: (n + ng * x, ng, d) for c, (n, ng, d) in self.stale.items()}
            self.funded = [(c, (n + ng * x, ng, d), s, u) for c, (n, ng, d), s, u in self.funded]
            self.k = k

    def fails_at(self, gap: int, slope: int, strict: bool) -> int | None:
        """First step at which ``gap + slope*x >= 0`` (``> 0`` if strict), true now, fails."""
        if slope >= 0:
            return None
        fall = -slope
        return self.k + (-(-gap // fall) if strict else gap // fall + 1)

    def hold(self, gap: int, slope: int, strict: bool) -> None:
        """Record a decision that stays the same while ``gap + slope*x >= 0`` (or ``> 0``)."""
        self.note(self.fails_at(gap, slope, strict))

    def note(self, step: int | None) -> None:
        if step is not None and (self.limit is None or step < self.limit):
            self.limit = step


class _Mes:
    def __init__(self, data: MesInput, eligible: set[int], track: bool) -> None:
        self.data, self.track = data, track
        self.uniform = [u[0] if u and all(x == u[0] for x in u) else 0 for u in data.utilities]
        self.pool = [c for c in sorted(eligible) if data.supporters[c] and data.costs[c] > 0]
        # Supporters split by weight: single voters are counted by ``Counter`` at C speed.
        w = data.weights
        self.single = [[t for t in s if w[t] == 1] for s in data.supporters]
        self.multi = [[t for t in s if w[t] != 1] for s in data.supporters]
        pairs = [
            list(zip(s, u, strict=True))
            for s, u in zip(data.supporters, data.utilities, strict=True)
        ]
        self.single_u = [[u for t, u in p if w[t] == 1] for p in pairs]
        self.multi_u = [[u for t, u in p if w[t] != 1] for p in pairs]
        # First-round class totals (everyone in class 1), the same for every run.
        self.fresh: list[list[tuple[int, int, int]]] = []
        for c, p in enumerate(pairs):
            totals: Counter = Counter()
            for t, u in p:
                totals[1 if self.uniform[c] else u] += w[t]
            self.fresh.append([(1, u, m) for u, m in totals.items()])

    def start(self, num: int, den: int, unit: int) -> _State:
        """Per-voter budget num/den at step 0; each step adds ``unit``."""
        stale = dict.fromkeys(self.pool, (0, 0, 1))
        return _State(0, den, [0, num], [0, den * unit], [1] * len(self.data.weights), stale, [])

    def run(self, state: _State, snaps: list[_State]) -> _State:
        """Play rounds from ``state`` to the end, appending a snapshot per round if tracking."""
        while state.stale:
            if self.track:
                snaps.append(state.copy())
            more = self._round(state)
            if self.track:
                snaps[-1].limit = state.limit
            if not more:
                break
        return state

    def _round(self, st: _State) -> bool:
        keys, track = self.data.tie_keys, self.track
        st.limit = None
        stale = st.stale
        # Float order only decides evaluation order; every pruning test below is exact.
        order = sorted(stale, key=lambda c: (stale[c][0] / stale[c][2], keys[c]))
        best, best_rho, best_fit = -1, (0, 0, 1), None
        evaluated: list[tuple[int, list[tuple[int, int, int]]]] = []
        pruned: list[int] = []
        for c in order:
            n, _, d = stale[c]
            if best >= 0 and n * best_rho[2] > best_rho[0] * d:
                pruned.append(c)  # its lower bound already loses to the current best
                continue
            fit = self._price(st, c)
            if fit is None:
                del stale[c]
                continue
            rho = fit[0]
            stale[c] = rho
            if best < 0 or (rho[0] * best_rho[2], keys[c]) < (best_rho[0] * rho[2], keys[best]):
                if best >= 0:
                    evaluated.append((best, best_fit[3]))  # type: ignore[index]
                best, best_rho, best_fit = c, rho, fit
            else:
                evaluated.append((c, fit[3]))
        if best < 0:
            return False
        if track:
            for c in pruned:
                st.note(self._beats_bound(st, best, best_rho, c, stale[c]))
            for c, items in evaluated:  # either proof suffices: keep the longer-lasting one
                a = self._beats_bound(st, best, best_rho, c, stale[c])
                b = self._beats_tangent(st, best, best_rho, c, items)
                st.note(None if a is None or b is None else max(a, b))
        del st.stale[best]
        self._pay(st, best, best_fit)  # type: ignore[arg-type]
        return True

    def _price(self, st: _State, c: int):
        """rho of ``c`` now, with its poor/rich split; None if its supporters cannot pay."""
        weights, tcls, V, G, D = self.data.weights, st.tcls, st.V, st.G, st.D
        cost, uc = self.data.costs[c], self.uniform[c]
        single, multi = self.single[c], self.multi[c]
        cls = tcls.__getitem__
        # Class totals of the supporters: single voters are counted at C speed by Counter.
        if not st.funded:  # nobody has paid yet: everyone is in class 1
            items = list(self.fresh[c])
        elif uc:
            groups = Counter(map(cls, single))
            for t in multi:
                groups[tcls[t]] += weights[t]
            items = [(k, 1, m) for k, m in groups.items() if k]
        else:
            groups = Counter(zip(map(cls, single), self.single_u[c], strict=True))
            for t, u in zip(multi, self.multi_u[c], strict=True):
                groups[(tcls[t], u)] += weights[t]
            items = [(k, u, m) for (k, u), m in groups.items() if k]
        owed = cost * D
        total = sum(V[k] * m for k, _, m in items)
        if total < owed:
            if self.track:
                st.hold(owed - total, -sum(G[k] * m for k, _, m in items), True)
            return None
        if uc:
            items.sort(key=lambda it: V[it[0]])
        else:
            items.sort(key=lambda it: Fraction(V[it[0]], it[1]))
        share = sum(u * m for _, u, m in items)
        slope = 0
        cut = 0
        for cut, (k, u, m) in enumerate(items):  # noqa: B007 - cut is used below
            if owed * u <= V[k] * share:
                break
            owed -= V[k] * m
            slope -= G[k] * m
            share -= u * m
        return (owed, slope, D * share * (uc or 1)), cut, share, items

    def _pay(self, st: _State, c: int, fit) -> None:
        (owed, slope, den), cut, share, items = fit
        if self.track:  # the payer split (who is poor) must stay the same
            for i, (k, u, _) in enumerate(items):
                gap, drift = owed * u - st.V[k] * share, slope * u - st.G[k] * share
                if i < cut:
                    st.hold(gap, drift, True)
                else:
                    st.hold(-gap, -drift, False)
        uc = self.uniform[c] or 1
        st.funded.append((c, (owed, slope, den), share, max(u for _, u, _ in items) * uc))
        V = [v * share for v in st.V]
        G = [g * share for g in st.G]
        # Old class (and utility) -> new class; poor supporters and class 0 go to class 0.
        remap: defaultdict = defaultdict(int)
        for k, u, _ in items[cut:]:
            remap[k if self.uniform[c] else (k, u)] = len(V)
            V.append(V[k] - u * owed)
            G.append(G[k] - u * slope)
        tcls = st.tcls
        sup = self.data.supporters[c]
        keys = map(tcls.__getitem__, sup)
        if not self.uniform[c]:
            keys = zip(keys, self.data.utilities[c], strict=True)
        any(map(tcls.__setitem__, sup, list(map(remap.__getitem__, keys))))
        st.V, st.G, st.D = V, G, st.D * share

    def _beats_bound(self, st: _State, best: int, rho: Rho, c: int, bound: Rho) -> int | None:
        """When ``rho_best <= bound`` (affine lower bound of ``rho_c``) may first fail.

        ``bound`` is either c's rho from an earlier round or c's rho now with its current
        poor/rich split frozen; both stay lower bounds of the true rho at every budget.
        """
        keys = self.data.tie_keys
        return st.fails_at(
            bound[0] * rho[2] - rho[0] * bound[2],
            bound[1] * rho[2] - rho[1] * bound[2],
            not keys[best] < keys[c],
        )

    def _beats_tangent(self, st: _State, best: int, rho: Rho, c: int, items) -> int | None:
        """When ``sum_i min(b_i, rho_best*u_i) < cost_c`` (i.e. rho_best < rho_c) may first fail.

        That sum is concave in the step, so staying below ``cost_c`` along its tangent is
        sufficient; unlike a frozen poor/rich split of c it survives the many small shifts of
        who is poor. Returns the current step + 1 on an exact tie (the tangent proves nothing).
        """
        n, ng, d = rho
        D, V, G = st.D, st.V, st.G
        uc = self.uniform[c] or 1
        level = slope = 0
        for k, u, m in items:
            mine, mine_g = V[k] * d, G[k] * d
            cap, cap_g = n * u * uc * D, ng * u * uc * D
            if mine < cap or (mine == cap and mine_g <= cap_g):
                level, slope = level + m * mine, slope + m * mine_g
            else:
                level, slope = level + m * cap, slope + m * cap_g
        gap = self.data.costs[c] * D * d - level
        return st.fails_at(gap, -slope, True) if gap > 0 else st.k + 1


def equal_shares(
    data: MesInput, budget: int, *, add1: bool, eligible: set[int] | None = None
) -> MesOutcome:
    """MES on integer amounts (costs and budget), optionally completed by ``add1``.

    ``add1`` follows pabutools' ``exhaustion_by_budget_increase`` with a step of one unit per
    voter (equalshares.net's add1): stop at the first outcome that is exhaustive, or return the
    last outcome before one that overspends the real budget (at most ``budget * (voters + 1)``,
    pabutools' default bound).
    """
    return scaled_equal_shares(data, budget, 1, add1=add1, eligible=eligible)


def scaled_equal_shares(
    data: MesInput,
    budget: int,
    unit: int,
    *,
    add1: bool,
    eligible: set[int] | None = None,
    integral: bool = False,
    stop_when_exhaustive: bool = True,
) -> MesOutcome:
    """As :func:`equal_shares` for money scaled to integers: one currency unit is ``unit``.

    Decimal amounts (a budget of 1538904.42) are multiplied by their common denominator so all
    arithmetic stays on integers; add1 still raises shares by one *currency* unit.

    ``integral``: every voter starts with a whole number of currency units (the budget per
    voter rounded down), as the equalshares.net tool's "integral endowments" option does.
    ``stop_when_exhaustive=False``: the completion keeps raising the share past outcomes that
    are already exhaustive, while the outcome still fits the budget.
    """
    n = data.num_voters
    costs = data.costs
    pool = set(range(len(costs))) if eligible is None else set(eligible)
    if n == 0:
        return MesOutcome(Fraction(0), [], 0)
    mes = _Mes(data, pool, track=add1)
    snaps: list[_State] = []
    if integral:
        base = Fraction((budget // (n * unit)) * unit)
        start = mes.start(int(base), 1, unit)
    else:
        base = Fraction(budget, n)
        start = mes.start(budget, n, unit)
    state = mes.run(start, snaps)
    runs = 1
    if add1:
        previous = state
        while True:
            spent = sum(costs[c] for c, *_ in state.funded)
            if spent > budget:  # report the last budget before the overspending one
                previous.shift(state.k - 1)
                state = previous
                break
            chosen = {c for c, *_ in state.funded}
            exhaustive = all(c in chosen or spent + costs[c] > budget for c in pool)
            if exhaustive and stop_when_exhaustive:
                break
            # pabutools' default bound on the raised budget: budget * (voters + 1)
            last = budget // unit
            limits = [s.limit for s in snaps if s.limit is not None]
            k = min(limits, default=last + 1)  # no limit: no larger budget changes anything
            if k > last:  # the outcome holds up to the bound: report the bound, like the loop
                state.shift(last)
                break
            r = next(i for i, s in enumerate(snaps) if s.limit == k)
            restart = snaps[r].copy()
            restart.shift(k)
            del snaps[r:]
            previous = state
            state = mes.run(restart, snaps)
            runs += 1
    per_voter = (base + state.k * unit) / unit
    rounds = [_round_out(c, rho, max_u, unit) for c, rho, _, max_u in state.funded]
    return MesOutcome(per_voter, rounds, runs)


def _round_out(c: int, rho: Rho, max_u: int, unit: int) -> MesRound:
    value = Fraction(rho[0], rho[2])
    return MesRound(c, value, value * max_u / unit)


def replay_payments(
    data: MesInput, outcome: MesOutcome, unit: int
) -> tuple[list[Fraction], dict[int, list[tuple[int, Fraction]]]]:
    """Who paid what: replay the outcome's rounds at its final per-voter share.

    Returns each voter type's money left (in scaled money, per voter) and, per voter type, the
    funded bids it paid towards with the amount per voter. Each round's ``rho`` is exact, so a
    supporter pays ``min(money left, rho * utility)``, which is what MES charged. Used only to
    explain the outcome ("its supporters' shares had already paid for ..."), never to decide it.
    """
    share = outcome.per_voter * unit
    left = [share] * len(data.weights)
    paid: dict[int, list[tuple[int, Fraction]]] = defaultdict(list)
    for r in outcome.rounds:
        for t, u in zip(data.supporters[r.project], data.utilities[r.project], strict=True):
            pay = min(left[t], r.rho * u)
            if pay > 0:
                left[t] -= pay
                paid[t].append((r.project, pay))
    return left, paid
