"""Reads of the budgeting app, scoped to what the acting user may see."""

from .bids import (
    bid_get,
    bid_messages,
    changes_request_message,
    my_bid_list,
    review_queue,
    reviewer_conflicts,
    shortlist,
    unconflicted_reviewers,
    voter_group_conflicts,
)
from .organisations import organisation_list
from .projects import (
    areas_with_projects,
    funded_project_list,
    overdue_project_list,
    project_get,
    project_updates,
    public_update_photo,
    waiting_update_list,
)
from .rounds import (
    pot_contributions_by_source,
    round_figures,
    round_get,
    round_list,
)

__all__ = [
    "areas_with_projects",
    "bid_get",
    "bid_messages",
    "changes_request_message",
    "funded_project_list",
    "my_bid_list",
    "organisation_list",
    "overdue_project_list",
    "pot_contributions_by_source",
    "project_get",
    "project_updates",
    "waiting_update_list",
    "public_update_photo",
    "review_queue",
    "reviewer_conflicts",
    "round_figures",
    "round_get",
    "round_list",
    "shortlist",
    "unconflicted_reviewers",
    "voter_group_conflicts",
]
