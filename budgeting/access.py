"""Who may see which rounds, bids, pots and funded projects: one definition per object type,
used by the selectors (as a filter) and by the rules (as an ``exists()``), so a list can never
show what the object's page would refuse.

- Rounds: published ones for everybody; unpublished ones for the round's staff (coordinators,
  partners and the PCC office of the area or its programme).
- Bids: the group's own; every bid of a round for the round's staff.
- Funded projects: public while not cancelled and their round is published; all of them for
  the group that bid and for the coordinators and PCC office in scope.
- Pots: the coordinators and PCC office in scope.
Everything for superusers (``engagement.roles.scope_q``).
"""

from __future__ import annotations

from django.db.models import Q

from engagement.roles import NOTHING, OVERSIGHT_ROLES, ROUND_STAFF_ROLES, scope_q

from .models import Project


def round_scope_q(user, roles) -> Q:
    return scope_q(user, roles, area="area", programme="area__programme")


def round_q(user) -> Q:
    return Q(published=True) | round_scope_q(user, ROUND_STAFF_ROLES)


def bid_scope_q(user, roles) -> Q:
    return scope_q(user, roles, area="round__area", programme="round__area__programme")


def bid_q(user) -> Q:
    own = Q(applicant=user.pk) if user.is_authenticated else NOTHING
    return own | bid_scope_q(user, ROUND_STAFF_ROLES)


def pot_scope_q(user, roles) -> Q:
    return scope_q(user, roles, area="area", programme="area__programme")


def project_scope_q(user, roles) -> Q:
    return scope_q(user, roles, area="bid__round__area", programme="bid__round__area__programme")


def public_project_q() -> Q:
    return ~Q(status=Project.Status.CANCELLED) & Q(bid__round__published=True)


def private_project_q(user) -> Q:
    """Projects whose private side (milestones, the grant letter, cancelled ones) the user
    may see: the group's own, and the coordinators and PCC office in scope."""
    own = Q(bid__applicant=user.pk) if user.is_authenticated else NOTHING
    return own | project_scope_q(user, OVERSIGHT_ROLES)


def project_q(user) -> Q:
    return public_project_q() | private_project_q(user)
