"""Booking, the waiting list, cancellation, check-in and event changes (services)."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from engagement.models import AuditEntry, Event, EventMessage, Registration
from engagement.selectors.events import attendance_figures, event_clashes
from engagement.services.checkin import registration_check_in, walk_in_add
from engagement.services.events import event_cancel, event_create, event_update
from engagement.services.messages import event_message_send
from engagement.services.registrations import (
    event_places,
    offers_expire,
    registration_accept_offer,
    registration_cancel,
    registration_create,
)
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import AreaFactory, user_with_role

S = Registration.Status


def book(event, n=1, **kwargs):
    kwargs.setdefault("email", f"p{Registration.objects.count()}-{n}@example.org")
    return registration_create(event=event, name="Person", party_size=n, **kwargs)


@pytest.mark.django_db
class TestBooking:
    def test_books_until_full_then_waiting_list(self, django_capture_on_commit_callbacks):
        event = EventFactory(capacity=3, reserved_places=1)
        first = book(event, 2)
        assert first.status == S.CONFIRMED and len(first.code) == 6
        # One public place left is not enough for two; the reserved place is not for the public.
        second = book(event, 2)
        assert second.status == S.WAITING and second.queued_at
        assert event_places(event).public_free == 0
        assert set(EventMessage.objects.values_list("kind", flat=True)) == {
            "confirmation",
            "waiting",
        }

    def test_staff_can_fill_reserved_places_by_phone(self):
        event = EventFactory(capacity=2, reserved_places=1)
        book(event)
        coordinator = user_with_role("coordinator", area=event.area)
        partner = registration_create(
            event=event,
            name="Council officer",
            source="phone",
            use_reserved_place=True,
            actor=coordinator,
        )
        assert partner.status == S.CONFIRMED and partner.uses_reserved_place
        assert partner.registered_by == coordinator
        assert AuditEntry.objects.filter(action="registration.create").exists()

    @pytest.mark.parametrize(
        "change, kwargs, message",
        [
            ({"status": Event.Status.DRAFT}, {}, "not taking bookings"),
            ({"registration_closes_at": "past"}, {}, "closed"),
            ({}, {"email": "", "phone": ""}, "email address or a phone"),
            ({}, {"access_needs": ["jetpack"]}, "access needs"),
        ],
    )
    def test_refusals_store_nothing(self, change, kwargs, message):
        event = EventFactory()
        if change.get("registration_closes_at") == "past":
            change = {
                "registration_opens_at": timezone.now() - dt.timedelta(days=2),
                "registration_closes_at": timezone.now() - dt.timedelta(hours=1),
            }
        Event.objects.filter(pk=event.pk).update(**change)
        event.refresh_from_db()
        with pytest.raises(ValidationError, match=message):
            registration_create(event=event, name="Rita", **{"email": "r@example.org", **kwargs})
        assert not Registration.objects.exists()

    def test_same_email_twice_is_refused(self):
        event = EventFactory()
        book(event, email="rita@example.org")
        with pytest.raises(ValidationError, match="already booked"):
            book(event, email="RITA@example.org")

    def test_walk_in_is_checked_in_even_when_full(self):
        event = EventFactory(capacity=1)
        book(event)
        volunteer = user_with_role("volunteer", area=event.area)
        walk_in = walk_in_add(event=event, actor=volunteer, name="Walk In", party_size=2)
        assert (
            walk_in.status == S.CONFIRMED and walk_in.checked_in_at and walk_in.source == "walk_in"
        )
        assert not walk_in.messages.exists()
        assert attendance_figures(event=event)["walk_ins"] == 2


@pytest.mark.django_db
class TestWaitingList:
    def test_cancel_offers_the_place_to_the_first_who_fits(self):
        event = EventFactory(capacity=2)
        booked = book(event, 2)
        big = book(event, 3)
        small = book(event, 1)
        later = book(event, 1)
        registration_cancel(registration=booked)
        big.refresh_from_db(), small.refresh_from_db(), later.refresh_from_db()
        # A group of 3 does not fit in 2 places: it keeps its turn; smaller parties are offered.
        assert big.status == S.WAITING
        assert small.status == S.OFFERED and later.status == S.OFFERED
        assert small.offer_expires_at <= event.starts_at
        assert EventMessage.objects.filter(registration=small, kind="offer").count() == 1
        # Cancelling twice changes nothing and offers nothing more.
        registration_cancel(registration=booked)
        assert Registration.objects.filter(status=S.OFFERED).count() == 2

    def test_accept_offer_confirms(self):
        event = EventFactory(capacity=1)
        booked = book(event)
        waiting = book(event)
        registration_cancel(registration=booked)
        waiting.refresh_from_db()
        accepted = registration_accept_offer(registration=waiting)
        assert accepted.status == S.CONFIRMED and accepted.offer_expires_at is None
        assert registration_accept_offer(registration=waiting).status == S.CONFIRMED

    def test_lapsed_offers_pass_to_the_next_person_and_running_twice_is_harmless(self):
        event = EventFactory(capacity=1, offer_hours=2)
        booked = book(event)
        first, second = book(event), book(event)
        registration_cancel(registration=booked)
        later = timezone.now() + dt.timedelta(hours=3)
        assert offers_expire(now=later) == 1
        assert offers_expire(now=later) == 0
        first.refresh_from_db(), second.refresh_from_db()
        assert first.status == S.EXPIRED and second.status == S.OFFERED
        with pytest.raises(ValidationError, match="lapsed"):
            registration_accept_offer(registration=first)

    def test_more_capacity_offers_places(self):
        event = EventFactory(capacity=1)
        book(event)
        waiting = book(event)
        coordinator = user_with_role("coordinator", area=event.area)
        event_update(actor=coordinator, event=event, capacity=2)
        waiting.refresh_from_db()
        assert waiting.status == S.OFFERED


@pytest.mark.django_db
class TestCheckIn:
    def test_check_in_once_then_already(self):
        registration = RegistrationFactory()
        volunteer = user_with_role("volunteer", area=registration.event.area)
        first = registration_check_in(
            event=registration.event, code=registration.code.lower(), actor=volunteer
        )
        again = registration_check_in(
            event=registration.event, code=f" {registration.code} ", actor=volunteer
        )
        assert first.newly and not again.newly
        assert again.registration.checked_in_at == first.registration.checked_in_at

    def test_unknown_code_and_other_events_code_are_refused(self):
        registration = RegistrationFactory()
        other = EventFactory()
        with pytest.raises(ValidationError, match="No booking"):
            registration_check_in(event=other, code=registration.code, actor=None)

    def test_waiting_list_booking_cannot_be_checked_in(self):
        registration = RegistrationFactory(status=S.WAITING)
        with pytest.raises(ValidationError, match="not confirmed"):
            registration_check_in(event=registration.event, code=registration.code, actor=None)


def _run_together(n, target):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_volunteers_checking_in_the_same_person_make_one_check_in():
    registration = RegistrationFactory()
    volunteers = [user_with_role("volunteer", area=registration.event.area) for _i in range(2)]
    for _round in range(5):
        Registration.objects.filter(pk=registration.pk).update(checked_in_at=None)
        turn = iter(volunteers * 4)

        def check_in(turn=turn):
            return registration_check_in(
                event=registration.event, code=registration.code, actor=next(turn)
            )

        results, errors = _run_together(8, check_in)
        assert errors == []
        assert sum(r.newly for r in results) == 1
        assert len({r.registration.checked_in_at for r in results}) == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place():
    event = EventFactory(capacity=1)
    counter = iter(range(100))
    results, errors = _run_together(
        6, lambda: book(event, email=f"racer{next(counter)}@example.org")
    )
    assert errors == []
    assert sorted(r.status for r in results) == [S.CONFIRMED] + [S.WAITING] * 5


@pytest.mark.django_db
class TestEventChanges:
    def test_create_checks_and_audits(self):
        area = AreaFactory()
        coordinator = user_with_role("coordinator", area=area)
        start = timezone.now() + dt.timedelta(days=3)
        event = event_create(
            actor=coordinator,
            programme=area.programme,
            area=area,
            kind="pb_event",
            title="PB night",
            slug="pb-night",
            purpose="Vote",
            venue_name="Hall",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            capacity=100,
        )
        assert event.status == Event.Status.DRAFT
        assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()
        with pytest.raises(ValidationError):
            event_create(
                actor=coordinator,
                programme=area.programme,
                area=area,
                kind="pb_event",
                title="Bad",
                slug="bad",
                purpose="x",
                venue_name="Hall",
                starts_at=start,
                ends_at=start,
                capacity=10,
            )
        assert Event.objects.count() == 1

    def test_moving_an_event_tells_everyone_once_per_change(self):
        event = EventFactory()
        booked, waiting = (
            RegistrationFactory(event=event),
            RegistrationFactory(event=event, status=S.WAITING),
        )
        RegistrationFactory(event=event, status=S.CANCELLED)
        coordinator = user_with_role("coordinator", area=event.area)
        event_update(actor=coordinator, event=event, title="New title")
        assert not EventMessage.objects.exists()
        new_start = event.starts_at + dt.timedelta(days=1)
        event_update(
            actor=coordinator,
            event=event,
            starts_at=new_start,
            ends_at=new_start + dt.timedelta(hours=2),
        )
        assert set(EventMessage.objects.values_list("registration", flat=True)) == {
            booked.pk,
            waiting.pk,
        }
        event_update(actor=coordinator, event=event, venue_name="Library")
        assert EventMessage.objects.filter(kind="changed").count() == 4

    def test_cancel_tells_everyone_and_is_idempotent(self):
        event = EventFactory()
        RegistrationFactory.create_batch(3, event=event)
        coordinator = user_with_role("coordinator", area=event.area)
        event_cancel(actor=coordinator, event=event, reason="Venue flooded")
        event_cancel(actor=coordinator, event=event)
        assert EventMessage.objects.filter(kind="cancelled").count() == 3
        event.refresh_from_db()
        assert event.status == Event.Status.CANCELLED
        with pytest.raises(ValidationError):
            book(event)

    def test_clashes_by_area_or_venue(self):
        event = EventFactory(venue_name="Village Hall", venue_postcode="PE25 1AA")
        other_area = AreaFactory(programme=event.programme)
        s, e = event.starts_at + dt.timedelta(hours=1), event.ends_at + dt.timedelta(hours=1)
        assert list(event_clashes(starts_at=s, ends_at=e, area=event.area)) == [event]
        assert list(
            event_clashes(
                starts_at=s,
                ends_at=e,
                area=other_area,
                venue_name="village hall",
                venue_postcode="pe25 1aa",
            )
        ) == [event]
        assert not event_clashes(
            starts_at=s, ends_at=e, area=other_area, venue_name="Library"
        ).exists()
        assert not event_clashes(starts_at=event.ends_at, ends_at=e, area=event.area).exists()
        assert not event_clashes(starts_at=s, ends_at=e, area=event.area, exclude=event).exists()


@pytest.mark.django_db
class TestSending:
    def test_sends_once_with_code_and_qr(self):
        registration = RegistrationFactory()
        message = EventMessage.objects.create(
            registration=registration, kind="confirmation", key="confirmation"
        )
        event_message_send(message_id=message.pk)
        event_message_send(message_id=message.pk)
        assert len(mail.outbox) == 1
        email = mail.outbox[0]
        assert registration.code in email.body and "/bookings/" in email.body
        assert email.attachments[0][2] == "image/png"
        message.refresh_from_db()
        assert message.status == "sent" and message.attempts == 1

    def test_no_email_is_skipped(self):
        registration = RegistrationFactory(email="", phone="01234 567890")
        message = EventMessage.objects.create(
            registration=registration, kind="reminder", key="reminder-48"
        )
        assert event_message_send(message_id=message.pk).status == "skipped"
        assert mail.outbox == []

    def test_failure_is_recorded_and_retry_succeeds(self, settings):
        registration = RegistrationFactory()
        message = EventMessage.objects.create(
            registration=registration, kind="cancelled", key="cancelled"
        )
        settings.EMAIL_BACKEND = "tests.engagement.failing_mail.FailingBackend"
        with pytest.raises(OSError):
            event_message_send(message_id=message.pk)
        message.refresh_from_db()
        assert message.status == "failed" and "refused" in message.error
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert event_message_send(message_id=message.pk).status == "sent"
        assert len(mail.outbox) == 1
