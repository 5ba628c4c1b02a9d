"""Inviting people to a role by email; accepting, with or without an account."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..languages import link_in_language
from ..models import (
    Area,
    Partner,
    Programme,
    RoleAssignment,
    RoleInvitation,
    RoleInvitationEmail,
    User,
)
from ..roles import role_label
from .audit import audit_log
from .errors import DomainError
from .outbox import outgoing_email_enqueue, outgoing_email_send
from .roles import role_assign, role_grant_check

_SALT = "engagement.role-invitation"


def invitation_token(invitation: RoleInvitation) -> str:
    return signing.dumps(invitation.pk, salt=_SALT)


def invitation_from_token(token: str) -> RoleInvitation | None:
    """The invitation a link names, or None when the link is forged."""
    try:
        pk = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return (
        RoleInvitation.objects.select_related("programme", "area", "partner", "invited_by")
        .filter(pk=pk)
        .first()
    )


def invitation_url(invitation: RoleInvitation) -> str:
    path = reverse("engagement:invitation_accept", kwargs={"token": invitation_token(invitation)})
    return link_in_language(settings.SITE_URL.rstrip("/") + path, invitation.language)


@transaction.atomic
def invitation_send(
    *,
    actor: User,
    email: str,
    role: str,
    programme: Programme,
    area: Area | None = None,
    partner: Partner | None = None,
    name: str = "",
    language: str = "en",
) -> RoleInvitation:
    """Invite ``email`` to hold ``role``; the email goes through the outbox after commit.
    Refused when the role is wider than the actor's own or the person already holds it.
    Inviting the same person to the same role again sends a fresh link and cancels the old."""
    email = email.strip().lower()
    role_grant_check(actor=actor, role=role, programme=programme, area=area, partner=partner)
    if RoleAssignment.objects.filter(
        user__email__iexact=email, role=role, programme=programme, area=area
    ).exists():
        raise DomainError(_("%(email)s already holds that role here.") % {"email": email})
    RoleInvitation.objects.pending().filter(
        email__iexact=email, role=role, programme=programme, area=area
    ).update(cancelled_at=timezone.now())
    invitation = RoleInvitation(
        email=email,
        name=name,
        role=role,
        programme=programme,
        area=area,
        partner=partner,
        language=language,
        invited_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    row = RoleInvitationEmail.objects.create(invitation=invitation, key="invite")
    outgoing_email_enqueue(row)
    audit_log(
        actor=actor,
        action="invitation.send",
        subject=invitation,
        data={
            "email": email,
            "role": role,
            "programme": programme.pk,
            "area": getattr(area, "pk", None),
        },
    )
    return invitation


@transaction.atomic
def invitation_cancel(*, actor: User, invitation: RoleInvitation) -> RoleInvitation:
    role_grant_check(
        actor=actor,
        role=invitation.role,
        programme=invitation.programme,
        area=invitation.area,
        partner=invitation.partner,
    )
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at", "modified"])
    audit_log(
        actor=actor,
        action="invitation.cancel",
        subject=invitation,
        data={"email": invitation.email, "programme": invitation.programme_id},
    )
    return invitation


def invitation_problem(invitation: RoleInvitation | None) -> str:
    """Why a link cannot be used, in words, or "" when it can."""
    if invitation is None:
        return _("This invitation link is not valid. Ask the coordinator for a new one.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been accepted.")
    if invitation.cancelled_at is not None:
        return _("This invitation was withdrawn. Ask the coordinator for a new one.")
    if invitation.is_expired():
        return _("This invitation has expired. Ask the coordinator for a new one.")
    return ""


@transaction.atomic
def invitation_accept(*, invitation: RoleInvitation, user: User) -> RoleAssignment:
    """Start the role for ``user``, who must be signed in with the invited address. Locks the
    invitation, so a double click makes one role. Audit-logged."""
    invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise DomainError(problem)
    if user.email.lower() != invitation.email.lower():
        raise DomainError(
            _("This invitation is for %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    assignment = role_assign(
        actor=invitation.invited_by,
        user=user,
        role=invitation.role,
        programme=invitation.programme,
        area=invitation.area,
        partner=invitation.partner,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "modified"])
    audit_log(
        actor=user,
        action="invitation.accept",
        subject=invitation,
        data={"role": invitation.role, "programme": invitation.programme_id},
    )
    return assignment


@transaction.atomic
def invitation_account_create(
    *, invitation: RoleInvitation, name: str, password: str
) -> tuple[User, RoleAssignment]:
    """Make the account of someone who has none and accept in the same step. The link reached
    their inbox, so the address counts as verified."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError(_("There is already an account for this address. Please sign in."))
    problem = invitation_problem(invitation)
    if problem:
        raise DomainError(problem)
    user = User.objects.create_user(
        email=invitation.email, password=password, name=name, preferred_language=invitation.language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, invitation_accept(invitation=invitation, user=user)


def _render(row: RoleInvitationEmail, to: str) -> EmailMessage:
    invitation = row.invitation
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "role": invitation.get_role_display(),
            "role_label": role_label(invitation.role, invitation.programme),
            "scope": invitation.area or invitation.programme,
            "url": invitation_url(invitation),
            "inviter": invitation.invited_by,
        }
        subject = render_to_string("engagement/email/role_invitation_subject.txt", context)
        body = render_to_string("engagement/email/role_invitation.txt", context)
    email = EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])
    email.extra_headers["Content-Language"] = invitation.language
    return email


def invitation_email_send(*, row_id: int) -> RoleInvitationEmail:
    """Send one invitation email unless it was sent already (see ``outgoing_email_send``)."""
    return outgoing_email_send(
        queryset=RoleInvitationEmail.objects.select_related(
            "invitation__programme", "invitation__area", "invitation__invited_by"
        ),
        pk=row_id,
        recipient=lambda row: row.invitation.email,
        build=_render,
    )
