"""The bookings list as CSV: who may download it, what is in it, and the audit rows."""

import csv
import io

import pytest
from django.urls import reverse

from engagement.models import AuditEntry, Registration
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.engagement.test_events_views import ROLES, status_for

pytestmark = pytest.mark.django_db


def _url(event, **query):
    url = reverse("engagement:event_registrations", args=[event.slug]) + "?format=csv"
    return url + "".join(f"&{k}={v}" for k, v in query.items())


@pytest.mark.parametrize("role", ROLES)
def test_the_export_is_for_whoever_may_see_the_list(client, role):
    event = EventFactory()
    RegistrationFactory(event=event)
    code = status_for(client, role, event, _url(event))
    allowed = {"volunteer", "coordinator", "superuser"}
    assert code == (200 if role in allowed else 302 if role == "anonymous" else 403)
    exported = AuditEntry.objects.filter(action="registration.export").count()
    assert exported == (1 if role in allowed else 0)


def test_the_export_holds_what_the_page_shows_and_logs_each_booking(client):
    from tests.factories import user_with_role

    event = EventFactory(slug="boston-cafe")
    shown = RegistrationFactory(
        event=event,
        name="=HYPERLINK(evil)",
        phone="07700900123",
        access_needs=["wheelchair"],
        access_notes="Guide dog",
        party_size=2,
    )
    RegistrationFactory(event=event, name="Ada Lovelace")
    RegistrationFactory(event=event, name="Gone", status=Registration.Status.CANCELLED)
    coordinator = user_with_role("coordinator", area=event.area)
    client.force_login(coordinator)
    response = client.get(_url(event))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="bookings-boston-cafe-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Code", "Name", "Group", "Phone"]
    assert len(rows) == 3  # the cancelled booking is not on the page, so not in the file
    row = next(r for r in rows if r[0] == shown.code)
    assert row[1] == "'=HYPERLINK(evil)"  # a spreadsheet shows it rather than running it
    assert row[3] == "07700 900123" and row[4] == "2" and row[6] == "Guide dog"
    assert shown.email not in response.content.decode()  # the page shows no email addresses
    logged = AuditEntry.objects.filter(action="registration.export", actor=coordinator)
    assert logged.count() == 2 and {e.programme_id for e in logged} == {event.programme_id}


def test_the_export_follows_the_pages_search(client):
    from tests.factories import user_with_role

    event = EventFactory()
    RegistrationFactory(event=event, name="Ada Lovelace")
    RegistrationFactory(event=event, name="Grace Hopper")
    client.force_login(user_with_role("volunteer", area=event.area))
    body = client.get(_url(event, q="Hopper")).content.decode()
    assert "Grace Hopper" in body and "Ada Lovelace" not in body
    page = client.get(reverse("engagement:event_registrations", args=[event.slug]) + "?q=Hopper")
    assert "format=csv&amp;q=Hopper" in page.content.decode()
