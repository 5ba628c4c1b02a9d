"""The directory's list and map through the pages: availability filters, offers sharing a point
grouped on the map, the audit rows the list and map write, and the coordinators' access log."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import AuditEntry, PartnerType, Role
from tests.assets.factories import individual_offer, make_offer
from tests.factories import (
    AreaFactory,
    PartnerFactory,
    RoleAssignmentFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def partner_of(area, kind=PartnerType.POLICE, **user_fields):
    user = UserFactory(**user_fields)
    RoleAssignmentFactory(
        user=user,
        role=Role.PARTNER,
        programme=area.programme,
        area=area,
        partner=PartnerFactory(type=kind),
    )
    return user


def views_of(offer, **filters):
    return AuditEntry.objects.filter(action="asset.offer.view", object_id=str(offer.pk), **filters)


def map_points(body: str) -> list[dict]:
    found = re.search(r'<script id="offer-map-points"[^>]*>(.*?)</script>', body, re.S)
    return json.loads(found.group(1))


# --- availability ----------------------------------------------------------------------------


def test_available_now_and_within_a_month_follow_the_dates_people_gave(client):
    area = AreaFactory()
    day = dt.timedelta(days=1)
    make_offer(area=area, title="Hall any time")
    make_offer(area=area, title="Hall from next week", available_from=TODAY() + 10 * day)
    make_offer(area=area, title="Hall from the spring", available_from=TODAY() + 60 * day)
    make_offer(area=area, title="Hall until Friday", available_until=TODAY() + 3 * day)
    url = reverse("assets:offer_list")

    def found(**params):
        body = client.get(url, params).content.decode()
        return set(re.findall(r'card-title mb-1"><a [^>]*>([^<]+)<', body))

    everything = {
        "Hall any time",
        "Hall from next week",
        "Hall from the spring",
        "Hall until Friday",
    }
    assert found() == everything
    assert found(available="now") == {"Hall any time", "Hall until Friday"}
    assert found(available="month") == {"Hall any time", "Hall from next week", "Hall until Friday"}
    body = client.get(url).content.decode()
    start = (TODAY() + 60 * day).strftime("%-d %B %Y")
    assert f"available from {start}" in body  # what the filter used, shown on the card


# --- the map groups offers that share a point -----------------------------------------------------


def test_offers_at_one_point_are_one_marker_with_a_count_and_every_offer(client):
    area = AreaFactory()
    for title in ("Hall", "Kitchen", "Car park"):
        make_offer(area=area, title=f"Community centre {title}", postcode="PE25 3AB")
    make_offer(area=area, title="Lifeboat station tours", postcode="PE25 1AA")
    points = map_points(client.get(reverse("assets:offer_map")).content.decode())
    assert sorted(p["count"] for p in points) == [1, 3]
    shared = next(p for p in points if p["count"] == 3)
    assert shared["label"] == "3 offers here"
    assert {o["title"] for o in shared["offers"]} == {
        "Community centre Hall",
        "Community centre Kitchen",
        "Community centre Car park",
    }
    assert all(o["url"].startswith("/assets/offers/") for o in shared["offers"])


# --- the list and map write the same audit rows as the offer page -------------------------------


def test_list_map_and_page_each_write_a_view_row_for_individuals_only(client):
    area = AreaFactory()
    person = individual_offer(area=area, share_with=["police"], title="Bike repairs")
    hall = make_offer(area=area, title="Public hall")
    partner = partner_of(area)
    client.force_login(partner)

    client.get(reverse("assets:offer_list"))
    assert views_of(person, actor=partner, data__via="list").count() == 1
    client.get(reverse("assets:offer_map"))
    # On the map page it is both on the map and in the list below: one row, not two.
    assert views_of(person, actor=partner, data__via="map").count() == 1
    client.get(person.get_absolute_url())
    assert views_of(person, actor=partner, data__via="page").count() == 1
    row = views_of(person, data__via="map").get()
    assert row.programme_id == area.programme_id
    assert not views_of(hall).exists()


def test_the_offerer_looking_at_their_own_offer_writes_nothing(client):
    area = AreaFactory()
    resident = UserFactory()
    individual_offer(area=area, offered_by=resident)
    client.force_login(resident)
    client.get(reverse("assets:offer_list"))
    client.get(reverse("assets:offer_map"))
    assert not AuditEntry.objects.filter(action="asset.offer.view").exists()


def test_only_the_page_of_results_shown_is_logged(client):
    area = AreaFactory()
    offers = [individual_offer(area=area, title=f"Skill {i}") for i in range(23)]
    partner = partner_of(area)
    client.force_login(partner)
    client.get(reverse("assets:offer_list"))
    assert AuditEntry.objects.filter(action="asset.offer.view", actor=partner).count() == 20
    client.get(reverse("assets:offer_list"), {"page": 2})
    assert AuditEntry.objects.filter(action="asset.offer.view", actor=partner).count() == 23
    assert views_of(offers[0]).count() == 1


# --- the access log ----------------------------------------------------------------------------


def test_coordinators_see_who_looked_at_offers_in_their_area_only(client):
    area = AreaFactory(name="Skegness")
    other = AreaFactory(name="Sleaford", programme=area.programme)
    mine = individual_offer(area=area, title="Bike repairs", offerer_name="Jane Doe")
    theirs = individual_offer(area=other, title="Sewing", offerer_name="Mary Jones")
    hall = make_offer(area=area, title="Public hall")
    nosy = partner_of(area, name="Pat Nosy", email="pat@police.example")
    other_partner = partner_of(other, name="Sam Other")
    client.force_login(nosy)
    client.get(reverse("assets:offer_list"))
    client.get(mine.get_absolute_url())
    client.get(reverse("assets:offer_export"))
    client.get(hall.get_absolute_url())
    client.force_login(other_partner)
    client.get(theirs.get_absolute_url())

    coordinator = user_with_role(Role.COORDINATOR, area=area)
    client.force_login(coordinator)
    body = client.get(reverse("assets:access_log")).content.decode()
    assert "3 looks and downloads" in body
    for words in ("Opened its page", "Saw it in the search list", "Downloaded it in a CSV file"):
        assert words in body
    assert "Pat Nosy" in body and "Jane Doe" in body and "Bike repairs" in body
    assert "Mary Jones" not in body and "Sam Other" not in body and "Public hall" not in body

    url = reverse("assets:access_log")
    assert "1 look or download" in client.get(url, {"how": "export"}).content.decode()
    assert "0 looks and downloads" in client.get(url, {"who": "nobody"}).content.decode()
    assert "3 looks" in client.get(url, {"who": "police.example"}).content.decode()
    assert "3 looks" in client.get(url, {"offer": str(mine.uuid)}).content.decode()
    assert "3 looks" in client.get(url, {"offer": "jane"}).content.decode()
    tomorrow = (TODAY() + dt.timedelta(days=1)).isoformat()
    assert "0 looks" in client.get(url, {"date_from": tomorrow}).content.decode()
    # An area the coordinator does not run is not a choice.
    body = client.get(url, {"area": other.pk}).content.decode()
    assert "Select a valid choice" in body


def test_a_programme_coordinator_filters_by_area_and_dates_make_sense(client):
    area = AreaFactory(name="Skegness")
    other = AreaFactory(name="Sleaford", programme=area.programme)
    individual_offer(area=area, title="Bike repairs")
    theirs = individual_offer(area=other, title="Sewing")
    client.force_login(partner_of(other))
    client.get(theirs.get_absolute_url())
    coordinator = user_with_role(Role.COORDINATOR, programme=area.programme)
    client.force_login(coordinator)
    url = reverse("assets:access_log")
    assert "1 look or download" in client.get(url).content.decode()
    assert "0 looks" in client.get(url, {"area": area.pk}).content.decode()
    assert "1 look or download" in client.get(url, {"area": other.pk}).content.decode()
    body = client.get(url, {"date_from": "2026-12-10", "date_to": "2026-12-01"}).content.decode()
    assert "The end date cannot be before the start date." in body


def test_the_access_log_is_for_coordinators(client):
    area = AreaFactory()
    url = reverse("assets:access_log")
    assert client.get(url).status_code == 302
    client.force_login(partner_of(area))
    assert client.get(url).status_code == 403
    client.force_login(user_with_role(Role.VOLUNTEER, area=area))
    assert client.get(url).status_code == 403


def test_the_offer_page_links_coordinators_to_who_looked(client):
    area = AreaFactory()
    person = individual_offer(area=area)
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    body = client.get(person.get_absolute_url()).content.decode()
    assert f"{reverse('assets:access_log')}?offer={person.uuid}" in body
