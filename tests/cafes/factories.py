"""Factories for cafés. Seats and participants for tests are made here directly (a fixture, not
a write path); everything the tests check goes through the services."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cafes.models import Cafe, CafeTable, HostAssignment, Participant
from engagement.models import Event, Role
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role


class CafeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cafe

    event = factory.SubFactory(EventFactory, kind=Event.Kind.WORLD_CAFE)
    purpose = "Talk about what would make the town better."
    rounds = 3


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CafeTable

    cafe = factory.SubFactory(CafeFactory)
    number = factory.Sequence(lambda n: n + 1)
    seats = 4


def cafe_with_tables(n: int = 3, *, seats: int = 4, **kwargs) -> Cafe:
    cafe = CafeFactory(**kwargs)
    for number in range(1, n + 1):
        TableFactory(cafe=cafe, number=number, seats=seats)
    return cafe


def host_at(table: CafeTable, **kwargs):
    """A user with the table host role for the café's area, assigned to ``table``."""
    user = user_with_role(Role.TABLE_HOST, area=table.cafe.event.area, **kwargs)
    HostAssignment.objects.create(
        cafe=table.cafe, user=user, table=table, trained_on=dt.date(2026, 1, 10)
    )
    return user


def checked_in(event, n: int = 1, **kwargs):
    return [
        RegistrationFactory(event=event, checked_in_at=timezone.now(), **kwargs) for _i in range(n)
    ]


def participants(cafe: Cafe, n: int) -> list[Participant]:
    return [
        Participant.objects.create(cafe=cafe, registration=r) for r in checked_in(cafe.event, n)
    ]
