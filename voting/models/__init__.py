"""PB votes at events. The tables keep their ``budgeting_*`` names: the models moved here from
``budgeting`` without moving any data."""

from .ballots import Ballot, PaperBallot, PaperEntry
from .cards import CodeBatch, VotingCode
from .votes import (
    BallotType,
    EqualSharesComparison,
    PBVote,
    ResultProposal,
    TallyRecord,
    TallyRule,
    VoteOption,
)

__all__ = [
    "Ballot",
    "BallotType",
    "CodeBatch",
    "EqualSharesComparison",
    "PBVote",
    "PaperBallot",
    "PaperEntry",
    "ResultProposal",
    "TallyRecord",
    "TallyRule",
    "VoteOption",
    "VotingCode",
]
