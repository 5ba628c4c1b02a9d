"""Writes to the engagement core. Each function is a transaction and returns what it made."""

from .audit import audit_log
from .documents import document_render, document_request
from .errors import DomainError
from .programmes import area_create, area_update, programme_create, programme_update
from .roles import role_assign, role_revoke

__all__ = [
    "DomainError",
    "area_create",
    "area_update",
    "audit_log",
    "document_render",
    "document_request",
    "programme_create",
    "programme_update",
    "role_assign",
    "role_revoke",
]

from .people import user_erase, user_export  # noqa: E402

__all__ += ["user_erase", "user_export"]
