"""Subcategories: managed from a page linked from the programme, offered when recording an offer
and in search, renamed without losing offers, retired without losing them either."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assets.models import Offer, Subcategory
from engagement.models import AuditEntry, Role
from tests.assets.factories import make_offer
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db


def page_url(programme):
    return reverse("assets:subcategory_create", args=[programme.slug])


@pytest.fixture
def setting(client):
    area = AreaFactory()
    coordinator = user_with_role(Role.COORDINATOR, programme=area.programme)
    client.force_login(coordinator)
    client.post(page_url(area.programme), {"category": "physical", "name": "Church halls"})
    sub = Subcategory.objects.get(programme=area.programme)
    return area, coordinator, sub


def offer_form_data(area, **extra):
    data = {
        "kind": "venue",
        "title": "St Mary's hall",
        "offerer_kind": "group",
        "offerer_name": "St Mary's",
        "area": area.pk,
        "contact_preference": "email",
        "contact_email": "office@stmarys.example.org",
        "frequency": "ongoing",
        "consent_until": "",
    }
    data.update(extra)
    return data


def test_the_programme_page_links_to_the_subcategories(client, setting):
    area, _coordinator, _sub = setting
    body = client.get(area.programme.get_absolute_url()).content.decode()
    assert page_url(area.programme) in body
    client.force_login(user_with_role(None))
    body = client.get(area.programme.get_absolute_url()).content.decode()
    assert page_url(area.programme) not in body
    assert client.get(page_url(area.programme)).status_code == 403


def test_a_new_offer_can_use_the_programme_subcategory(client, setting):
    area, _coordinator, sub = setting
    form = client.get(reverse("assets:offer_create")).content.decode()
    assert f'<option value="{sub.pk}">' in form
    response = client.post(
        reverse("assets:offer_create"), offer_form_data(area, subcategory=sub.pk)
    )
    assert response.status_code == 302, response.content.decode()
    assert Offer.objects.get().subcategory == sub


def test_a_subcategory_of_another_programme_is_refused(client, setting):
    area, coordinator, _sub = setting
    other = AreaFactory()
    foreign = Subcategory.objects.create(
        programme=other.programme, category="physical", name="Barns", slug="barns"
    )
    user_with_role(Role.COORDINATOR, programme=other.programme)
    # The recorder works in both programmes, so both subcategories are offered.
    from tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=coordinator, role=Role.COORDINATOR, programme=other.programme)
    response = client.post(
        reverse("assets:offer_create"), offer_form_data(area, subcategory=foreign.pk)
    )
    assert "belongs to another programme" in response.content.decode()
    assert not Offer.objects.exists()


def test_renaming_keeps_the_offers_and_search_finds_the_new_name(client, setting):
    area, _coordinator, sub = setting
    offer = make_offer(area=area, title="Parish hall", category="physical", subcategory=sub)
    rename = reverse("assets:subcategory_rename", args=[area.programme.slug, sub.pk])
    assert rename in client.get(page_url(area.programme)).content.decode()
    response = client.post(rename, {"name": "Faith buildings"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.subcategory == sub and offer.subcategory.name == "Faith buildings"
    assert "Faith buildings" in client.get(offer.get_absolute_url()).content.decode()
    found = client.get(reverse("assets:offer_list"), {"q": "faith buildings"}).content.decode()
    assert "Parish hall" in found
    by_sub = client.get(reverse("assets:offer_list"), {"subcategory": sub.pk}).content.decode()
    assert "Parish hall" in by_sub
    assert AuditEntry.objects.filter(action="asset.subcategory.rename").exists()


def test_renaming_to_a_name_in_use_is_refused_in_words(client, setting):
    area, _coordinator, sub = setting
    rename = reverse("assets:subcategory_rename", args=[area.programme.slug, sub.pk])
    response = client.post(rename, {"name": "Equipment"})  # a built-in physical subcategory
    assert "That subcategory already exists." in response.content.decode()
    response = client.post(rename, {"name": "   "})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.name == "Church halls"


def test_built_in_subcategories_are_not_renamed_from_a_programme(client, setting):
    area, _coordinator, _sub = setting
    builtin = Subcategory.objects.filter(programme__isnull=True).first()
    rename = reverse("assets:subcategory_rename", args=[area.programme.slug, builtin.pk])
    assert client.get(rename).status_code == 404


def test_retiring_stops_new_offers_but_keeps_old_ones(client, setting):
    area, _coordinator, sub = setting
    offer = make_offer(area=area, title="Parish hall", category="physical", subcategory=sub)
    retire = reverse("assets:subcategory_retire", args=[area.programme.slug, sub.pk])
    client.post(retire, {"retired": "yes"})
    sub.refresh_from_db()
    assert sub.retired_at is not None
    assert "Retired on" in client.get(page_url(area.programme)).content.decode()
    form = client.get(reverse("assets:offer_create")).content.decode()
    assert f'<option value="{sub.pk}">' not in form
    response = client.post(
        reverse("assets:offer_create"), offer_form_data(area, subcategory=sub.pk)
    )
    assert "Select a valid choice" in response.content.decode()
    # The offer that has it keeps it, can still be edited, and search still finds it.
    edit = client.get(reverse("assets:offer_update", args=[offer.uuid])).content.decode()
    assert f'<option value="{sub.pk}" selected>' in edit
    by_sub = client.get(reverse("assets:offer_list"), {"subcategory": sub.pk}).content.decode()
    assert "Parish hall" in by_sub
    client.post(retire, {"retired": "no"})
    sub.refresh_from_db()
    assert sub.retired_at is None


def test_an_import_cannot_use_a_retired_subcategory(client, setting):
    area, _coordinator, sub = setting
    client.post(reverse("assets:subcategory_retire", args=[area.programme.slug, sub.pk]))
    data = (
        b"title,kind,offerer_kind,offerer_name,contact_preference,category,subcategory\n"
        b"Hall,venue,group,WI,coordinator,physical,Church halls\n"
    )
    response = client.post(
        reverse("assets:offer_import"),
        {"area": area.pk, "file": SimpleUploadedFile("offers.csv", data, "text/csv")},
    )
    assert "is retired; choose another" in response.content.decode()
    assert not Offer.objects.exists()
