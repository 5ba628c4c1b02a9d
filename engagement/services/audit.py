from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..models import AuditEntry, User


def audit_log(
    *, actor: User | None, action: str, subject: models.Model | None = None, data: Any = None
) -> AuditEntry:
    """Record who did what. Call it inside the transaction that makes the change, so both land
    or neither does."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        data=data or {},
    )
    if subject is not None:
        entry.content_type = ContentType.objects.get_for_model(subject)
        entry.object_id = str(subject.pk)
    entry.save()
    return entry
