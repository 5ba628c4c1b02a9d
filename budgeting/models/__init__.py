"""Community bids: pots and money, rounds, bids, review, funded projects.

PB votes at events are the ``voting`` app, which reads rounds, shortlisted bids and declared
conflicts from these; nothing here knows about voting.
"""

from .bids import (
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    Bid,
    BidAttachment,
    BidMessage,
    BidStatus,
    CostLine,
    DBSChecks,
)
from .emails import BidEmail
from .organisations import Organisation
from .pots import Award, Category, Contribution, ContributionSource, FundingPot
from .projects import Milestone, MonitoringUpdate, Project
from .reviews import BallotDraw, ConflictDeclaration, DueDiligence
from .rounds import PHASE_ORDER, BidRound, GroupType, LeftoverRule, Phase, Priority

__all__ = [
    "EDITABLE_STATUSES",
    "LIVE_STATUSES",
    "PHASE_ORDER",
    "Award",
    "BallotDraw",
    "Bid",
    "BidAttachment",
    "BidEmail",
    "BidMessage",
    "BidRound",
    "BidStatus",
    "Category",
    "ConflictDeclaration",
    "Contribution",
    "ContributionSource",
    "CostLine",
    "DBSChecks",
    "DueDiligence",
    "FundingPot",
    "GroupType",
    "LeftoverRule",
    "Milestone",
    "Organisation",
    "MonitoringUpdate",
    "Phase",
    "Priority",
    "Project",
]
