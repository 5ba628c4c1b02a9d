"""Participatory budgeting tally engine: pure Python, no Django imports.

Public API::

    from pbtally import read_pabulib, tally
    election = read_pabulib("Poland_Swiecie_2023.pb")
    result = tally(election)                 # the rule named in META
    result = tally(election, "greedy")       # or any rule in RULES, or a RuleSpec

The Django layer builds elections with :meth:`Election.from_ballots`, validates ballots with
:func:`validate_ballot`, and translates :class:`TallyError` codes and :class:`Step` kinds.
"""

from .ballots import validate_ballot
from .engine import ENGINE_VERSION, TallyResult, inputs_checksum, tally
from .errors import BallotError, PabulibError, RuleError, TallyError
from .explain import Step, StepKind, describe
from .model import Ballot, BallotKind, BallotRules, Election, Money, Project
from .pabulib import format_pabulib, parse_pabulib, read_pabulib, write_pabulib
from .rules import RULES, CategoryPots, FundingPolicy, RuleSpec, parse_rule, rule_from_meta

__all__ = [
    "ENGINE_VERSION",
    "RULES",
    "Ballot",
    "BallotError",
    "BallotKind",
    "BallotRules",
    "CategoryPots",
    "Election",
    "FundingPolicy",
    "Money",
    "PabulibError",
    "Project",
    "RuleError",
    "RuleSpec",
    "Step",
    "StepKind",
    "TallyError",
    "TallyResult",
    "describe",
    "format_pabulib",
    "inputs_checksum",
    "parse_pabulib",
    "parse_rule",
    "read_pabulib",
    "rule_from_meta",
    "tally",
    "validate_ballot",
    "write_pabulib",
]
