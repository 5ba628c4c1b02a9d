"""Table hosts' details: training date and how they like to be reached.

Kept once per person (:class:`~engagement.models.HostProfile`); a coordinator may edit them
through any table host role of that person they could give themselves (the same rule as
changing the role), so an area coordinator edits the hosts of their own area only.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import HostProfile, Role, RoleAssignment, User
from ..phones import is_uk_mobile, uk_phone_parse
from .audit import audit_log
from .errors import DomainError
from .roles import may_grant


def host_profile_get(user: User) -> HostProfile | None:
    """The person's host details, or None when nobody has written any yet."""
    return HostProfile.objects.filter(user=user).first()


@transaction.atomic
def host_profile_update(
    *,
    actor: User,
    assignment: RoleAssignment,
    trained_on: dt.date | None,
    phone: str,
    contact_by: str,
) -> HostProfile:
    """Save the host details of ``assignment``'s person. Refused, in words, when the role is
    not a table host's, when the actor could not give that role there, when training is in
    the future, or when texts are asked for without a UK mobile number. Audit-logged (the
    fields changed, never the number itself)."""
    if assignment.role != Role.TABLE_HOST:
        raise DomainError(_("Only table hosts have host details."))
    if not may_grant(
        actor, role=Role.TABLE_HOST, programme=assignment.programme, area=assignment.area
    ):
        raise DomainError(_("You cannot change this host's details: they host outside your area."))
    if trained_on is not None and trained_on > timezone.localdate():
        raise DomainError(_("The training date cannot be in the future."))
    phone = (phone or "").strip()
    parsed = uk_phone_parse(phone) if phone else None
    if phone and parsed is None:
        raise DomainError(_("Enter a UK phone number, for example 07700 900123."))
    if contact_by not in HostProfile.ContactBy.values:
        raise DomainError(_("Choose how they would like to be reached."))
    if contact_by == HostProfile.ContactBy.TEXT and not is_uk_mobile(phone):
        raise DomainError(_("Text messages need a UK mobile number."))
    if contact_by == HostProfile.ContactBy.CALL and not phone:
        raise DomainError(_("Give a phone number to be reached by phone."))
    profile, _created = HostProfile.objects.select_for_update().get_or_create(user=assignment.user)
    before = {
        "trained_on": profile.trained_on,
        "phone": profile.phone,
        "contact_by": profile.contact_by,
    }
    profile.trained_on = trained_on
    profile.phone = parsed.e164 if parsed else ""
    profile.contact_by = contact_by
    profile.full_clean()
    profile.save()
    changed = sorted(k for k, v in before.items() if getattr(profile, k) != v)
    audit_log(
        actor=actor,
        action="host.details.update",
        subject=profile,
        programme=assignment.programme,
        data={"user": assignment.user_id, "changed": changed},
    )
    return profile
