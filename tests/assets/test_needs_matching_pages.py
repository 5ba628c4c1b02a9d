"""Needs with a place, days and a size; suggestions ranked by them; matching from an offer's
page or a search result. Through the pages, as a coordinator would."""

import re

import pytest
from django.urls import reverse

from assets.models import Match, Need
from engagement.models import AuditEntry, Role
from tests.assets.factories import NeedFactory, make_offer
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db


def venue(area, title, *, postcode="PE25 3AB", schedule="", capacity="", **kw):
    return make_offer(
        area=area,
        title=title,
        postcode=postcode,
        schedule=schedule,
        capacity=capacity,
        description="A hall for community use.",
        **kw,
    )


def suggestion_titles(body: str) -> list[str]:
    section = body.split('id="suggest-title"', 1)[1]
    return re.findall(r'<h3 class="h6 mb-1"><a href="[^"]+">([^<]+)</a>', section)


def test_a_need_with_place_days_and_size_ranks_what_fits(client):
    area = AreaFactory()
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    venue(area, "Saturday hall", schedule="Saturdays only", capacity="seats 100")
    venue(
        area,
        "Tuesday hall far away",
        postcode="DN21 2AX",
        schedule="Tuesday evenings",
        capacity="a room for 60 people",
    )
    venue(area, "Tuesday hall nearby", schedule="Tuesday evenings", capacity="seats 60")
    venue(area, "Tiny Tuesday room", schedule="Tuesdays", capacity="a room for 10 people")
    client.force_login(coordinator)
    response = client.post(
        reverse("assets:need_create"),
        {
            "area": area.pk,
            "title": "Hall for the youth club",
            "kind": "project",
            "wanted_kind": "venue",
            "postcode": "pe25 3ab",
            "days": ["tue"],
            "size": "40",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert (need.postcode, need.days, need.size) == ("PE25 3AB", "tue", 40)
    body = client.get(need.get_absolute_url()).content.decode()
    assert suggestion_titles(body) == [
        "Tuesday hall nearby",
        "Tuesday hall far away",
        "Tiny Tuesday room",
        "Saturday hall",
    ]
    assert "on Tuesday" in body and "only Saturday" in body and "only room for 10" in body
    assert "about 0 km away" in body and "Days" in body and "Tuesday" in body


def test_need_form_refuses_what_it_cannot_use(client):
    area = AreaFactory()
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    response = client.post(
        reverse("assets:need_create"),
        {
            "area": area.pk,
            "title": "Hall",
            "kind": "project",
            "postcode": "ZZ99 9ZZ",
            "days": ["someday"],
            "size": "0",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Need.objects.exists()
    assert "We do not know where that postcode is yet" in body
    assert "Select a valid choice" in body
    assert "Ensure this value is greater than or equal to 1." in body


def test_editing_a_need_keeps_its_days(client):
    area = AreaFactory()
    need = NeedFactory(area=area, days="mon,thu", size=20)
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    body = client.get(reverse("assets:need_update", args=[need.pk])).content.decode()
    assert re.search(r'value="mon"[^>]*checked', body) and re.search(
        r'value="thu"[^>]*checked', body
    )


def test_match_from_an_offer_page_and_a_search_result(client):
    area = AreaFactory()
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    offer = venue(area, "Church hall with kitchen")
    need = NeedFactory(area=area, title="Hall for boxing")
    NeedFactory(area=area, title="Already met", status=Need.Status.MET)
    client.force_login(coordinator)
    match_url = reverse("assets:offer_match", args=[offer.uuid])
    assert match_url in client.get(offer.get_absolute_url()).content.decode()
    assert match_url in client.get(reverse("assets:offer_list")).content.decode()
    page = client.get(match_url).content.decode()
    assert "Hall for boxing" in page and "Already met" not in page
    response = client.post(match_url, {"need": need.pk})
    match = Match.objects.get()
    assert (match.need, match.offer, match.created_by) == (need, offer, coordinator)
    assert response.url == match.get_absolute_url()
    assert AuditEntry.objects.filter(action="asset.match.create").count() == 1
    # A second time is the same match, not a copy.
    client.post(match_url, {"need": need.pk})
    assert Match.objects.count() == 1


def test_only_coordinators_of_the_need_can_match_from_an_offer(client):
    area, elsewhere = AreaFactory(), AreaFactory()
    offer = venue(area, "Church hall")
    other_need = NeedFactory(area=elsewhere)
    resident = user_with_role(None)
    client.force_login(resident)
    match_url = reverse("assets:offer_match", args=[offer.uuid])
    assert match_url not in client.get(offer.get_absolute_url()).content.decode()
    assert client.get(match_url).status_code == 403
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    # A need in another programme is not among the choices.
    response = client.post(match_url, {"need": other_need.pk})
    assert response.status_code == 200 and not Match.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_an_offer_waiting_for_a_check_cannot_be_matched(client):
    area = AreaFactory()
    offer = make_offer(area=area, title="Kids club", involves_vulnerable=True)
    need = NeedFactory(area=area)
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    match_url = reverse("assets:offer_match", args=[offer.uuid])
    assert match_url not in client.get(offer.get_absolute_url()).content.decode()
    response = client.post(match_url, {"need": need.pk})
    assert "needs a safeguarding check" in response.content.decode()
    assert not Match.objects.exists()
