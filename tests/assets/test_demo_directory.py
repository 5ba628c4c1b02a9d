"""seed_demo's directory: the sample postcodes are loaded, offers sit on the map, and the
availability filters tell the demo offers apart; running it twice changes nothing."""

from assets.models import Offer, Postcode
from assets.selectors import OfferFilters, offer_list
from engagement.demo import seed_demo
from tests.factories import user_with_role


def test_demo_loads_postcodes_and_gives_varied_availability(db):
    seed_demo(log=lambda _line: None)
    assert Postcode.objects.filter(pk="NP19 9BX").exists()
    assert not Offer.objects.filter(latitude__isnull=True).exclude(postcode="").exists()
    admin = user_with_role("superuser")

    def count(available=""):
        return offer_list(user=admin, filters=OfferFilters(available=available)).count()

    assert count("now") < count("month") < count()
    before = (Postcode.objects.count(), Offer.objects.count())
    seed_demo(log=lambda _line: None)
    assert (Postcode.objects.count(), Offer.objects.count()) == before
