"""Permissions of the assets app (django-rules). Which offers a user may *see* is defined once in
``assets.access``; the rules here ask that definition about one offer."""

import rules

from engagement.models import Role
from engagement.roles import RECORDER_ROLES, holds
from engagement.rules import (
    holds_role,
    in_rows,
    is_coordinator,
    is_coordinator_anywhere,
    is_overseer,
    is_superuser,
)

from .access import visible_q
from .recording import recorder_may_correct

is_recorder = holds_role(*RECORDER_ROLES)


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


can_see_offer = in_rows(visible_q, name="can_see_offer")


@rules.predicate
def is_offerer(user, offer) -> bool:
    return bool(offer is not None and user.is_authenticated and offer.offered_by_id == user.pk)


@rules.predicate
def is_correcting_recorder(user, offer) -> bool:
    """Recorded it for somebody else less than a day ago (``assets.recording``)."""
    return recorder_may_correct(user, offer)


@rules.predicate
def may_record_somewhere(user) -> bool:
    return holds(user, RECORDER_ROLES)


@rules.predicate
def may_export_somewhere(user) -> bool:
    return holds(user, {Role.COORDINATOR, Role.PARTNER, Role.PCC_OFFICE})


rules.add_perm("assets.view_offer", is_superuser | can_see_offer)
rules.add_perm("assets.add_offer", is_authenticated)
# Recording for somebody else (the fast café form, CSV import): staff of the area.
rules.add_perm("assets.record_offer", is_superuser | is_recorder)
rules.add_perm("assets.record_offer_anywhere", is_superuser | may_record_somewhere)
rules.add_perm("assets.import_offers", is_superuser | is_recorder)
rules.add_perm(
    "assets.change_offer", is_superuser | is_coordinator | is_offerer | is_correcting_recorder
)
rules.add_perm("assets.withdraw_offer", is_superuser | is_coordinator | is_offerer)
rules.add_perm("assets.check_safeguarding", is_superuser | is_coordinator)
rules.add_perm("assets.check_organisation", is_superuser | is_coordinator)
rules.add_perm("assets.send_offer_link", is_superuser | is_coordinator)
rules.add_perm("assets.view_safeguarding_queue", is_superuser | is_coordinator_anywhere)
# Who looked at or exported individuals' offers: the coordinators of those offers' areas.
rules.add_perm("assets.view_access_log", is_superuser | is_coordinator_anywhere)
rules.add_perm("assets.export_offers", is_superuser | may_export_somewhere)
rules.add_perm("assets.manage_needs", is_superuser | is_coordinator)
rules.add_perm("assets.manage_needs_anywhere", is_superuser | is_coordinator_anywhere)
rules.add_perm("assets.add_match", is_superuser | is_coordinator)
rules.add_perm("assets.change_match", is_superuser | is_coordinator)
rules.add_perm("assets.view_figures", is_superuser | is_overseer)
rules.add_perm("assets.add_subcategory", is_superuser | is_coordinator)
