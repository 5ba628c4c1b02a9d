"""Re-confirming lists an offer for the stated period or says why it cannot (and offers to
extend consent); the next reminder goes when the page says; phone-only offerers get a text;
a coordinator sends a fresh link from the offer page."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assets.models import Offer, OfferReminder
from assets.services import offer_confirm_token, offers_sweep
from engagement.models import AuditEntry, Role
from tests.assets.factories import individual_offer, make_offer
from tests.factories import AreaFactory, user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def uk(day: dt.date) -> str:
    return date_format(day, "j F Y")


def confirm_url(offer) -> str:
    return reverse("assets:offer_confirm", kwargs={"token": offer_confirm_token(offer)})


def test_confirming_extends_by_the_period_and_reminds_on_the_day_it_says(client):
    offer = make_offer(contact_email="hall@example.org")
    Offer.objects.filter(pk=offer.pk).update(expires_on=TODAY() + dt.timedelta(days=3))
    page = client.get(confirm_url(offer)).content.decode()
    ends = TODAY() + dt.timedelta(days=180)
    assert f"Saying yes keeps it listed until {uk(ends)}." in page
    done = client.post(confirm_url(offer), {"confirm": "1"}).content.decode()
    assert f"stays listed until {uk(ends)}." in done
    remind_on = ends - dt.timedelta(days=14)
    assert f"We will ask you again by email on {uk(remind_on)}." in done
    assert Offer.objects.get(pk=offer.pk).expires_on == ends
    # The daily sweep: nothing the day before, the reminder on that day.
    assert offers_sweep(today=remind_on - dt.timedelta(days=1))["reminded"] == 0
    assert offers_sweep(today=remind_on)["reminded"] == 1
    run_outbox_tasks()
    assert mail.outbox[-1].to == ["hall@example.org"]
    assert f"listed until {uk(ends)}" in mail.outbox[-1].body


def test_consent_ending_sooner_is_explained_and_can_be_extended_too(client):
    consent = TODAY() + dt.timedelta(days=20)
    offer = individual_offer(consent_until=consent)
    url = confirm_url(offer)
    page = client.get(url).content.decode()
    extended = TODAY() + dt.timedelta(days=180)
    assert f"you agreed to share this one only until {uk(consent)}" in page
    assert f"Yes, and share it until {uk(extended)}" in page

    # "Yes" alone: it stays to the consent date, and the page says so, and when it will ask.
    done = client.post(url, {"confirm": "1", "consent_until": consent.isoformat()})
    body = done.content.decode()
    assert f"stays listed until {uk(consent)}." in body
    assert "That is the date you agreed to share it until." in body
    remind_on = consent - dt.timedelta(days=14)
    assert f"We will ask you again by email on {uk(remind_on)}." in body
    assert offers_sweep(today=remind_on)["reminded"] == 1
    # Asked once about that date already: the page no longer promises another reminder.
    body = client.post(url, {"confirm": "1"}).content.decode()
    assert "We will not send another reminder before" in body and "Share it for longer" in body

    # "Yes, and share it until …": consent and listing both run the whole period.
    body = client.post(url, {"extend_consent": "1"}).content.decode()
    offer.refresh_from_db()
    assert offer.consent_until == extended and offer.expires_on == extended
    assert f"stays listed until {uk(extended)}." in body


def test_available_until_sooner_is_explained(client):
    until = TODAY() + dt.timedelta(days=40)
    offer = make_offer(available_until=until)
    page = client.get(confirm_url(offer)).content.decode()
    assert f"available only until {uk(until)}, so it stays listed until then" in page


def test_a_phone_only_offerer_is_reminded_by_text(notify, settings):
    settings.SITE_URL = "https://cg.example"
    offer = individual_offer(
        contact_email="", contact_phone="07700 900123", contact_preference="phone"
    )
    Offer.objects.filter(pk=offer.pk).update(expires_on=TODAY() + dt.timedelta(days=5))
    assert offers_sweep()["reminded"] == 1
    reminder = OfferReminder.objects.get(offer=offer)
    assert reminder.channel == "text"
    run_outbox_tasks()
    reminder.refresh_from_db()
    assert reminder.status == "sent"
    (text,) = [m for m in notify.sent if m.type == "sms"]
    assert text.to == "+447700900123"
    body = text.personalisation["body"]
    assert offer.title in body and uk(TODAY() + dt.timedelta(days=5)) in body
    assert re.search(r"https://cg\.example/assets/confirm/[^/\s]+/", body)


def test_without_notify_a_phone_only_offerer_has_no_reminder_and_the_page_says_none(client):
    offer = individual_offer(
        contact_email="", contact_phone="07700 900123", contact_preference="phone"
    )
    body = client.post(confirm_url(offer), {"confirm": "1"}).content.decode()
    assert "We will not send another reminder" in body
    Offer.objects.filter(pk=offer.pk).update(expires_on=TODAY() + dt.timedelta(days=5))
    assert offers_sweep()["reminded"] == 0


def test_a_coordinator_sends_a_fresh_link_from_the_offer_page(client):
    area = AreaFactory()
    offer = individual_offer(area=area, contact_email="jean@example.org")
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    client.force_login(coordinator)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Send the offerer a fresh link" in page
    url = reverse("assets:offer_send_link", kwargs={"uuid": offer.uuid})
    response = client.post(url, follow=True)
    assert "A fresh link is on its way by email to jean@example.org." in (response.content.decode())
    run_outbox_tasks()
    assert mail.outbox[-1].to == ["jean@example.org"]
    token = re.search(r"/assets/confirm/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert client.get(reverse("assets:offer_confirm", kwargs={"token": token})).status_code == 200
    assert AuditEntry.objects.filter(action="asset.offer.link_send").count() == 1
    # The link does not stand in for the reminder before the end date.
    Offer.objects.filter(pk=offer.pk).update(expires_on=TODAY() + dt.timedelta(days=5))
    assert offers_sweep()["reminded"] == 1


def test_a_fresh_link_with_no_way_to_reach_the_offerer_says_so(client):
    area = AreaFactory()
    offer = individual_offer(area=area, contact_email="", contact_preference="coordinator")
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    url = reverse("assets:offer_send_link", kwargs={"uuid": offer.uuid})
    body = client.post(url, follow=True).content.decode()
    assert "There is no email address or mobile number to send a link to" in body
    assert not OfferReminder.objects.exists()


def test_only_coordinators_send_fresh_links(client):
    area = AreaFactory()
    offer = make_offer(area=area)
    client.force_login(user_with_role(Role.VOLUNTEER, area=area))
    assert "fresh link" not in client.get(offer.get_absolute_url()).content.decode()
    url = reverse("assets:offer_send_link", kwargs={"uuid": offer.uuid})
    assert client.post(url).status_code == 403
    assert not OfferReminder.objects.exists()
