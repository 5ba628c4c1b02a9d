"""Organisation records: found or made when a group answers the form's first step, reused on
its next bid, and merged by a coordinator when two records are the same group."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log

from ..models import Bid, Organisation

#: Bid answers copied to the organisation record (bid field → organisation field).
SYNCED = {
    "group_name": "name",
    "group_type": "group_type",
    "group_constituted": "constituted",
    "charity_number": "charity_number",
    "company_number": "company_number",
    "group_address": "address",
    "contact_name": "contact_name",
    "contact_email": "contact_email",
    "contact_phone": "contact_phone",
}


def organisation_current(org: Organisation | None) -> Organisation | None:
    """The record kept after merges."""
    seen = set()
    while org is not None and org.merged_into_id is not None and org.pk not in seen:
        seen.add(org.pk)
        org = org.merged_into
    return org


def _compact(number: str) -> str:
    return re.sub(r"\W", "", number).upper()


def _registered_match(bid: Bid) -> Organisation | None:
    for field in ("charity_number", "company_number"):
        number = _compact(getattr(bid, field))
        if not number:
            continue
        for org in Organisation.objects.current().exclude(**{field: ""}):
            if _compact(getattr(org, field)) == number:
                return org
    return None


def organisation_latest_for(user: User) -> Organisation | None:
    """The organisation the person last bid for, to start their next bid from."""
    bid = (
        Bid.objects.filter(applicant=user, organisation__isnull=False)
        .select_related("organisation")
        .order_by("-modified")
        .first()
    )
    if bid is not None:
        return organisation_current(bid.organisation)
    return Organisation.objects.current().filter(created_by=user).order_by("-created").first()


def bid_organisation_sync(*, actor: User, bid: Bid) -> Organisation | None:
    """Link the bid to its group's one record and copy the answers given onto it. Called by
    ``bid_draft_save`` inside its transaction after the group step.

    The same group is recognised by its charity or company number; otherwise it is the record
    the bid already has, or the one the person last bid for. So renaming the group renames the
    record: the "bids per group" count follows the group, not the name typed. Nothing is made
    until the group has a name."""
    if not bid.group_name.strip() and bid.organisation_id is None:
        return None
    org = _registered_match(bid) or organisation_current(bid.organisation)
    if org is None:
        org = organisation_latest_for(actor)
    if org is None:
        org = Organisation(created_by=actor)
    else:
        org = Organisation.objects.select_for_update().get(pk=org.pk)
    for bid_field, org_field in SYNCED.items():
        value = getattr(bid, bid_field)
        if value not in ("", None):
            setattr(org, org_field, value)
    org.full_clean()
    org.save()
    if bid.organisation_id != org.pk:
        bid.organisation = org
        bid.save(update_fields=["organisation", "modified"])
    return org


@transaction.atomic
def organisation_merge(*, actor: User, keep: Organisation, duplicate: Organisation) -> Organisation:
    """Make ``duplicate`` part of ``keep``: its bids (and records merged into it) move over,
    and it points at ``keep`` for good. Audit-logged. Locks both records."""
    rows = {
        o.pk: o
        for o in Organisation.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
    }
    keep, duplicate = rows.get(keep.pk), rows.get(duplicate.pk)
    if keep is None or duplicate is None or keep.pk == duplicate.pk:
        raise DomainError(_("Choose two different organisations to merge."))
    if keep.merged_into_id or duplicate.merged_into_id:
        raise DomainError(_("One of these organisations has already been merged into another."))
    moved = Bid.objects.filter(organisation=duplicate).update(organisation=keep)
    Organisation.objects.filter(merged_into=duplicate).update(merged_into=keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "modified"])
    audit_log(
        actor=actor,
        action="organisation.merge",
        subject=keep,
        data={"duplicate": duplicate.pk, "name": duplicate.name, "bids_moved": moved},
    )
    return keep
