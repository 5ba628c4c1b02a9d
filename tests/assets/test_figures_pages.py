"""Per-area figures: kind, who offers, consent, expiry and needs met, on the page and as CSV."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from assets.models import Need
from engagement.models import Role
from tests.assets.factories import NeedFactory, individual_offer, make_offer
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    area = AreaFactory(name="=Skegness")  # a name that a spreadsheet would run as a formula
    today = timezone.localdate()
    make_offer(area=area, title="Hall", kind="venue")
    make_offer(area=area, title="Van", kind="equipment", offerer_kind="business")
    individual_offer(
        area=area, share_with=["police", "health"], consent_until=today + dt.timedelta(days=10)
    )
    individual_offer(area=area, share_with=[])
    NeedFactory(area=area, status=Need.Status.MET)
    NeedFactory(area=area)
    return area


def rows_of(response) -> dict[tuple[str, str], str]:
    reader = csv.reader(io.StringIO(response.content.decode()))
    header = next(reader)
    assert header == ["Area", "Figure", "Item", "Number"]
    return {(figure, item): n for _area, figure, item, n in reader}


def test_the_page_shows_kind_consent_expiry_and_needs(client, area):
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    body = client.get(reverse("assets:figures", args=[area.pk])).content.decode()
    for caption in (
        "Active offers by kind",
        "Active offers by who offers",
        "Individuals' consent (active offers)",
        "Listings",
        "Needs",
    ):
        assert caption in body
    assert "needs met" in body and "Consent ending within 30 days" in body
    assert reverse("assets:figures_csv", args=[area.pk]) in body


def test_the_csv_holds_every_figure(client, area):
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    response = client.get(reverse("assets:figures_csv", args=[area.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[("Totals", "Active offers")] == "4"
    assert rows[("Active offers by kind", "Venue")] == "1"
    assert rows[("Active offers by kind", "Equipment")] == "1"
    assert rows[("Active offers by who offers", "An individual")] == "2"
    assert rows[("Active offers by who offers", "A business")] == "1"
    assert rows[("Individuals' consent", "Consent ending within 30 days")] == "1"
    assert rows[("Individuals' consent", "Shared with coordinators only")] == "1"
    assert rows[("Individuals' consent", "Shared with Police")] == "1"
    assert rows[("Needs", "Met")] == "1" and rows[("Needs", "Open")] == "1"
    first_cell = response.content.decode().splitlines()[1].split(",")[0]
    assert first_cell.startswith("'=")


def test_the_csv_is_for_those_who_may_see_the_figures(client, area):
    client.force_login(user_with_role(None))
    assert client.get(reverse("assets:figures_csv", args=[area.pk])).status_code == 403
    other = AreaFactory()
    client.force_login(user_with_role(Role.COORDINATOR, area=other))
    assert client.get(reverse("assets:figures_csv", args=[area.pk])).status_code == 403
