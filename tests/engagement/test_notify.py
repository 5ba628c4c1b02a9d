"""Messages through GOV.UK Notify: texts for people who booked by phone, email through the same
service, retries on Notify's temporary errors only, delivery receipts on the bookings list.

Notify is the local test double in ``tests/notify_double.py`` (no network is reachable here);
everything of ours is real: the database, the outbox, the tasks (run here, retries and all).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from config.settings.base import OUTBOX_SEND_TASKS
from engagement.models import EventMessage, Registration, Role
from engagement.phones import uk_phone_parse
from engagement.services.messages import (
    contact_note,
    event_message_send,
    message_deliveries_refresh,
    message_queue,
)
from engagement.services.notify import text_parts
from engagement.services.outbox import outbox_models
from engagement.services.registrations import registration_create
from engagement.services.tokens import registration_short_token
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.django_db

MOBILE = "07700 900123"
LANDLINE = "01522 555000"


def _phone_booking(event=None, **kwargs) -> Registration:
    defaults = {"name": "Edna Hall", "phone": MOBILE, "source": Registration.Source.PHONE}
    return registration_create(event=event or EventFactory(), **{**defaults, **kwargs})


def _only_message(registration: Registration) -> EventMessage:
    (message,) = registration.messages.all()
    return message


# Choosing the channel.


def test_a_phone_booking_with_a_mobile_and_no_email_gets_its_confirmation_by_text(notify):
    registration = _phone_booking()
    assert registration.phone == "+447700900123"  # stored in one form
    run_outbox_tasks()
    message = _only_message(registration)
    assert (message.channel, message.status) == ("text", "sent")
    (sent,) = notify.sent
    assert (sent.type, sent.to, sent.template_id) == ("sms", "+447700900123", "sms-en")
    assert message.provider_id == sent.id
    body = sent.personalisation["body"]
    assert registration.code in body
    assert registration_short_token(registration) in body
    assert text_parts(body) <= 2


def test_someone_with_email_and_a_mobile_who_chose_texts_gets_texts(notify):
    _phone_booking(email="edna@example.org", contact_by="text")
    run_outbox_tasks()
    assert [s.type for s in notify.sent] == ["sms"]


def test_someone_with_email_who_did_not_choose_texts_gets_email_through_notify(notify):
    registration = _phone_booking(email="edna@example.org")
    run_outbox_tasks()
    (sent,) = notify.sent
    assert (sent.type, sent.to, sent.template_id) == ("email", "edna@example.org", "email-en")
    assert "You are booked on" in sent.personalisation["body"]
    assert registration.event.title in sent.personalisation["subject"]
    assert _only_message(registration).channel == "email"


def test_a_landline_gets_no_texts_and_the_booker_is_told(notify):
    registration = _phone_booking(phone=LANDLINE)
    message = _only_message(registration)
    assert message.channel == "email"
    run_outbox_tasks()
    message.refresh_from_db()
    assert message.status == "skipped"  # no email address, and a landline takes no texts
    assert notify.sent == []
    assert "01522 555000 is a landline" in contact_note(registration)


def test_texts_are_chosen_only_when_notify_is_the_channel(settings):
    settings.MESSAGE_CHANNEL = "email"
    registration = _phone_booking(email="edna@example.org", contact_by="text")
    assert _only_message(registration).channel == "email"


def test_a_welsh_booking_is_texted_through_the_welsh_template_in_welsh(notify):
    _phone_booking(language="cy")
    run_outbox_tasks()
    (sent,) = notify.sent
    assert sent.template_id == "sms-cy"
    assert "Rydych wedi archebu" in sent.personalisation["body"]


def test_every_text_fits_in_two_parts_even_with_long_names_in_english_and_welsh(notify):
    event = EventFactory(title="A" * 200, venue_name="Saint Botolph's Community Centre and Hall")
    for language in ("en", "cy"):
        registration = _phone_booking(event=event, name="x", language=language)
        Registration.objects.filter(pk=registration.pk).update(
            offer_expires_at=timezone.now() + dt.timedelta(hours=24)
        )
        for kind in EventMessage.Kind.values:
            message = message_queue(registration=registration, kind=kind, key=f"check-{kind}")
            event_message_send(message_id=message.pk)
    bodies = [s.personalisation["body"] for s in notify.sent if s.type == "sms"]
    assert len(bodies) == 2 * len(EventMessage.Kind.values)
    assert max(text_parts(body) for body in bodies) <= 2, bodies


# What Notify answers.


def test_a_rate_limit_and_a_server_error_are_retried_until_notify_takes_the_text(notify):
    registration = _phone_booking()
    notify.fail_next(429)
    notify.fail_next(500)
    run_outbox_tasks()
    message = _only_message(registration)
    assert (message.status, message.attempts, message.error) == ("sent", 3, "")
    assert len(notify.sent) == 1


def test_an_outage_longer_than_the_retries_leaves_the_reason_for_staff_and_sends_later(notify):
    registration = _phone_booking()
    notify.fail_next(500, times=10)
    run_outbox_tasks()
    message = _only_message(registration)
    assert message.status == "failed"
    assert "500" in message.error and "Internal server error" in message.error
    notify._failures.clear()
    message.status = "pending"
    message.save()
    run_outbox_tasks()
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(notify.sent) == 1


@pytest.mark.parametrize("status", [400, 403])
def test_a_permanent_refusal_is_recorded_and_never_retried(notify, status):
    registration = _phone_booking()
    notify.fail_next(status, times=5)
    run_outbox_tasks()
    message = _only_message(registration)
    assert (message.status, message.attempts) == ("failed", 1)
    assert str(status) in message.error
    assert notify.requests == 1


def test_a_missing_template_is_a_refusal_that_names_the_setting(notify, settings):
    settings.NOTIFY_SMS_TEMPLATE_EN = ""
    registration = _phone_booking()
    run_outbox_tasks()
    message = _only_message(registration)
    assert message.status == "failed"
    assert "NOTIFY_SMS_TEMPLATE_EN" in message.error
    assert notify.requests == 0


def test_sending_twice_sends_once(notify):
    registration = _phone_booking()
    message = _only_message(registration)
    event_message_send(message_id=message.pk)
    event_message_send(message_id=message.pk)
    assert len(notify.sent) == 1


def test_the_account_pages_emails_go_through_notify_too(notify, client):
    user = user_with_role(None, email="resident@example.org")
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert [s.to for s in notify.sent] == ["resident@example.org"]
    assert notify.sent[0].template_id == "email-en"


# Delivery receipts.


def test_delivery_receipts_are_fetched_and_shown_on_the_bookings_list(notify, client):
    event = EventFactory()
    delivered = _phone_booking(event=event, name="Delivered Person")
    bounced = _phone_booking(event=event, name="Bounced Person", phone="07700 900456")
    run_outbox_tasks()
    first, second = notify.sent
    notify.deliver(first.id, "delivered")
    notify.deliver(second.id, "permanent-failure")

    assert message_deliveries_refresh() == 2
    assert _only_message(delivered).delivery_status == "delivered"
    assert _only_message(bounced).delivery_status == "permanent-failure"
    # Final statuses are not asked for again.
    asked = notify.requests
    assert message_deliveries_refresh() == 0
    assert notify.requests == asked

    coordinator = user_with_role(Role.COORDINATOR, programme=event.programme)
    client.force_login(coordinator)
    html = client.get(reverse("engagement:event_registrations", args=[event.slug])).text
    assert "Confirmation, text message: Delivered" in html
    assert "Not delivered: the number or address does not exist" in html
    assert "07700 900456" in html


def test_a_notify_outage_stops_the_receipt_run_without_losing_anything(notify):
    _phone_booking()
    run_outbox_tasks()
    notify.fail_next(503)
    assert message_deliveries_refresh() == 0
    assert message_deliveries_refresh() == 1


# The short link in a text.


def test_the_short_link_opens_the_booking_and_a_forged_one_does_not(client):
    registration = RegistrationFactory()
    token = registration_short_token(registration)
    page = client.get(reverse("engagement:registration_manage", args=[token]))
    assert page.status_code == 200
    assert registration.code in page.text
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert client.get(reverse("engagement:registration_manage", args=[forged])).status_code == 404


# Booking through the pages.


def _book(client, event, **data):
    return client.post(
        reverse("engagement:event_register", args=[event.slug]),
        {"name": "Edna Hall", "party_size": 1, **data},
        follow=True,
    )


def test_the_booking_form_offers_texts_only_with_notify(client, settings):
    url = reverse("engagement:event_register", args=[EventFactory().slug])
    settings.MESSAGE_CHANNEL = "email"
    assert "contact_by" not in client.get(url).text
    settings.MESSAGE_CHANNEL = "notify"
    assert "contact_by" in client.get(url).text


def test_a_person_can_choose_texts_when_booking(notify, client):
    event = EventFactory()
    page = _book(client, event, phone="+44 7700 900123", contact_by="text")
    registration = event.registrations.get()
    assert (registration.phone, registration.contact_by) == ("+447700900123", "text")
    assert "by text message to 07700 900123" in page.text
    assert _only_message(registration).channel == "text"


def test_a_phone_number_that_is_not_a_uk_number_is_refused_in_words(notify, client):
    event = EventFactory()
    page = _book(client, event, phone="12345")
    assert "Please give a UK phone number" in page.text
    assert not event.registrations.exists()


def test_texts_to_a_landline_are_refused_in_words(notify, client):
    event = EventFactory()
    page = _book(client, event, phone=LANDLINE, contact_by="text")
    assert "Text messages need a mobile number" in page.text
    assert not event.registrations.exists()


def test_a_landline_booking_is_told_no_texts_will_come(notify, client):
    event = EventFactory()
    page = _book(client, event, phone=LANDLINE, contact_by="email")
    assert event.registrations.count() == 1
    assert "is a landline, so we cannot send text messages to it" in page.text


def test_uk_numbers_as_people_type_them():
    assert uk_phone_parse("07700 900123").e164 == "+447700900123"
    assert uk_phone_parse("0044 7700 900123").is_mobile
    assert not uk_phone_parse("01522 555000").is_mobile
    assert uk_phone_parse("+33 6 12 34 56 78") is None
    assert uk_phone_parse("not a number") is None


def test_text_parts_count_as_notify_charges():
    assert text_parts("a" * 160) == 1
    assert text_parts("a" * 161) == 2
    assert text_parts("a" * 306) == 2
    assert text_parts("ŵ" * 70) == 1  # Welsh ŵ and ŷ make a message Unicode
    assert text_parts("ŵ" * 71) == 2
    assert text_parts("€" * 80) == 1  # two 7-bit characters each
    assert text_parts("€" * 81) == 2


def test_every_outbox_is_rate_limited_for_notify():
    assert {model.send_task for model in outbox_models()} == set(OUTBOX_SEND_TASKS)
