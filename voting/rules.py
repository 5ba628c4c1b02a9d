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
    return vote is not None and not vote.is_closed() and vote.status != vote.Status.CANCELLED


@rules.predicate
def is_not_yet_open(user, vote) -> bool:
    return (
        vote is not None
        and vote.status in (vote.Status.DRAFT, vote.Status.SCHEDULED)
        and vote.opened_at is None
        and not vote.is_open()
    )


@rules.predicate
def is_cancellable(user, vote) -> bool:
    return (
        vote is not None
        and vote.status != vote.Status.CANCELLED
        and vote.results_confirmed_at is None
        and (vote.opened_at is not None or vote.is_open() or vote.status == vote.Status.CLOSED)
    )


@rules.predicate
def results_can_change(user, vote) -> bool:
    return (
        vote is not None
        and vote.tally_state == vote.TallyState.DONE
        and vote.results_confirmed_at is None
        and vote.status != vote.Status.CANCELLED
    )


@rules.predicate
def is_second_approver(user, vote) -> bool:
    """The programme's named second approver for results (see ``Programme``)."""
    programme = vote.area.programme if vote is not None and vote.area_id else None
    return bool(
        programme is not None
        and user.is_authenticated
        and programme.results_second_approver_id == user.pk
    )


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
rules.add_perm("voting.change_vote", (is_superuser | is_coordinator) & is_not_yet_open)
rules.add_perm("voting.cancel_vote", (is_superuser | is_coordinator) & is_cancellable)
# Proposing and deciding are shown to these people; the services check the rest (four eyes,
# conflicts of interest) and say why when they refuse.
rules.add_perm("voting.propose_result", (is_superuser | is_coordinator) & results_can_change)
rules.add_perm(
    "voting.decide_result",
    (is_superuser | is_coordinator | is_second_approver) & results_can_change,
)
# Who sees results before they are confirmed (marked provisional); the public sees them once
# confirmed, or earlier if the coordinator chose to announce them on the night.
rules.add_perm(
    "voting.see_provisional_results",
    is_superuser | can_see_vote_admin | is_second_approver,
)
