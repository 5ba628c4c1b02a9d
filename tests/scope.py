"""A small world for scope tests: a programme with two areas, another programme, and a user for
every role held programme-wide and over one area; plus the check that a list page shows exactly
the objects whose own page the same user may open.

Places are named: ``a1`` and ``a2`` (areas of the programme), ``programme`` (the programme as a
whole: objects with no area) and ``other`` (an area of another programme). The area users hold
their role over ``a1``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from engagement.models import Area, Programme, Role, User
from engagement.roles import (
    DOOR_ROLES,
    OVERSIGHT_ROLES,
    REGISTER_WRITER_ROLES,
    ROUND_STAFF_ROLES,
    STAFF_ROLES,
    holds,
    scope_q,
)
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role

ROLES = [Role.COORDINATOR, Role.VOLUNTEER, Role.PARTNER, Role.TABLE_HOST, Role.PCC_OFFICE]
ROLE_SETS = [
    *[frozenset({r}) for r in ROLES],
    STAFF_ROLES,
    OVERSIGHT_ROLES,
    DOOR_ROLES,
    REGISTER_WRITER_ROLES,
    ROUND_STAFF_ROLES,
]
PLACES = ["a1", "a2", "programme", "other"]
AREA_PLACES = ["a1", "a2", "other"]


@dataclass
class World:
    programme: Programme
    a1: Area
    a2: Area
    other_programme: Programme
    other: Area
    users: dict[str, User | None]

    def place(self, name: str) -> tuple[Programme, Area | None]:
        """(programme, area) of a named place; the area is None for ``programme``."""
        return {
            "a1": (self.programme, self.a1),
            "a2": (self.programme, self.a2),
            "programme": (self.programme, None),
            "other": (self.other_programme, self.other),
        }[name]

    def area(self, name: str) -> Area:
        area = self.place(name)[1]
        assert area is not None, name
        return area


def make_world() -> World:
    programme = ProgrammeFactory()
    a1, a2 = AreaFactory(programme=programme), AreaFactory(programme=programme)
    other_programme = ProgrammeFactory()
    other = AreaFactory(programme=other_programme)
    users: dict[str, User | None] = {
        "anonymous": None,
        "resident": user_with_role(None),
        "superuser": user_with_role("superuser"),
    }
    for role in ROLES:
        users[f"{role}@programme"] = user_with_role(role, programme=programme)
        users[f"{role}@area"] = user_with_role(role, area=a1)
    return World(programme, a1, a2, other_programme, other, users)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def shown(client: Client, page_urls: list[str], markers: dict[str, str]) -> set[str]:
    """Keys of ``markers`` (an HTML fragment each, e.g. ``href="/tension/3/"``) found on any of
    the pages; a page the user may not open shows nothing."""
    found: set[str] = set()
    for url in page_urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        found |= {key for key, marker in markers.items() if marker in html}
    return found


def opens(client: Client, urls: dict[str, str]) -> set[str]:
    """Keys of ``urls`` whose page answers 200 for the client's user."""
    return {key for key, url in urls.items() if client.get(url).status_code == 200}


def href(url: str) -> str:
    return f'href="{url}"'


def list_matches_detail(
    world: World,
    *,
    list_urls: list[str],
    markers: dict[str, str],
    detail_urls: dict[str, str],
    exact_for=None,
) -> dict[str, dict[str, set[str]]]:
    """For every user: the objects the list pages show against the objects whose own page opens.

    Returns the disagreements (empty when the list and the pages agree). ``exact_for`` (a set of
    user labels, all users by default) says for whom the two sets must be equal; for the others
    (staff on a public list, say) the list must show nothing that does not open.
    """
    problems = {}
    for label, user in world.users.items():
        client = client_for(user)
        listed = shown(client, list_urls, markers)
        opened = opens(client, detail_urls)
        exact = exact_for is None or label in exact_for
        if (listed != opened) if exact else not listed <= opened:
            problems[label] = {
                "listed, page refused": listed - opened,
                "page opens, not listed": (opened - listed) if exact else set(),
            }
    return problems


def rule_matches_filter(world: World, perm: str, rows_q, objects) -> dict[str, dict]:
    """For every user: the objects ``perm`` allows against the rows ``rows_q(user)`` selects."""
    problems = {}
    pks = [o.pk for o in objects]
    for label, user in world.users.items():
        user = user or AnonymousUser()
        model = type(objects[0])
        by_rule = {o.pk for o in objects if user.has_perm(perm, o)}
        by_filter = set(
            model._default_manager.filter(rows_q(user), pk__in=pks).values_list("pk", flat=True)
        )
        if by_rule != by_filter:
            problems[label] = {"rule only": by_rule - by_filter, "filter only": by_filter - by_rule}
    return problems


def holds_matches_scope_q(
    world: World, objects, *, area=None, programme="programme", rows=None
) -> dict[str, set]:
    """``holds`` (one loaded object) against ``scope_q`` (rows) for every user and role set;
    ``rows(user, roles)`` replaces ``scope_q`` for types read another way (programmes).

    Superusers are left out: ``holds`` answers for roles only (the rules add ``is_superuser``),
    while ``scope_q`` gives a superuser every row, as ``has_perm`` does.
    """
    problems = {}
    model = type(objects[0])
    pks = [o.pk for o in objects]
    for label, user in world.users.items():
        if label == "superuser":
            continue
        user = user or AnonymousUser()
        for roles in ROLE_SETS:
            by_holds = {o.pk for o in objects if holds(user, roles, o)}
            if rows is not None:
                q = rows(user, roles)
            else:
                q = scope_q(user, roles, area=area, programme=programme)
            by_q = set(model._default_manager.filter(q, pk__in=pks).values_list("pk", flat=True))
            if by_holds != by_q:
                problems[f"{label} {sorted(roles)}"] = by_holds ^ by_q
    return problems
