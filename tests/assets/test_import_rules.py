"""CSV import: the same rows are refused a second time, rows that duplicate listed offers are
shown first, UK dates are read day first, the file's area is kept unless the importer chooses
otherwise, and every problem of every row is shown in one upload."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assets.models import Offer, OfferImport
from engagement.models import Role
from tests.assets.factories import make_offer
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADER = "title,kind,offerer_kind,offerer_name,contact_preference"


def upload(client, text: str, **fields):
    data = {
        "file": SimpleUploadedFile("offers.csv", text.encode(), "text/csv"),
        "duplicates": "stop",
        **fields,
    }
    return client.post(reverse("assets:offer_import"), data)


@pytest.fixture
def skegness(client):
    area = AreaFactory(name="Skegness")
    client.force_login(user_with_role(Role.COORDINATOR, programme=area.programme))
    return area


def test_the_same_rows_are_refused_a_second_time_in_any_area(client, skegness):
    other = AreaFactory(name="Sleaford", programme=skegness.programme)
    rows = (
        f"{HEADER}\nHall,venue,group,WI,coordinator\nVan,equipment,business,Vans Ltd,coordinator\n"
    )
    assert upload(client, rows, area=skegness.pk).status_code == 302
    assert Offer.objects.count() == 2 and OfferImport.objects.get().created_count == 2
    # Same rows, another order, other spacing, another area: refused, nothing added.
    again = (
        f"{HEADER}\nVan, equipment,business,Vans Ltd,coordinator\nHall,venue,group,WI,coordinator\n"
    )
    response = upload(client, again, area=other.pk, use_chosen_area="on")
    body = response.content.decode()
    assert "These rows were imported already, on" in body and "(2 offers)" in body
    assert Offer.objects.count() == 2


def test_rows_like_listed_offers_are_shown_then_left_out_or_imported(client, skegness):
    listed = make_offer(area=skegness, title="Church hall", offerer_name="St Mary's")
    rows = (
        f"{HEADER}\nchurch hall,venue,group,st mary's,coordinator\n"
        "Minibus,equipment,group,Scouts,coordinator\nMinibus,equipment,group,Scouts,coordinator\n"
    )
    response = upload(client, rows, area=skegness.pk)
    body = response.content.decode()
    assert "2 rows look like offers already listed." in body
    assert "Looks like “Church hall” from St Mary&#x27;s, already listed in Skegness." in body
    assert listed.get_absolute_url() in body and "The same offer as line 3." in body
    assert Offer.objects.count() == 1
    response = upload(client, rows, area=skegness.pk, duplicates="skip")
    assert response.status_code == 302
    assert Offer.objects.count() == 2  # the minibus once
    message = client.get(reverse("assets:offer_import")).content.decode()
    assert "1 offer imported into Skegness. 2 rows were left out" in message


def test_uk_dates_are_read_day_first(client, skegness):
    next_year = timezone.localdate().year + 1
    rows = (
        "title,kind,offerer_kind,offerer_name,contact_preference,available_from,available_until\n"
        f"Hall,venue,group,WI,coordinator,01/02/{next_year},2 March {next_year}\n"
    )
    assert upload(client, rows, area=skegness.pk).status_code == 302
    offer = Offer.objects.get()
    assert offer.available_from == dt.date(next_year, 2, 1)
    assert offer.available_until == dt.date(next_year, 3, 2)
    bad = "title,kind,offerer_kind,offerer_name,contact_preference,available_from\n"
    bad += "Van,equipment,group,WI,coordinator,13/13/2027\n"
    body = upload(client, bad, area=skegness.pk).content.decode()
    assert "Write the date day first, such as 01/02/2027" in body


def test_the_files_area_is_kept_unless_the_importer_chooses_otherwise(client, skegness):
    sleaford = AreaFactory(name="Sleaford", programme=skegness.programme)
    rows = (
        f"{HEADER},area\nHall,venue,group,WI,coordinator,Sleaford\n"
        "Van,equipment,group,WI,coordinator,\n"
    )
    assert upload(client, rows, area=skegness.pk).status_code == 302
    areas = dict(Offer.objects.values_list("title", "area__name"))
    assert areas == {"Hall": "Sleaford", "Van": "Skegness"}
    assert sleaford.asset_offers.count() == 1
    rows2 = f"{HEADER},area\nLibrary room,venue,institution,Library,coordinator,Sleaford\n"
    assert upload(client, rows2, area=skegness.pk, use_chosen_area="on").status_code == 302
    assert Offer.objects.get(title="Library room").area == skegness
    # An area the importer does not record in is a problem of that row, in words.
    elsewhere = AreaFactory(name="Speke")
    rows3 = f"{HEADER},area\nPub room,venue,business,Anchor,coordinator,{elsewhere.name}\n"
    body = upload(client, rows3, area=skegness.pk).content.decode()
    assert "&#x27;Speke&#x27; is not an area you can import offers into." in body


def test_every_problem_of_every_row_in_one_upload(client, skegness):
    past = (timezone.localdate() - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    rows = (
        "title,kind,offerer_kind,offerer_name,contact_email,postcode,is_public,consent_until,"
        "available_until\n"
        "Hall,venue,group,WI,hall@example.org,,no,,\n"
        f"Sewing,Venues,individual,Jean,not-an-email,nowhere,yes,,{past}\n"
        "Bikes,skills,individual,Sam,,PE25 3AB,yes,,\n"
    )
    response = upload(client, rows, area=skegness.pk)
    problems = {(e.line, e.column) for e in response.context["result"].errors}
    assert {
        (3, "kind"),
        (3, "contact_email"),
        (3, "postcode"),
        (3, "is_public"),
        (3, "consent_until"),
        (3, "available_until"),
        (4, "is_public"),
        (4, "consent_until"),
        (4, "contact_email"),
    } <= problems
    body = response.content.decode()
    assert "Offers from individuals are never shown publicly." in body
    assert "Say until when the offer may be shared." in body
    assert not Offer.objects.exists() and not OfferImport.objects.exists()
