"""World Café: a café for an event, its tables and hosts, questions, seating and harvest.

``cafes`` builds on ``engagement`` (events, registrations, roles) and imports nothing from the
other feature apps. Budgeting points at :class:`CafeTheme` (a priority taken from a café).
"""

from .cafe import Cafe
from .harvest import (
    CafeTheme,
    HarvestNote,
    SafeguardingAlert,
    SafeguardingFlag,
    TableclothPhoto,
    ThemeSuggestion,
)
from .questions import BankQuestion, CafeQuestion
from .seating import Participant, Seat, SeatingConstraint
from .tables import CafeTable, HostAssignment, HostTableMessage

__all__ = [
    "BankQuestion",
    "Cafe",
    "CafeQuestion",
    "CafeTable",
    "CafeTheme",
    "HarvestNote",
    "HostAssignment",
    "HostTableMessage",
    "Participant",
    "SafeguardingAlert",
    "SafeguardingFlag",
    "Seat",
    "SeatingConstraint",
    "TableclothPhoto",
    "ThemeSuggestion",
]
