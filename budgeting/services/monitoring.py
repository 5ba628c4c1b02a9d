"""Progress updates from funded groups: sent by the group, checked by a coordinator before
anything is public. Figures that cannot be right (more spent than awarded or paid, a date before
the award) are flagged when the update is sent, and a flagged update is published only with a
coordinator's note saying why the figures stand."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log
from engagement.validators import validate_plain_text

from ..models import MonitoringUpdate, Project
from ..money import format_pence
from ..validators import CleanUpload

OVER_AWARDED = "over_awarded"
OVER_PAID = "over_paid"
BEFORE_AWARD = "before_award"


def _spent_so_far(project: Project) -> int:
    counted = project.updates.exclude(status=MonitoringUpdate.Status.REJECTED)
    return counted.aggregate(total=Coalesce(Sum("spend_pence"), 0))["total"]


def _paid_so_far(project: Project) -> int:
    paid = project.milestones.filter(paid_at__isnull=False)
    return paid.aggregate(total=Coalesce(Sum("amount_pence"), 0))["total"]


def update_flags(*, project: Project, spend_pence: int, happened_on: dt.date | None) -> list[str]:
    """Codes of the figures in a new update that need a coordinator's explanation."""
    flags = []
    spent = _spent_so_far(project) + spend_pence
    if spent > project.award.amount_pence:
        flags.append(OVER_AWARDED)
    if spent > _paid_so_far(project):
        flags.append(OVER_PAID)
    if happened_on is not None and happened_on < timezone.localdate(project.award.created):
        flags.append(BEFORE_AWARD)
    return flags


def flag_messages(update: MonitoringUpdate) -> list[str]:
    """The flags of an update in words, for the coordinator checking it."""
    project = update.project
    words = {
        OVER_AWARDED: _("Spending so far would be more than the %(award)s awarded.")
        % {"award": format_pence(project.award.amount_pence)},
        OVER_PAID: _("Spending so far would be more than the %(paid)s paid to the group.")
        % {"paid": format_pence(_paid_so_far(project))},
        BEFORE_AWARD: _("The date given is before the grant was awarded on %(date)s.")
        % {"date": formats.date_format(timezone.localdate(project.award.created), "j F Y")},
    }
    return [words[code] for code in update.flags if code in words]


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
    photo_consent: bool = False,
    happened_on: dt.date | None = None,
    is_final: bool = False,
) -> MonitoringUpdate:
    """The group reports progress. The update waits for a coordinator before it is public,
    with any implausible figures flagged. Moves the next due date on (the group has reported);
    a final report completes the project. Locks the project so two updates sent at once are
    both counted in each other's flags."""
    project = Project.objects.select_for_update().select_related("bid", "award").get(pk=project.pk)
    if project.bid.applicant_id != actor.pk:
        raise DomainError(_("Only the group that made the bid can send updates."))
    if project.status != Project.Status.ACTIVE:
        raise DomainError(_("This project is no longer under way."))
    errors: dict[str, list[str]] = {}
    for name, value in (("progress", progress), ("photo_description", photo_description)):
        try:
            validate_plain_text(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if spend_pence is None or spend_pence < 0:
        errors["spend_pence"] = [_("Money spent cannot be less than £0.")]
    if people_reached is None or people_reached < 0:
        errors["people_reached"] = [_("The number of people reached cannot be less than 0.")]
    if photo is not None and not photo_description.strip():
        errors["photo_description"] = [_("Say what the photo shows.")]
    if photo is not None and not photo_consent:
        errors["photo_consent"] = [
            _("Confirm that everyone shown in the photo agreed to it being published.")
        ]
    if errors:
        raise DomainError(errors)
    update = MonitoringUpdate(
        project=project,
        author=actor,
        progress=progress.strip(),
        spend_pence=spend_pence,
        people_reached=people_reached,
        photo_description=photo_description.strip(),
        photo_consent=photo is not None and photo_consent,
        happened_on=happened_on,
        is_final=is_final,
        flags=update_flags(project=project, spend_pence=spend_pence, happened_on=happened_on),
    )
    if photo is not None:
        update.photo.save(photo.name, photo.content, save=False)
    update.full_clean()
    update.save()
    if is_final:
        project.status = Project.Status.COMPLETED
        project.completed_at = timezone.now()
        project.final_report = update.progress
        project.next_update_due = None
    else:
        project.next_update_due = timezone.localdate() + dt.timedelta(
            days=project.update_every_days
        )
    project.save()
    audit_log(
        actor=actor,
        action="project.final_report" if is_final else "project.update",
        subject=project,
        data={"spend": spend_pence, "people": people_reached, "flags": update.flags},
    )
    return update


@transaction.atomic
def monitoring_update_approve(
    *, actor: User, update: MonitoringUpdate, progress: str | None = None, note: str = ""
) -> MonitoringUpdate:
    """Publish an update, with the coordinator's edit of its text if given. A flagged update
    needs a note saying why its figures stand; the note is shown with it. Audit-logged."""
    update = (
        MonitoringUpdate.objects.select_for_update()
        .select_related("project__award")
        .get(pk=update.pk)
    )
    if update.status == MonitoringUpdate.Status.APPROVED:
        raise DomainError(_("This update has already been published."))
    note = note.strip()
    errors: dict[str, list[str]] = {}
    edited = progress is not None and progress.strip() != update.progress
    for name, value in (("progress", progress or ""), ("note", note)):
        try:
            validate_plain_text(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if progress is not None and not progress.strip():
        errors["progress"] = [_("The update needs some text to publish.")]
    if update.flags and not note:
        errors["note"] = [
            _("Some figures look wrong. Write a note saying why they stand before publishing.")
        ]
    if errors:
        raise DomainError(errors)
    if edited:
        update.progress = progress.strip()
    update.status = MonitoringUpdate.Status.APPROVED
    update.moderated_by, update.moderated_at, update.moderator_note = actor, timezone.now(), note
    update.full_clean()
    update.save()
    audit_log(
        actor=actor,
        action="project.update_approve",
        subject=update.project,
        data={"update": update.pk, "edited": edited, "flags": update.flags},
    )
    return update


@transaction.atomic
def monitoring_update_reject(
    *, actor: User, update: MonitoringUpdate, note: str
) -> MonitoringUpdate:
    """Keep an update off the public pages, with the reason for the group. Its spending no
    longer counts towards the figures. Audit-logged."""
    update = MonitoringUpdate.objects.select_for_update().get(pk=update.pk)
    if update.status != MonitoringUpdate.Status.WAITING:
        raise DomainError(_("Only an update waiting for a coordinator can be turned down."))
    note = note.strip()
    if not note:
        raise DomainError({"note": [_("Say why the update is not published.")]})
    validate_plain_text(note)
    update.status = MonitoringUpdate.Status.REJECTED
    update.moderated_by, update.moderated_at, update.moderator_note = actor, timezone.now(), note
    update.save()
    audit_log(
        actor=actor,
        action="project.update_reject",
        subject=update.project,
        data={"update": update.pk},
    )
    return update
