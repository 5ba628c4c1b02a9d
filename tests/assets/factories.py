"""Factories for the assets app. Offers go through the service so the stored search vector,
expiry and rules are what production would store."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from assets.models import Need
from assets.services import offer_create
from tests.factories import AreaFactory


def make_offer(*, area=None, actor=None, organisation_checked=True, **overrides):
    """An organisation's public venue offer, its organisation already checked by a coordinator,
    unless told otherwise."""
    area = area or AreaFactory()
    fields = {
        "offerer_kind": "group",
        "offerer_name": "Friends of the Park",
        "kind": "venue",
        "title": "Church hall for community meetings",
        "description": "A warm hall with a kitchen, seats 60.",
        "contact_email": "hall@example.org",
        "postcode": "PE25 3AB",
        "is_public": True,
    }
    fields.update(overrides)
    if fields["offerer_kind"] == "individual":
        fields.setdefault("consent_until", timezone.localdate() + dt.timedelta(days=365))
        fields["is_public"] = overrides.get("is_public", False)
    offer = offer_create(actor=actor, area=area, **fields)
    if organisation_checked and not offer.is_individual:
        offer.organisation_checked_at = timezone.now()
        type(offer).objects.filter(pk=offer.pk).update(
            organisation_checked_at=offer.organisation_checked_at
        )
    return offer


def individual_offer(*, area=None, share_with=("police",), **overrides):
    defaults = {
        "offerer_kind": "individual",
        "offerer_name": "Jean Smith",
        "kind": "skills",
        "title": "Sewing and alterations",
        "description": "I can mend and alter clothes for people who need it.",
        "contact_email": "jean@example.org",
        "postcode": "PE25 2XY",
        "share_with": list(share_with),
    }
    defaults.update(overrides)
    return make_offer(area=area, **defaults)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    area = factory.SubFactory(AreaFactory)
    title = "A venue for the youth boxing project"
    description = "Needs a hall with space for 20 people on Thursday evenings."
    kind = Need.Kind.PROJECT
    wanted_kind = "venue"
