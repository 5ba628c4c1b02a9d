"""Who may see which offers: one definition, used by the selectors (as a filter) and by the rules
(as an ``exists()`` on that filter), so a list can never show what the detail page would refuse.

- Everybody: organisations' offers marked public, active, with no safeguarding check outstanding.
- The offerer: their own offers, whatever their state.
- Coordinators: every offer in the areas they coordinate (programme-wide or one area).
- Volunteers and table hosts: organisations' active shareable offers in their scope, and the
  offers they recorded themselves.
- Partners: in their scope, organisations' active shareable offers, and individuals' offers
  whose offerer agreed to share with the partner's type, until the consent end date.
- PCC office: as a police partner in their scope.
- Superusers: everything.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from engagement.models import Partner, Role
from engagement.roles import EVERYTHING, grants, grants_q, scope_q

from .models import (
    AUDIENCE_OF_PARTNER_TYPE,
    SHAREABLE_SAFEGUARDING,
    Audience,
    Offer,
    OffererKind,
)


def offer_scope_q(user, roles) -> Q:
    """Offers within the user's grants of ``roles`` (the scope rule, ``engagement.roles``)."""
    return scope_q(user, roles, area="area", programme="area__programme")


def _grant_q(grant) -> Q:
    return grants_q([grant], area="area", programme="area__programme")


def partner_types(user) -> dict[int, str]:
    """Partner id -> type for the user's partner grants; one query, cached on the user."""
    cached = getattr(user, "_cg_asset_partner_types", None)
    if cached is None:
        ids = {g.partner_id for g in grants(user) if g.partner_id}
        cached = dict(Partner.objects.filter(pk__in=ids).values_list("pk", "type")) if ids else {}
        user._cg_asset_partner_types = cached
    return cached


def audiences_of(user) -> list[tuple[object, str | None]]:
    """(grant, audience or None) for every partner or PCC office grant the user holds."""
    types = partner_types(user)
    out = []
    for g in grants(user):
        if g.role == Role.PARTNER:
            out.append((g, AUDIENCE_OF_PARTNER_TYPE.get(types.get(g.partner_id))))
        elif g.role == Role.PCC_OFFICE:
            out.append((g, Audience.POLICE.value))
    return out


def shared_organisation_q() -> Q:
    return Q(status=Offer.Status.ACTIVE, safeguarding__in=SHAREABLE_SAFEGUARDING) & ~Q(
        offerer_kind=OffererKind.INDIVIDUAL
    )


def consented_q(audience: str, today) -> Q:
    return Q(
        status=Offer.Status.ACTIVE,
        safeguarding__in=SHAREABLE_SAFEGUARDING,
        offerer_kind=OffererKind.INDIVIDUAL,
        consent_until__gte=today,
        **{f"share_{audience}": True},
    )


def public_q() -> Q:
    """Published offers: the same rule as ``Offer.objects.public()``."""
    return shared_organisation_q() & Q(is_public=True, organisation_checked_at__isnull=False)


def visible_q(user, *, today=None) -> Q:
    """The filter for offers ``user`` may see (every offer for superusers)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return EVERYTHING
    today = today or timezone.localdate()
    q = public_q()
    if user is None or not user.is_authenticated:
        return q
    q |= Q(offered_by=user)
    q |= offer_scope_q(user, Role.COORDINATOR)
    q |= offer_scope_q(user, {Role.VOLUNTEER, Role.TABLE_HOST}) & (
        shared_organisation_q() | Q(recorded_by=user)
    )
    for g, audience in audiences_of(user):
        allowed = shared_organisation_q()
        if audience:
            allowed |= consented_q(audience, today)
        q |= _grant_q(g) & allowed
    return q


def is_individual_viewer(user, offer: Offer) -> bool:
    """True when looking at this offer is an access to somebody else's personal data."""
    return offer.is_individual and not (user.is_authenticated and offer.offered_by_id == user.pk)


def need_q(user) -> Q:
    """Needs (and their matches) are for the coordinators of the need's area or programme."""
    return scope_q(user, Role.COORDINATOR, area="area", programme="area__programme")
