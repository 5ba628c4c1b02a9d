"""World Café rotation planner (pure Python, no Django): who sits where in each round.

Public API: ``plan()`` and the dataclasses ``Person``, ``Table``, ``Constraints`` and ``Plan``;
``lower_bound()`` states how many repeated pairs are unavoidable and why.
"""

from .bounds import Bound, lower_bound
from .model import (
    Constraints,
    InfeasibleError,
    Person,
    PersonId,
    Plan,
    RotationError,
    Table,
    count_repeats,
    meeting_counts,
)
from .planner import plan

__all__ = [
    "Bound",
    "Constraints",
    "InfeasibleError",
    "Person",
    "PersonId",
    "Plan",
    "RotationError",
    "Table",
    "count_repeats",
    "lower_bound",
    "meeting_counts",
    "plan",
]
