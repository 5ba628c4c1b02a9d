"""A volunteer corrects what they recorded for a day, then is told why they cannot; the phone
form's "save and record another" keeps the event and the area."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assets.models import Offer
from engagement.models import Role
from tests.assets.factories import individual_offer
from tests.engagement.factories import EventFactory
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db


def recorded_by(volunteer, area, **fields):
    fields.setdefault("contact_preference", "coordinator")
    return individual_offer(area=area, actor=volunteer, contact_email="", **fields)


def test_the_recorder_corrects_an_offer_within_a_day_and_is_told_why_not_after(client):
    area = AreaFactory()
    volunteer = user_with_role(Role.VOLUNTEER, area=area)
    offer = recorded_by(volunteer, area, contact_phone="07700 900123", contact_preference="phone")
    client.force_login(volunteer)
    url = reverse("assets:offer_update", kwargs={"uuid": offer.uuid})
    detail = client.get(offer.get_absolute_url()).content.decode()
    assert "you can correct it until" in detail
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "tags"}
    data.update(
        kind="skills",
        offerer_kind="individual",
        area=area.pk,
        title="Sewing, alterations and mending",
        contact_preference="phone",
        share_with=["police"],
        consent_until=offer.consent_until.isoformat(),
        frequency="one_off",
    )
    data = {k: v for k, v in data.items() if v not in (False, "")}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Offer.objects.get(pk=offer.pk).title == "Sewing, alterations and mending"

    # A day and a minute later: refused, in words, and nothing changes.
    Offer.objects.filter(pk=offer.pk).update(
        created=timezone.now() - dt.timedelta(hours=24, minutes=1)
    )
    response = client.get(url)
    assert response.status_code == 403
    body = response.content.decode()
    assert "This offer can no longer be corrected by you" in body
    assert "may correct it for a day afterwards" in body and "ask a coordinator" in body
    assert client.post(url, {**data, "title": "Changed later"}).status_code == 403
    assert Offer.objects.get(pk=offer.pk).title == "Sewing, alterations and mending"
    assert "the day to correct it ended on" in client.get(offer.get_absolute_url()).content.decode()


def test_another_volunteer_cannot_correct_it_at_all(client):
    area = AreaFactory()
    offer = recorded_by(user_with_role(Role.VOLUNTEER, area=area), area)
    client.force_login(user_with_role(Role.VOLUNTEER, area=area))
    url = reverse("assets:offer_update", kwargs={"uuid": offer.uuid})
    assert client.get(url).status_code in (403, 404)


def test_save_and_record_another_keeps_the_event_and_the_area(client):
    area = AreaFactory(name="Sleaford")
    volunteer = user_with_role(Role.VOLUNTEER, area=area)
    fun_day = EventFactory(area=area, title="Sleaford fun day", starts_at=timezone.now())
    EventFactory(area=area, title="Next month's café")  # a week away: not offered
    client.force_login(volunteer)
    form_page = client.get(reverse("assets:offer_create"))
    body = form_page.content.decode()
    assert "Save and record another" in body and "Sleaford fun day" in body
    assert "Next month" not in body
    assert form_page.context["form"].initial["area"] == area.pk  # the only area, chosen
    response = client.post(
        reverse("assets:offer_create"),
        {
            "recorded_at_event": fun_day.pk,
            "kind": "skills",
            "title": "Gardening help",
            "offerer_kind": "individual",
            "offerer_name": "Mary Jones",
            "area": area.pk,
            "contact_preference": "phone",
            "contact_phone": "07700 900123",
            "frequency": "one_off",
            "share_with": ["council"],
            "consent_until": (timezone.localdate() + dt.timedelta(days=300)).isoformat(),
            "another": "Save and record another",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('assets:offer_create')}?area={area.pk}&event={fun_day.pk}"
    offer = Offer.objects.get()
    assert offer.recorded_at_event == fun_day and offer.recorded_by == volunteer
    following = client.get(response.url)
    assert "Saved: Gardening help" in following.content.decode()
    initial = following.context["form"].initial
    assert str(initial["area"]) == str(area.pk) and str(initial["recorded_at_event"]) == str(
        fun_day.pk
    )


def test_an_event_in_another_area_is_refused_in_words(client):
    programme_area = AreaFactory()
    other = AreaFactory(programme=programme_area.programme)
    coordinator = user_with_role(Role.COORDINATOR, programme=programme_area.programme)
    event = EventFactory(area=other, starts_at=timezone.now())
    client.force_login(coordinator)
    response = client.post(
        reverse("assets:offer_create"),
        {
            "recorded_at_event": event.pk,
            "kind": "venue",
            "title": "Hall",
            "offerer_kind": "group",
            "offerer_name": "WI",
            "area": programme_area.pk,
            "contact_preference": "coordinator",
            "frequency": "one_off",
        },
    )
    assert response.status_code == 200
    assert f"That event is in {other.name}" in response.content.decode()
    assert not Offer.objects.exists()
