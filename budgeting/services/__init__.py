"""Writes of the budgeting app. Each function is one transaction and returns what it made."""

from .bids import (
    bid_attachment_add,
    bid_attachment_remove,
    bid_draft_save,
    bid_message_send,
    bid_problems,
    bid_start,
    bid_submit,
    bid_withdraw,
)
from .pots import (
    award_create,
    award_revoke,
    category_create,
    category_leftovers_move,
    category_update,
    contribution_add,
    contribution_update,
    plan_leftover_moves,
    pot_create,
    round_close_unfunded,
)
from .projects import (
    GRANT_LETTER,
    grant_letter_request,
    milestone_add,
    milestone_pay,
    monitoring_reminders_send,
    monitoring_update_submit,
    project_create,
)
from .reviews import (
    ballot_order_draw,
    bid_reject,
    bid_request_changes,
    bid_shortlist,
    conflict_declare,
    due_diligence_save,
)
from .rounds import priorities_from_themes, priority_add, round_create, round_update

__all__ = [
    "GRANT_LETTER",
    "award_create",
    "award_revoke",
    "ballot_order_draw",
    "bid_attachment_add",
    "bid_attachment_remove",
    "bid_draft_save",
    "bid_message_send",
    "bid_problems",
    "bid_reject",
    "bid_request_changes",
    "bid_shortlist",
    "bid_start",
    "bid_submit",
    "bid_withdraw",
    "category_create",
    "category_update",
    "category_leftovers_move",
    "contribution_add",
    "contribution_update",
    "conflict_declare",
    "due_diligence_save",
    "grant_letter_request",
    "milestone_add",
    "milestone_pay",
    "monitoring_reminders_send",
    "monitoring_update_submit",
    "plan_leftover_moves",
    "pot_create",
    "priorities_from_themes",
    "priority_add",
    "project_create",
    "round_close_unfunded",
    "round_create",
    "round_update",
]

# Voting at a PB event (issue 7).
from .votes import (  # noqa: E402
    result_override,
    vote_close,
    vote_create,
    vote_open,
    vote_results_confirm,
    vote_tally,
    vote_tally_request,
)
from .voting import BallotRejected, ballot_cast, code_check, paper_entry_add, paper_resolve  # noqa: E402
from .voting_codes import code_batch_create, code_batch_printed, code_issue, codes_generate  # noqa: E402

__all__ += [
    "BallotRejected",
    "ballot_cast",
    "code_batch_create",
    "code_batch_printed",
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
]
