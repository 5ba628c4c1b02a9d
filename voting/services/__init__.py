"""Writes of PB voting. Each function is one transaction and returns what it made."""

from .ballots import BallotRejected, ballot_cast, code_check
from .cards import code_batch_create, code_batch_printed, code_cancel, code_issue, codes_generate
from .casting import ballot_submit
from .counting import vote_tally, vote_tally_request
from .paper import paper_entry_add, paper_resolve, paper_settle
from .results import (
    result_change_propose,
    result_proposal_approve,
    result_proposal_reject,
    results_confirm_propose,
    vote_announce_provisional,
    vote_count_again,
)
from .votes import (
    vote_cancel,
    vote_close,
    vote_create,
    vote_delete,
    vote_open,
    vote_update,
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
    "paper_settle",
    "result_change_propose",
    "result_proposal_approve",
    "result_proposal_reject",
    "results_confirm_propose",
    "vote_announce_provisional",
    "vote_cancel",
    "vote_close",
    "vote_count_again",
    "vote_create",
    "vote_delete",
    "vote_open",
    "vote_tally",
    "vote_tally_request",
    "vote_update",
    "votes_sweep",
]
