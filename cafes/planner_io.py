"""The adapter between the database and the rotation planner (``cafes.rotation``).

It reads a café's tables, hosts, participants, seating rules and the rounds already played,
turns them into the planner's plain-Python inputs, and turns the planner's answer back into
participant ids per table per round. The planner knows nothing of Django; this module knows
nothing of how the planner searches.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Cafe, CafeTable, HostAssignment, Participant, Seat, SeatingConstraint


class SeatingImpossible(Exception):
    """The café cannot be seated as asked (the message says why, for the coordinator)."""

    def __init__(self, message: str, *, unmet: list[int] | None = None):
        super().__init__(message)
        #: Participants no table can seat as they need: planning again without them works.
        self.unmet = unmet or []


def need_words(need: str) -> tuple[str, str]:
    """A need as (what the person needs, what no table has), in words."""
    if need == "bsl":
        return _("a table with BSL"), _("BSL")
    if need == "step_free":
        return _("a step-free table"), _("step-free access")
    language = need.removeprefix("language:").title()
    return (
        _("a %(language)s-speaking table") % {"language": language},
        language,
    )


@dataclass
class Problem:
    """What the planner is asked, in planner terms (string keys for people)."""

    tables: list[CafeTable]
    capacities: list[int]
    attributes: list[frozenset[str]]
    hosts: dict[int, str]  # table index → host key
    travellers: list[str]  # people to seat in the rounds still to play
    rounds: int
    fixed: list[list[list[str]]]  # rounds already played: per table, the keys seated there
    forbidden: list[tuple[str, str]] = field(default_factory=list)
    together: list[list[str]] = field(default_factory=list)
    staff: set[str] = field(default_factory=set)
    needs: dict[str, frozenset[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class CafePlan:
    rounds: dict[int, dict[int, list[int]]]  # round → table id → participant ids
    repeats: int


def person_key(participant_id: int) -> str:
    return f"p{participant_id}"


def host_key(user_id: int) -> str:
    return f"h{user_id}"


def _language(text: str) -> str | None:
    text = text.strip().lower()
    if not text or text == "english":
        return None
    return "bsl" if text in {"bsl", "british sign language"} else f"language:{text}"


def table_attributes(table: CafeTable) -> frozenset[str]:
    out = set()
    language = _language(table.language)
    if language:
        out.add(language)
    if table.bsl:
        out.add("bsl")
    if table.step_free:
        out.add("step_free")
    return frozenset(out)


def participant_needs(participant: Participant) -> frozenset[str]:
    out = set()
    language = _language(participant.language)
    if language:
        out.add(language)
    if participant.needs_bsl:
        out.add("bsl")
    if participant.needs_step_free:
        out.add("step_free")
    return frozenset(out)


def together_groups(cafe: Cafe, participants: list[Participant] | None = None) -> list[set[int]]:
    """Sets of participant ids who must share a table: everyone in one booking, and pairs the
    coordinator linked (joined transitively)."""
    if participants is None:
        participants = list(cafe.participants.all())
    parent = {p.pk: p.pk for p in participants}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        if a in parent and b in parent:
            parent[find(a)] = find(b)

    by_booking: dict[int, list[int]] = defaultdict(list)
    for p in participants:
        by_booking[p.registration_id].append(p.pk)
    for members in by_booking.values():
        for other in members[1:]:
            union(members[0], other)
    rules = cafe.constraints.filter(kind=SeatingConstraint.Kind.TOGETHER)
    for a, b in rules.values_list("first_id", "second_id"):
        union(a, b)
    groups: dict[int, set[int]] = defaultdict(set)
    for pid in parent:
        groups[find(pid)].add(pid)
    return [g for g in groups.values() if len(g) > 1]


def build_problem(cafe: Cafe, *, leave_out: frozenset[int] = frozenset()) -> Problem:
    tables = list(cafe.tables.order_by("number"))
    if not tables:
        raise SeatingImpossible(_("Add tables first."))
    index = {t.pk: i for i, t in enumerate(tables)}
    hosts = {
        index[a.table_id]: host_key(a.user_id)
        for a in HostAssignment.objects.filter(cafe=cafe, table__isnull=False)
    }
    participants = list(cafe.participants.all())
    present = [p for p in participants if p.left_at is None and p.pk not in leave_out]
    if not present:
        raise SeatingImpossible(
            _("Nobody is checked in yet: check people in, then update the list.")
        )
    fixed: list[list[list[str]]] = []
    if cafe.current_round:
        grid = [[[] for _t in tables] for _r in range(cafe.current_round)]
        for seat in Seat.objects.filter(cafe=cafe, round_number__lte=cafe.current_round):
            grid[seat.round_number - 1][index[seat.table_id]].append(
                person_key(seat.participant_id)
            )
        for round_tables in grid:
            for i, keys in enumerate(round_tables):
                if i in hosts:
                    keys.insert(0, hosts[i])
        fixed = grid
    present_ids = {p.pk for p in present}
    forbidden = [
        (person_key(a), person_key(b))
        for a, b in cafe.constraints.filter(kind=SeatingConstraint.Kind.APART).values_list(
            "first_id", "second_id"
        )
        if a in present_ids and b in present_ids
    ]
    together = [
        sorted(person_key(pid) for pid in group if pid in present_ids)
        for group in together_groups(cafe, participants)
    ]
    return Problem(
        tables=tables,
        capacities=[t.seats for t in tables],
        attributes=[table_attributes(t) for t in tables],
        hosts=hosts,
        travellers=[person_key(p.pk) for p in present],
        rounds=cafe.rounds,
        fixed=fixed,
        forbidden=forbidden,
        together=[g for g in together if len(g) > 1],
        staff={person_key(p.pk) for p in present if p.staff},
        needs={person_key(p.pk): participant_needs(p) for p in present if participant_needs(p)},
        names={person_key(p.pk): p.name for p in present},
    )


def check_capacity(problem: Problem) -> None:
    seats = sum(problem.capacities) - len(problem.hosts)
    people = len(problem.travellers)
    if people > seats:
        raise SeatingImpossible(
            _(
                "%(people)s people and only %(seats)s seats for travellers. Add a table or "
                "allow more seats at some tables."
            )
            % {"people": people, "seats": seats}
        )
    unmet, sentences = [], []
    for key, needs in problem.needs.items():
        if any(needs <= attrs for attrs in problem.attributes):
            continue
        missing = sorted(n for n in needs if not any(n in attrs for attrs in problem.attributes))
        for need in missing or sorted(needs):
            wants, lacking = need_words(need)
            sentences.append(
                _("%(name)s needs %(wants)s; no table has %(lacking)s.")
                % {"name": problem.names.get(key, key), "wants": wants, "lacking": lacking}
            )
        if not missing:
            sentences.append(
                _("%(name)s needs %(needs)s at the same table; no table has them all.")
                % {
                    "name": problem.names.get(key, key),
                    "needs": ", ".join(need_words(n)[1] for n in sorted(needs)),
                }
            )
        unmet.append(int(key[1:]))
    if unmet:
        raise SeatingImpossible(" ".join(sentences), unmet=unmet)


def plan_cafe(
    cafe: Cafe, *, seed: int | None = None, leave_out: frozenset[int] = frozenset()
) -> CafePlan:
    """Seat everyone still here (but ``leave_out``) for every round after
    ``cafe.current_round``."""
    problem = build_problem(cafe, leave_out=leave_out)
    check_capacity(problem)
    seating, repeats = _solve(problem, seed=seed)
    out: dict[int, dict[int, list[int]]] = {}
    for r, round_tables in enumerate(seating, start=1):
        out[r] = {
            problem.tables[i].pk: [int(k[1:]) for k in keys if k.startswith("p")]
            for i, keys in enumerate(round_tables)
        }
    return CafePlan(rounds=out, repeats=repeats)


def _solve(problem: Problem, *, seed: int | None) -> tuple[list[list[list[str]]], int]:
    """Call the rotation planner. Returns (seating for every round, hosts included, and the
    number of repeated pairs). Played rounds go in as ``fixed_rounds`` and come back unchanged;
    people in them who have left are not seated again."""
    from .rotation import Constraints, Person, RotationError, Table, plan
    from .rotation.model import DEFAULT_MAX_SEATS

    hosts = [Person(id=key) for key in problem.hosts.values()]
    travellers = [
        Person(id=key, needs=problem.needs.get(key, frozenset()), staff=key in problem.staff)
        for key in problem.travellers
    ]
    tables = [
        Table(seats=seats, features=features, host=problem.hosts.get(i))
        for i, (seats, features) in enumerate(
            zip(problem.capacities, problem.attributes, strict=True)
        )
    ]
    constraints = Constraints(
        forbidden_pairs=frozenset(frozenset(pair) for pair in problem.forbidden),
        together=tuple(frozenset(group) for group in problem.together),
        max_seats=max([DEFAULT_MAX_SEATS, *problem.capacities]),
    )
    try:
        result = plan(
            hosts + travellers,
            tables,
            problem.rounds,
            constraints=constraints,
            fixed_rounds=problem.fixed,
            seed=seed or 0,
        )
    except RotationError as exc:
        raise SeatingImpossible(
            _("The seating cannot be planned as asked: %(why)s") % {"why": exc}
        ) from exc
    return result.as_lists(), result.repeats
