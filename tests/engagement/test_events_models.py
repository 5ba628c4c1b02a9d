"""The event and registration tables keep their invariants in the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engagement.models import Event, Registration
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_event_must_end_after_it_starts():
    event = EventFactory()
    event.ends_at = event.starts_at - dt.timedelta(minutes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_reserved_places_cannot_exceed_capacity():
    event = EventFactory.build(capacity=10, reserved_places=11)
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    assert "reserved_places" in info.value.message_dict


def test_area_must_belong_to_the_programme():
    event = EventFactory.build(area=AreaFactory(), programme=AreaFactory().programme, slug="x")
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    assert "area" in info.value.message_dict


def test_only_confirmed_bookings_can_be_checked_in():
    registration = RegistrationFactory(status=Registration.Status.WAITING)
    registration.checked_in_at = registration.created
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()


def test_one_active_booking_per_email_per_event():
    first = RegistrationFactory(email="Rita@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=first.event, email="rita@example.org")
    # A cancelled booking does not block booking again.
    first.status = Registration.Status.CANCELLED
    first.save()
    RegistrationFactory(event=first.event, email="rita@example.org")


def test_querysets():
    upcoming = EventFactory()
    EventFactory(status=Event.Status.DRAFT)
    assert list(Event.objects.listed().upcoming()) == [upcoming]
    assert upcoming.reminder_offsets == [48]
