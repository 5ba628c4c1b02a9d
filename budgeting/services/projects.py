"""Funded projects: creation from an award, payment milestones, monitoring updates, the grant
offer letter and the emails chasing overdue updates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from engagement.models import GeneratedDocument, User
from engagement.services import DomainError, audit_log, document_request
from engagement.validators import validate_plain_text

from ..models import Award, FundingPot, Milestone, Project
from ..money import format_pence
from ..validators import CleanUpload
from .emails import update_due_email_queue

GRANT_LETTER = "budgeting.grant_offer_letter"


@transaction.atomic
def project_create(*, actor: User | None, award: Award, update_every_days: int = 90) -> Project:
    """Start the project for a new award; the first progress update is due after
    ``update_every_days``. Called by ``award_create`` inside its transaction."""
    project = Project(
        bid=award.bid,
        award=award,
        update_every_days=update_every_days,
        next_update_due=timezone.localdate() + dt.timedelta(days=update_every_days),
    )
    project.full_clean()
    project.save()
    return project


def _award_date(project: Project) -> dt.date:
    return timezone.localdate(project.award.created)


def _check_milestone(
    *, project: Project, title: str, amount_pence: int, due_date: dt.date, exclude_pk=None
) -> None:
    """The schedule never goes past the award, and nothing falls due before the award."""
    errors: dict[str, list[str]] = {}
    try:
        validate_plain_text(title)
    except ValidationError as exc:
        errors["title"] = exc.messages
    if amount_pence is None or amount_pence <= 0:
        errors["amount_pence"] = [_("Enter an amount of more than £0.")]
    awarded_on = _award_date(project)
    if due_date < awarded_on:
        errors["due_date"] = [
            _("A payment cannot fall due before the grant was awarded on %(date)s.")
            % {"date": formats.date_format(awarded_on, "j F Y")}
        ]
    if errors:
        raise DomainError(errors)
    others = project.milestones.exclude(pk=exclude_pk)
    planned = others.aggregate(total=Coalesce(Sum("amount_pence"), 0))["total"]
    if planned + amount_pence > project.award.amount_pence:
        raise DomainError(
            _("The payments would add up to %(total)s, more than the %(award)s awarded.")
            % {
                "total": format_pence(planned + amount_pence),
                "award": format_pence(project.award.amount_pence),
            }
        )


def payment_schedule_problem(project: Project) -> str:
    """Why the payment schedule is not ready to offer (empty when it adds up to the award)."""
    planned = project.milestones.aggregate(total=Coalesce(Sum("amount_pence"), 0))["total"]
    award = project.award.amount_pence
    if planned == award:
        return ""
    return _(
        "The payments add up to %(total)s but %(award)s was awarded: plan %(gap)s more before "
        "the grant offer letter is made."
    ) % {
        "total": format_pence(planned),
        "award": format_pence(award),
        "gap": format_pence(award - planned),
    }


@transaction.atomic
def milestone_add(
    *, actor: User | None, project: Project, title: str, amount_pence: int, due_date: dt.date
) -> Milestone:
    """Plan a payment. All milestones together may not exceed the award, and none may fall due
    before the award. Locks the project so two planners cannot both squeeze under the award."""
    project = Project.objects.select_for_update().select_related("award").get(pk=project.pk)
    _check_milestone(project=project, title=title, amount_pence=amount_pence, due_date=due_date)
    milestone = Milestone(
        project=project, title=title.strip(), amount_pence=amount_pence, due_date=due_date
    )
    milestone.full_clean()
    milestone.save()
    audit_log(
        actor=actor,
        action="milestone.add",
        subject=project,
        data={"milestone": milestone.pk, "amount": amount_pence, "due": due_date.isoformat()},
    )
    return milestone


def _lock_unpaid(milestone: Milestone) -> tuple[Project, Milestone]:
    project = (
        Project.objects.select_for_update().select_related("award").get(pk=milestone.project_id)
    )
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.paid_at is not None:
        raise DomainError(_("This payment has been made, so it can no longer be changed."))
    return project, milestone


@transaction.atomic
def milestone_update(
    *,
    actor: User | None,
    milestone: Milestone,
    title: str,
    amount_pence: int,
    due_date: dt.date,
) -> Milestone:
    """Change a planned payment until it is paid; the same rules as adding one. Audit-logged
    with the old and new figures."""
    project, milestone = _lock_unpaid(milestone)
    _check_milestone(
        project=project,
        title=title,
        amount_pence=amount_pence,
        due_date=due_date,
        exclude_pk=milestone.pk,
    )
    before = {"amount": milestone.amount_pence, "due": milestone.due_date.isoformat()}
    milestone.title, milestone.amount_pence, milestone.due_date = (
        title.strip(),
        amount_pence,
        due_date,
    )
    milestone.full_clean()
    milestone.save()
    audit_log(
        actor=actor,
        action="milestone.update",
        subject=project,
        data={
            "milestone": milestone.pk,
            "before": before,
            "after": {"amount": amount_pence, "due": due_date.isoformat()},
        },
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: User | None, milestone: Milestone) -> None:
    """Take a planned payment out of the schedule; a paid one stays. Audit-logged."""
    project, milestone = _lock_unpaid(milestone)
    audit_log(
        actor=actor,
        action="milestone.remove",
        subject=project,
        data={
            "milestone": milestone.pk,
            "title": milestone.title,
            "amount": milestone.amount_pence,
            "due": milestone.due_date.isoformat(),
        },
    )
    milestone.delete()


@transaction.atomic
def milestone_pay(*, actor: User | None, milestone: Milestone) -> Milestone:
    """Record a payment to the group. Locks the pot: money can be paid only once it has arrived
    in the pot (paid out never exceeds received, a database constraint too). Idempotent: paying
    a paid milestone is refused."""
    milestone = Milestone.objects.select_related("project__award").get(pk=milestone.pk)
    pot = FundingPot.objects.select_for_update().get(pk=milestone.project.award.pot_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.paid_at is not None:
        raise DomainError(_("This payment has already been made."))
    if milestone.project.status != Project.Status.ACTIVE:
        raise DomainError(_("Payments can be made only to a project that is under way."))
    available = pot.received_pence - pot.paid_pence
    if milestone.amount_pence > available:
        raise DomainError(
            _("Only %(available)s has arrived in the pot and not been paid out yet.")
            % {"available": format_pence(available)}
        )
    milestone.paid_at = timezone.now()
    milestone.paid_by = actor
    milestone.save(update_fields=["paid_at", "paid_by", "modified"])
    pot.paid_pence += milestone.amount_pence
    pot.save(update_fields=["paid_pence", "modified"])
    audit_log(
        actor=actor,
        action="milestone.pay",
        subject=milestone.project,
        data={"milestone": milestone.pk, "amount": milestone.amount_pence, "pot": pot.pk},
    )
    return milestone


def grant_letter_request(*, actor: User | None, project: Project) -> GeneratedDocument:
    """Queue the grant offer letter PDF (made by the Celery worker; asking again replaces the
    file of the one record). Refused until the payment schedule adds up to the award, because
    the letter offers that schedule."""
    problem = payment_schedule_problem(project)
    if problem:
        raise DomainError(problem)
    if actor is not None and actor.is_authenticated:
        Project.objects.filter(pk=project.pk).update(
            offer_signatory=actor.name or actor.email, offer_contact=actor.email
        )
    return document_request(actor=actor, kind=GRANT_LETTER, subject=project)


def _check_acceptable(actor: User, project: Project) -> Project:
    project = Project.objects.select_for_update().select_related("bid").get(pk=project.pk)
    if project.bid.applicant_id != actor.pk:
        raise DomainError(_("Only the group that made the bid can accept the grant offer."))
    if project.accepted_at is not None:
        raise DomainError(
            _("The offer was accepted on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(project.accepted_at), "j F Y")}
        )
    return project


@transaction.atomic
def grant_offer_accept(*, actor: User, project: Project, name: str, role: str) -> Project:
    """The group accepts the offer online: who (their typed name and role, and the account)
    and when are recorded, as a signature would be. Once only; audit-logged."""
    project = _check_acceptable(actor, project)
    errors: dict[str, list[str]] = {}
    for field, value in (("name", name), ("role", role)):
        if not value.strip():
            errors[field] = [_("This is needed to accept the offer.")]
        else:
            try:
                validate_plain_text(value)
            except ValidationError as exc:
                errors[field] = exc.messages
    if errors:
        raise DomainError(errors)
    project.accepted_at, project.accepted_by = timezone.now(), actor
    project.accepted_name, project.accepted_role = name.strip(), role.strip()
    project.full_clean()
    project.save()
    audit_log(actor=actor, action="project.offer_accept", subject=project, data={"online": True})
    return project


@transaction.atomic
def grant_offer_signed_upload(*, actor: User, project: Project, upload: CleanUpload) -> Project:
    """The group returns a signed copy (a PDF or a photo that ``clean_upload`` checked); that
    accepts the offer. Once only; audit-logged."""
    project = _check_acceptable(actor, project)
    project.signed_copy.save(upload.name, upload.content, save=False)
    project.accepted_at, project.accepted_by = timezone.now(), actor
    project.save()
    audit_log(actor=actor, action="project.offer_accept", subject=project, data={"online": False})
    return project


def monitoring_reminders_queue(*, today: dt.date | None = None) -> int:
    """Queue one email to each group whose progress update is overdue, once per due date;
    returns how many were queued. Safe to run any number of times a day: the email's key names
    the due date. Sending is the outbox's (``bid_email_send``), so one refused address never
    stops the others."""
    today = today or timezone.localdate()
    queued = 0
    for project in Project.objects.overdue(today).select_related("bid").order_by("pk"):
        with transaction.atomic():
            queued += update_due_email_queue(bid=project.bid, due_on=project.next_update_due)
    return queued
