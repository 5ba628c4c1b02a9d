"""The engagement core: people and roles, programmes, areas, partners, audit and documents.

Every feature app builds on these models; they import nothing from the feature apps.
"""

from .accounts import User, UserManager
from .audit import AuditEntry
from .base import TimeStampedModel
from .documents import GeneratedDocument
from .places import Area, Partner, PartnerType, Programme
from .roles import Role, RoleAssignment

__all__ = [
    "Area",
    "AuditEntry",
    "GeneratedDocument",
    "Partner",
    "PartnerType",
    "Programme",
    "Role",
    "RoleAssignment",
    "TimeStampedModel",
    "User",
    "UserManager",
]
