"""Writes to a programme's own subcategories: rename and retire (adding is
``subcategory_create``). Built-in subcategories are shared by every programme and are changed
only by a data migration, never from one programme's page."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log

from ..models import Offer, Subcategory
from ..search import offer_keywords, offers_reindex


def _own(sub: Subcategory) -> Subcategory:
    if sub.programme_id is None:
        raise DomainError(_("Built-in subcategories are shared by every programme; add your own."))
    return sub


@transaction.atomic
def subcategory_rename(*, actor: User, subcategory: Subcategory, name: str) -> Subcategory:
    """Give a programme's subcategory a new name. Its offers keep it (they point at the row),
    and their search words are rewritten so a search for the new name finds them. The short
    name stays, so links, imports and the Open Referral term keep working."""
    sub = _own(Subcategory.objects.select_for_update().get(pk=subcategory.pk))
    name = " ".join((name or "").split())
    if not slugify(name):
        raise DomainError(_("Give the subcategory a name."))
    clash = (
        Subcategory.objects.filter(category=sub.category)
        .filter(Q(programme__isnull=True) | Q(programme_id=sub.programme_id))
        .filter(Q(name__iexact=name) | Q(slug=slugify(name)[:100]))
        .exclude(pk=sub.pk)
    )
    if clash.exists():
        raise DomainError(_("That subcategory already exists."))
    old = sub.name
    sub.name = name
    sub.full_clean()
    sub.save(update_fields=["name", "modified"])
    offers = Offer.objects.filter(subcategory=sub).select_related("subcategory")
    offers = offers.prefetch_related("tags")
    for offer in offers:
        keywords = offer_keywords(offer, [t.name for t in offer.tags.all()])
        Offer.objects.filter(pk=offer.pk).update(keywords=keywords)
    offers_reindex(Offer.objects.filter(subcategory=sub))
    audit_log(
        actor=actor, action="asset.subcategory.rename", subject=sub, data={"from": old, "to": name}
    )
    return sub


@transaction.atomic
def subcategory_retire(*, actor: User, subcategory: Subcategory, retired: bool) -> Subcategory:
    """Retire (or bring back) a programme's subcategory. A retired one stays on the offers that
    have it and in search, but is no longer offered when recording an offer."""
    sub = _own(Subcategory.objects.select_for_update().get(pk=subcategory.pk))
    sub.retired_at = timezone.now() if retired else None
    sub.save(update_fields=["retired_at", "modified"])
    audit_log(
        actor=actor,
        action="asset.subcategory.retire" if retired else "asset.subcategory.restore",
        subject=sub,
    )
    return sub
