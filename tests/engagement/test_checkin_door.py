"""The door: access needs in the answer, a cancelled event refused in words, undo from every
check-in (with and without JavaScript)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import Event
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def test_the_answer_names_the_persons_access_needs(client):
    event = EventFactory()
    person = RegistrationFactory(
        event=event,
        name="Aleksandra Nowak",
        access_needs=["wheelchair", "interpreter"],
        access_notes="Polish interpreter",
    )
    client.force_login(user_with_role("volunteer", area=event.area))
    url = reverse("engagement:event_checkin", kwargs={"slug": event.slug})
    body = client.post(url, {"code": person.code}, **JSON).json()
    assert body["ok"] and body["newly"]
    assert "Aleksandra Nowak checked in." in body["message"]
    assert "Access needs:" in body["message"] and "Polish interpreter" in body["message"]
    assert "Wheelchair user" in body["message"]
    assert body["undo"] == reverse(
        "engagement:event_checkin_undo", kwargs={"slug": event.slug, "pk": person.pk}
    )


def test_a_cancelled_event_refuses_check_in_with_the_reason(client):
    event = EventFactory()
    person = RegistrationFactory(event=event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    client.force_login(user_with_role("volunteer", area=event.area))
    url = reverse("engagement:event_checkin", kwargs={"slug": event.slug})
    response = client.post(url, {"code": person.code}, **JSON)
    assert response.status_code == 400
    assert "has been cancelled" in response.json()["message"]
    walk_in = client.post(
        reverse("engagement:event_walk_in", kwargs={"slug": event.slug}),
        {"name": "Wendy", "party_size": 1},
        **JSON,
    )
    assert walk_in.status_code == 400 and "has been cancelled" in walk_in.json()["message"]
    person.refresh_from_db()
    assert person.checked_in_at is None
    assert "has been cancelled" in client.get(url).content.decode()


def test_undo_is_offered_after_every_check_in_without_javascript(client):
    event = EventFactory()
    person = RegistrationFactory(event=event, name="Ned Nojs")
    client.force_login(user_with_role("volunteer", area=event.area))
    url = reverse("engagement:event_checkin", kwargs={"slug": event.slug})
    page = client.post(url, {"code": person.code}, follow=True).content.decode()
    assert "Undo the check-in of Ned Nojs" in page
    undo = reverse("engagement:event_checkin_undo", kwargs={"slug": event.slug, "pk": person.pk})
    page = client.post(undo, follow=True).content.decode()
    assert "Check-in undone for Ned Nojs." in page and "Undo the check-in of" not in page
    person.refresh_from_db()
    assert person.checked_in_at is None


def test_undo_answers_in_json_for_the_check_in_list(client):
    event = EventFactory()
    person = RegistrationFactory(event=event, name="Jo Json")
    client.force_login(user_with_role("volunteer", area=event.area))
    client.post(
        reverse("engagement:event_checkin", kwargs={"slug": event.slug}),
        {"code": person.code},
        **JSON,
    )
    undo = reverse("engagement:event_checkin_undo", kwargs={"slug": event.slug, "pk": person.pk})
    body = client.post(undo, **JSON).json()
    assert body["ok"] and body["message"] == "Check-in undone for Jo Json."
    assert body["figures"]["present"] == 0
