"""Who may do what with PB votes (django-rules). Imported by ``budgeting.rules``.

Casting a ballot needs no account: the voting code is the permission, checked by the service.
"""

from __future__ import annotations

import rules

from engagement.roles import DOOR_ROLES, VOTE_STAFF_ROLES, holds
from engagement.rules import (
    holds_role,
    in_rows,
    is_coordinator,
    is_pcc_office,
    is_superuser,
)

from .access import vote_admin_q

is_vote_volunteer = holds_role(*DOOR_ROLES)


@rules.predicate
def is_counted(user, vote) -> bool:
    return vote is not None and vote.tally_state == vote.TallyState.DONE


@rules.predicate
def is_open_vote(user, vote) -> bool:
    return vote is not None and vote.is_open()


@rules.predicate
def is_not_closed_vote(user, vote) -> bool:
    return vote is not None and not vote.is_closed()


rules.add_perm(
    "voting.list_votes",
    is_superuser
    | rules.predicate(
        lambda user: holds(user, VOTE_STAFF_ROLES),
        name="is_vote_staff_anywhere",
    ),
)
can_see_vote_admin = in_rows(vote_admin_q, name="can_see_vote_admin")
rules.add_perm("voting.view_vote_admin", is_superuser | can_see_vote_admin)
rules.add_perm("voting.manage_vote", is_superuser | is_coordinator)
rules.add_perm("voting.view_vote_register", is_superuser | is_coordinator | is_pcc_office)
rules.add_perm("voting.download_code_cards", is_superuser | is_coordinator)
rules.add_perm("voting.cancel_code", (is_superuser | is_coordinator) & is_not_closed_vote)
rules.add_perm("voting.issue_codes", (is_superuser | is_vote_volunteer) & is_open_vote)
rules.add_perm("voting.key_paper", (is_superuser | is_vote_volunteer) & is_open_vote)
rules.add_perm("voting.resolve_paper", (is_superuser | is_coordinator) & is_open_vote)
rules.add_perm("voting.override_result", (is_superuser | is_coordinator) & is_counted)
# Results need no permission: they are public once counted, and before that
# ``vote_results`` has no figures to give anybody, staff included.
