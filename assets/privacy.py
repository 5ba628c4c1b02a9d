"""Personal data held by the assets app: offers a person made with their account."""

from __future__ import annotations

from django.utils import timezone

from engagement.privacy import register_personal_data

from .models import Audience, Offer


def export_offers(user) -> dict:
    return {
        "offers": [
            {
                "id": str(o.uuid),
                "title": o.title,
                "description": o.description,
                "area": o.area.name,
                "offered_as": o.offerer_kind,
                "name": o.offerer_name,
                "contact_email": o.contact_email,
                "contact_phone": o.contact_phone,
                "postcode": o.postcode,
                "shared_with": o.audiences,
                "share_until": o.consent_until.isoformat() if o.consent_until else None,
                "status": o.status,
                "created": o.created.isoformat(),
            }
            for o in Offer.objects.filter(offered_by=user).select_related("area")
        ]
    }


def individual_anonymised() -> dict:
    """What is left of an individual's offer once the person is gone (erasure, or consent
    ended): nothing that could identify or reach them. Counts still feed the figures."""
    return {
        "title": "[erased]",
        "offerer_name": "",
        "contact_email": "",
        "contact_phone": "",
        "description": "",
        "postcode": "",
        "latitude": None,
        "longitude": None,
        "search_vector": None,
        "keywords": "",
        "offered_by": None,
        **{f"share_{a}": False for a in Audience.values},
    }


def erase_offers(user) -> None:
    """Individuals' offers are anonymised and withdrawn (their counts still feed the figures);
    organisations' offers lose the link to the person's account and contact details."""
    now = timezone.now()
    offers = Offer.objects.filter(offered_by=user)
    offers.filter(offerer_kind="individual").update(
        **individual_anonymised(), status=Offer.Status.WITHDRAWN, closed_at=now
    )
    offers.filter(contact_email__iexact=user.email).update(contact_email="")
    offers.update(offered_by=None)


register_personal_data("asset_offers", export=export_offers, erase=erase_offers)
