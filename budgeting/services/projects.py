"""Funded projects: creation from an award, payment milestones, monitoring updates, the grant
offer letter and the emails chasing overdue updates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import GeneratedDocument, User
from engagement.services import DomainError, audit_log, document_request
from engagement.validators import validate_plain_text

from ..models import Award, FundingPot, Milestone, MonitoringUpdate, Project
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


@transaction.atomic
def milestone_add(
    *, actor: User | None, project: Project, title: str, amount_pence: int, due_date: dt.date
) -> Milestone:
    """Plan a payment. All milestones together may not exceed the award."""
    project = Project.objects.select_for_update().select_related("award").get(pk=project.pk)
    planned = project.milestones.aggregate(total=Coalesce(Sum("amount_pence"), 0))["total"]
    if planned + amount_pence > project.award.amount_pence:
        raise DomainError(
            _("The payments would add up to %(total)s, more than the %(award)s awarded.")
            % {
                "total": format_pence(planned + amount_pence),
                "award": format_pence(project.award.amount_pence),
            }
        )
    validate_plain_text(title)
    milestone = Milestone(
        project=project, title=title, amount_pence=amount_pence, due_date=due_date
    )
    milestone.full_clean()
    milestone.save()
    audit_log(
        actor=actor,
        action="milestone.add",
        subject=project,
        data={"milestone": milestone.pk, "amount": amount_pence},
    )
    return milestone


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


@transaction.atomic
def monitoring_update_submit(
    *,
    actor: User,
    project: Project,
    progress: str,
    spend_pence: int,
    people_reached: int,
    photo: CleanUpload | None = None,
    photo_description: str = "",
    is_final: bool = False,
) -> MonitoringUpdate:
    """The group reports progress. Moves the next due date on; a final report completes the
    project."""
    project = Project.objects.select_for_update().select_related("bid").get(pk=project.pk)
    if project.bid.applicant_id != actor.pk:
        raise DomainError(_("Only the group that made the bid can send updates."))
    if project.status != Project.Status.ACTIVE:
        raise DomainError(_("This project is no longer under way."))
    errors = {}
    for name, value in (("progress", progress), ("photo_description", photo_description)):
        try:
            validate_plain_text(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if photo is not None and not photo_description.strip():
        errors["photo_description"] = [_("Say what the photo shows.")]
    if errors:
        raise DomainError(errors)
    update = MonitoringUpdate(
        project=project,
        author=actor,
        progress=progress.strip(),
        spend_pence=spend_pence,
        people_reached=people_reached,
        photo_description=photo_description.strip(),
        is_final=is_final,
    )
    if photo is not None:
        update.photo.save(photo.name, photo.content, save=False)
    update.full_clean()
    update.save()
    today = timezone.localdate()
    if is_final:
        project.status = Project.Status.COMPLETED
        project.completed_at = timezone.now()
        project.final_report = update.progress
        project.next_update_due = None
    else:
        project.next_update_due = today + dt.timedelta(days=project.update_every_days)
    project.save()
    audit_log(
        actor=actor,
        action="project.final_report" if is_final else "project.update",
        subject=project,
        data={"spend": spend_pence, "people": people_reached},
    )
    return update


def grant_letter_request(*, actor: User | None, project: Project) -> GeneratedDocument:
    """Queue the grant offer letter PDF (made by the Celery worker; asking again replaces the
    file of the one record)."""
    return document_request(actor=actor, kind=GRANT_LETTER, subject=project)


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
