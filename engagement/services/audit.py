from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..models import AuditEntry, Programme, User


def audit_log(
    *,
    actor: User | None,
    action: str,
    subject: models.Model | None = None,
    data: Any = None,
    programme: Programme | None = None,
) -> AuditEntry:
    """Record who did what. Call it inside the transaction that makes the change, so both land
    or neither does. The programme is read from the subject when it is at hand without a query
    (hot paths such as casting a vote must not pay for the log), else from ``data``."""
    data = data or {}
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        data=data,
    )
    if subject is not None:
        entry.content_type = ContentType.objects.get_for_model(subject)
        entry.object_id = str(subject.pk)
    if programme is not None:
        entry.programme_id = programme.pk
    else:
        found = _programme_id(subject) if subject is not None else None
        if found is None and isinstance(data, dict) and isinstance(data.get("programme"), int):
            found = data["programme"]
        entry.programme_id = found
    entry.save()
    return entry


def _programme_id(obj: models.Model, depth: int = 0) -> int | None:
    """The programme of ``obj`` from what is loaded already: its own ``programme_id``, or that
    of a related row in its cache, two steps at most. Never queries."""
    if isinstance(obj, Programme):
        return obj.pk
    found = obj.__dict__.get("programme_id")
    if found is not None:
        return found
    if depth >= 2:
        return None
    for related in obj._state.fields_cache.values():
        if isinstance(related, models.Model):
            found = _programme_id(related, depth + 1)
            if found is not None:
                return found
    return None
