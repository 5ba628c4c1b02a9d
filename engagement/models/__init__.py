"""The engagement core: people and roles, programmes, areas, partners, audit and documents.

Every feature app builds on these models; they import nothing from the feature apps.
"""

from .accounts import User, UserManager
from .audit import AuditEntry
from .base import TimeStampedModel
from .documents import GeneratedDocument
from .equality import (
    AgeBand,
    Disability,
    EqualityAnswerWaiting,
    EqualityResponse,
    Ethnicity,
    FirstLanguage,
    PopulationFigure,
    StrategyGroup,
)
from .events import Event
from .feedback import YouSaidWeDid
from .invitations import RoleInvitation, RoleInvitationEmail
from .places import Area, Partner, PartnerType, Programme
from .register import Audience, EngagementActivity, Strand
from .registrations import AccessNeed, EventMessage, Registration
from .roles import HostProfile, Role, RoleAssignment
from .tension import TensionAssessment, TensionReviewReminder

__all__ = [
    "AccessNeed",
    "AgeBand",
    "Area",
    "Audience",
    "Disability",
    "EngagementActivity",
    "EqualityAnswerWaiting",
    "EqualityResponse",
    "Ethnicity",
    "Event",
    "EventMessage",
    "FirstLanguage",
    "HostProfile",
    "PopulationFigure",
    "Registration",
    "StrategyGroup",
    "Strand",
    "TensionAssessment",
    "TensionReviewReminder",
    "YouSaidWeDid",
    "AuditEntry",
    "GeneratedDocument",
    "Partner",
    "PartnerType",
    "Programme",
    "Role",
    "RoleAssignment",
    "RoleInvitation",
    "RoleInvitationEmail",
    "TimeStampedModel",
    "User",
    "UserManager",
]
