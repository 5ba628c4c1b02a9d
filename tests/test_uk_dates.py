"""Dates are written and read the British way in English (and day first in Welsh): "en" is
British English here, not Django's American English."""

import datetime as dt

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, timezone, translation

from assets.models import Offer
from assets.services import offer_confirm_token
from tests.assets.factories import individual_offer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "written"), [("en", "2 December 2026"), ("cy", "2 Rhagfyr 2026")]
)
def test_dates_are_written_day_month_year(language, written):
    with translation.override(language):
        assert formats.date_format(dt.date(2026, 12, 2)) == written
        assert formats.date_format(dt.datetime(2026, 12, 2, 14, 30), "DATETIME_FORMAT") == (
            f"{written}, 14:30"
        )
        assert forms.DateField().clean("01/02/2027") == dt.date(2027, 2, 1)


def test_offer_pages_and_the_confirm_page_show_uk_dates(client):
    ends = dt.date(timezone.localdate().year + 1, 12, 2)
    owner = UserFactory()
    offer = individual_offer(
        offered_by=owner, consent_until=timezone.localdate() + dt.timedelta(days=300)
    )
    Offer.objects.filter(pk=offer.pk).update(expires_on=ends)
    client.force_login(owner)
    written = f"2 December {ends.year}"
    detail = client.get(offer.get_absolute_url()).content.decode()
    assert f"listed until {written}" in detail
    mine = client.get(reverse("assets:my_offers")).content.decode()
    assert f"Listed until {written}." in mine
    url = reverse("assets:offer_confirm", kwargs={"token": offer_confirm_token(offer)})
    page = client.get(url).content.decode()
    assert f"Listed until {written}." in page
    assert "Dec." not in page and f"December 2, {ends.year}" not in page
