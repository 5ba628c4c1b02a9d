"""Factories for events and registrations (other apps may use them for their own tests)."""

import datetime as dt

import factory
from django.utils import timezone

from engagement.models import Event, EventMessage, Registration
from engagement.models.registrations import CODE_ALPHABET
from tests.factories import AreaFactory


def _code(n: int) -> str:
    # Deterministic, unique and drawn from the real alphabet.
    digits = []
    for _i in range(6):
        n, r = divmod(n, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[r])
    return "".join(reversed(digits))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    area = factory.SubFactory(AreaFactory)
    programme = factory.LazyAttribute(lambda o: o.area.programme)
    kind = Event.Kind.WORLD_CAFE
    title = factory.Sequence(lambda n: f"World Café {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    purpose = "Talk about what matters where you live."
    venue_name = "Village Hall"
    venue_address = "1 Main Street"
    venue_postcode = "PE25 1AA"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = 30
    status = Event.Status.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"booker{n}@example.org")
    party_size = 1
    status = Registration.Status.CONFIRMED
    code = factory.Sequence(lambda n: _code(n + 1000))


class EventMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventMessage

    registration = factory.SubFactory(RegistrationFactory)
    kind = EventMessage.Kind.CONFIRMATION
    key = "confirmation"
