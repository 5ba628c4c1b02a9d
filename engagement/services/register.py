"""The engagement register and "you said, we did"."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..languages import in_source_language
from ..models import Area, EngagementActivity, Programme, User, YouSaidWeDid
from .audit import audit_log


@transaction.atomic
def activity_create(
    *, actor: User | None, programme: Programme, **fields: Any
) -> EngagementActivity:
    activity = EngagementActivity(programme=programme, created_by=actor, **fields)
    activity.full_clean()
    activity.save()
    audit_log(actor=actor, action="activity.create", subject=activity)
    return activity


@transaction.atomic
def activity_update(
    *, actor: User | None, activity: EngagementActivity, **fields: Any
) -> EngagementActivity:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    audit_log(
        actor=actor, action="activity.update", subject=activity, data={"fields": sorted(fields)}
    )
    return activity


@transaction.atomic
def you_said_we_did_create(*, actor: User | None, area: Area, **fields: Any) -> YouSaidWeDid:
    with in_source_language():
        item = YouSaidWeDid(area=area, created_by=actor, **fields)
        item.full_clean()
        item.save()
    audit_log(actor=actor, action="you_said_we_did.create", subject=item)
    return item


@transaction.atomic
def you_said_we_did_update(
    *, actor: User | None, item: YouSaidWeDid, **fields: Any
) -> YouSaidWeDid:
    with in_source_language():
        for name, value in fields.items():
            setattr(item, name, value)
        item.full_clean()
        item.save()
    audit_log(
        actor=actor, action="you_said_we_did.update", subject=item, data={"fields": sorted(fields)}
    )
    return item
