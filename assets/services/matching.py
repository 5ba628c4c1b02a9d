"""Writes for needs, matches and their contact log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import Area, User
from engagement.services import DomainError, audit_log

from ..models import ContactLogEntry, Match, Need, Offer

# Which status a match may move to from each status. Declined and done are final, except that a
# declined match may be reopened as proposed when circumstances change.
MATCH_TRANSITIONS: dict[str, set[str]] = {
    Match.Status.PROPOSED: {Match.Status.CONTACTED, Match.Status.AGREED, Match.Status.DECLINED},
    Match.Status.CONTACTED: {Match.Status.AGREED, Match.Status.DECLINED},
    Match.Status.AGREED: {Match.Status.DONE, Match.Status.DECLINED},
    Match.Status.DONE: set(),
    Match.Status.DECLINED: {Match.Status.PROPOSED},
}


@transaction.atomic
def need_create(*, actor: User | None, area: Area, title: str, kind: str, **fields: Any) -> Need:
    """Record something the area needs (a venue for a funded project, a café theme...)."""
    need = Need(area=area, title=title, kind=kind, created_by=actor, **fields)
    need.full_clean()
    need.save()
    audit_log(actor=actor, action="asset.need.create", subject=need)
    return need


@transaction.atomic
def need_update(*, actor: User | None, need: Need, **fields: Any) -> Need:
    for name, value in fields.items():
        setattr(need, name, value)
    need.full_clean()
    need.save()
    audit_log(
        actor=actor, action="asset.need.update", subject=need, data={"fields": sorted(fields)}
    )
    return need


@transaction.atomic
def match_create(*, actor: User, need: Need, offer: Offer, note: str = "") -> Match:
    """Link an offer to a need in the same programme. The offer must be active and, unless the
    actor can see it anyway as a coordinator, shareable. Idempotent per (need, offer)."""
    if offer.area.programme_id != need.area.programme_id:
        raise DomainError(_("The offer and the need belong to different programmes."))
    if offer.status != Offer.Status.ACTIVE:
        raise DomainError(_("Only an active offer can be matched."))
    if not offer.is_shareable:
        raise DomainError(_("This offer needs a safeguarding check before it can be matched."))
    match, created = Match.objects.get_or_create(
        need=need, offer=offer, defaults={"created_by": actor, "outcome": note}
    )
    if created:
        audit_log(
            actor=actor,
            action="asset.match.create",
            subject=match,
            data={"need": need.pk, "offer": offer.pk},
        )
    return match


@transaction.atomic
def match_update(*, actor: User, match: Match, status: str, outcome: str = "") -> Match:
    """Move a match along (contacted, agreed, done). Locks the row: the allowed next status
    depends on the stored one. A done match marks its need as met."""
    match = Match.objects.select_for_update().select_related("need").get(pk=match.pk)
    if status != match.status:
        if status not in MATCH_TRANSITIONS[match.status]:
            raise DomainError(
                _("A match that is '%(old)s' cannot become '%(new)s'.")
                % {"old": match.get_status_display(), "new": Match.Status(status).label}
            )
        match.status = status
        if status == Match.Status.DONE:
            match.done_at = timezone.now()
            if match.need.status == Need.Status.OPEN:
                match.need.status = Need.Status.MET
                match.need.save(update_fields=["status", "modified"])
    if outcome:
        match.outcome = outcome
    match.full_clean()
    match.save()
    audit_log(actor=actor, action="asset.match.update", subject=match, data={"status": status})
    return match


@transaction.atomic
def contact_log_add(*, actor: User, match: Match, method: str, note: str) -> ContactLogEntry:
    """Add to a match's contact log; the first contact moves a proposed match to contacted."""
    entry = ContactLogEntry(match=match, actor=actor, method=method, note=note.strip())
    entry.full_clean()
    entry.save()
    if match.status == Match.Status.PROPOSED:
        match_update(actor=actor, match=match, status=Match.Status.CONTACTED)
    return entry
