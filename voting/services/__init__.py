"""Writes of PB voting. Each function is one transaction and returns what it made."""

from .ballots import BallotRejected, ballot_cast, code_check
from .cards import code_batch_create, code_batch_printed, code_cancel, code_issue, codes_generate
from .casting import ballot_submit
from .counting import vote_tally, vote_tally_request
from .paper import paper_entry_add, paper_resolve
from .votes import (
    result_override,
    vote_close,
    vote_create,
    vote_open,
    vote_results_confirm,
    votes_sweep,
)

__all__ = [
    "BallotRejected",
    "ballot_cast",
    "ballot_submit",
    "code_batch_create",
    "code_batch_printed",
    "code_cancel",
    "code_check",
    "code_issue",
    "codes_generate",
    "paper_entry_add",
    "paper_resolve",
    "result_override",
    "vote_close",
    "vote_create",
    "vote_open",
    "vote_results_confirm",
    "vote_tally",
    "vote_tally_request",
    "votes_sweep",
]
