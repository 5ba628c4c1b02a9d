"""Who may see which PB votes: one definition, used by the vote list (as a filter) and by the
rules (as an ``exists()``), so the list never shows a vote whose page refuses."""

from __future__ import annotations

from django.db.models import Q

from engagement.roles import VOTE_STAFF_ROLES, scope_q


def vote_scope_q(user, roles) -> Q:
    # An imported election with no area (area=None) is reached by nobody but superusers.
    return scope_q(user, roles, area="area", programme="area__programme")


def vote_admin_q(user) -> Q:
    """Votes whose admin page the user may open: coordinators, volunteers and the PCC office."""
    return vote_scope_q(user, VOTE_STAFF_ROLES)
