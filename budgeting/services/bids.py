"""The group's side of a bid: start, save each step as a draft, attach files, submit,
withdraw, and talk to the coordinators."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.phones import uk_phone_display
from engagement.services import DomainError, audit_log
from engagement.validators import validate_plain_text

from ..eligibility import bid_eligibility, group_key_for
from ..models import (
    EDITABLE_STATUSES,
    Bid,
    BidAttachment,
    BidMessage,
    BidRound,
    BidStatus,
    CostLine,
    Phase,
    Priority,
)
from ..rules import BEFORE_VOTING, REVIEWING, has_verified_email
from ..steps import STEPS, TEXT_FIELDS, missing_answers
from ..validators import CleanUpload, validate_uk_phone
from .emails import bid_received_email_queue
from .organisations import SYNCED, bid_organisation_sync, organisation_latest_for

MAX_ATTACHMENTS = 6
_STEP_FIELDS = {step.number: step.fields for step in STEPS}


def _lock_bid(bid: Bid) -> Bid:
    return Bid.objects.select_for_update().select_related("round__area").get(pk=bid.pk)


def _check_owner(actor: User | None, bid: Bid) -> None:
    if actor is None or bid.applicant_id != actor.pk:
        raise DomainError(_("Only the person who started this bid can change it."))


def _check_editable(bid: Bid) -> None:
    phase = bid.round.phase_at()
    if bid.status == BidStatus.DRAFT and phase != Phase.SUBMISSION:
        raise DomainError(_("This round is not taking bids now, so the draft cannot be changed."))
    if bid.status == BidStatus.CHANGES_REQUESTED and phase not in REVIEWING:
        raise DomainError(_("It is too late to change this bid."))
    if bid.status not in EDITABLE_STATUSES:
        raise DomainError(_("This bid has been sent and can no longer be changed."))


@transaction.atomic
def bid_start(*, actor: User, round: BidRound) -> Bid:
    """Start a draft in a round that is open for bids, filled in from the group the person
    last bid for (or with their own name and email as the contact). A person who already has
    an untouched draft in the round gets that one back, so a second tap never makes a second
    empty draft."""
    if not round.published or round.phase_at() != Phase.SUBMISSION:
        raise DomainError(_("This round is not taking bids now."))
    blank = (
        Bid.objects.select_for_update()
        .filter(round=round, applicant=actor, status=BidStatus.DRAFT, last_step=0)
        .order_by("created")
        .first()
    )
    if blank is not None:
        return blank
    bid = Bid(round=round, applicant=actor, contact_name=actor.name, contact_email=actor.email)
    org = organisation_latest_for(actor)
    if org is not None:
        bid.organisation = org
        for bid_field, org_field in SYNCED.items():
            value = getattr(org, org_field)
            if value not in ("", None):
                setattr(bid, bid_field, value)
        bid.group_key = group_key_for(
            name=bid.group_name,
            charity_number=bid.charity_number,
            company_number=bid.company_number,
        )
    bid.full_clean()
    bid.save()
    return bid


@transaction.atomic
def blank_drafts_tidy(*, now=None) -> int:
    """Delete drafts nobody ever saved a step of, in rounds no longer taking bids. Returns how
    many went. Idempotent; safe to run daily."""
    now = now or timezone.now()
    stale = Bid.objects.filter(
        status=BidStatus.DRAFT, last_step=0, round__submission_closes__lte=now
    ).exclude(Exists(BidAttachment.objects.filter(bid=OuterRef("pk"))))
    stale = stale.exclude(Exists(BidMessage.objects.filter(bid=OuterRef("pk"))))
    count = 0
    for bid in stale.select_for_update(of=("self",)):
        bid.cost_lines.all().delete()
        bid.delete()
        count += 1
    return count


@transaction.atomic
def bid_draft_save(
    *,
    actor: User,
    bid: Bid,
    step: int,
    fields: dict[str, Any],
    cost_lines: list[tuple[str, int]] | None = None,
    priorities: list[Priority] | None = None,
) -> Bid:
    """Save what has been entered on one step of the form; the bid stays a draft (or stays
    "changes requested"). Only the step's own fields are taken; any of them may be left out, so
    a form with one bad answer can still save the good ones. HTML is refused."""
    bid = _lock_bid(bid)
    _check_owner(actor, bid)
    _check_editable(bid)
    allowed = set(_STEP_FIELDS.get(step, ()))
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(
            _("Unexpected answers: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS and isinstance(value, str):
            value = value.strip()
            try:
                validate_plain_text(value)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
        if name == "postcode" and isinstance(value, str):
            value = value.upper()
        if name == "contact_phone" and isinstance(value, str) and value:
            try:
                validate_uk_phone(value)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
            else:
                value = uk_phone_display(value)
        setattr(bid, name, value)
    if errors:
        raise DomainError(errors)
    bid.group_key = group_key_for(
        name=bid.group_name, charity_number=bid.charity_number, company_number=bid.company_number
    )
    bid.last_step = max(bid.last_step, step)
    bid.full_clean()
    bid.save()
    if step == 1:
        bid_organisation_sync(actor=actor, bid=bid)
    if cost_lines is not None:
        for item, _amount in cost_lines:
            validate_plain_text(item)
        bid.cost_lines.all().delete()
        CostLine.objects.bulk_create(
            [
                CostLine(bid=bid, item=item.strip(), amount_pence=amount, order=index)
                for index, (item, amount) in enumerate(cost_lines)
                if amount and amount > 0
            ]
        )
    if priorities is not None:
        if any(p.round_id != bid.round_id for p in priorities):
            raise DomainError(_("Choose from this round's priorities."))
        bid.priorities.set(priorities)
    return bid


@transaction.atomic
def bid_attachment_add(
    *, actor: User, bid: Bid, upload: CleanUpload, description: str
) -> BidAttachment:
    """Attach a photo or PDF that ``validators.clean_upload`` has already checked."""
    bid = _lock_bid(bid)
    _check_owner(actor, bid)
    _check_editable(bid)
    if bid.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(
            _("A bid can have at most %(count)s files. Remove one first.")
            % {"count": MAX_ATTACHMENTS}
        )
    validate_plain_text(description)
    attachment = BidAttachment(
        bid=bid,
        kind=upload.kind,
        original_name=upload.name,
        size_bytes=upload.size,
        description=description.strip(),
    )
    attachment.file.save(upload.name, upload.content, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def bid_attachment_remove(*, actor: User, attachment: BidAttachment) -> None:
    bid = _lock_bid(attachment.bid)
    _check_owner(actor, bid)
    _check_editable(bid)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def bid_answers_fingerprint(bid: Bid) -> str:
    """A digest of everything the group answered (every step, costs, priorities, files), to
    tell whether anything changed since the coordinators asked for changes."""
    parts = [
        repr(getattr(bid, name)) for step in STEPS for name in step.fields if name != "priorities"
    ]
    parts += [f"{line.item}={line.amount_pence}" for line in bid.cost_lines.order_by("pk")]
    parts += [str(pk) for pk in bid.priorities.order_by("pk").values_list("pk", flat=True)]
    parts += [str(pk) for pk in bid.attachments.order_by("pk").values_list("pk", flat=True)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def bid_problems(bid: Bid) -> list[tuple[str, str]]:
    """Everything stopping a bid from being sent: missing answers, then broken rules."""
    problems = missing_answers(bid)
    field_steps = {field: step.slug for step in STEPS for field in step.fields}
    field_steps["amount_requested"] = "money"
    for reason in bid_eligibility(bid):
        problems.append((field_steps.get(reason.field, "group"), reason.message))
    return problems


@transaction.atomic
def bid_submit(*, actor: User, bid: Bid) -> Bid:
    """Send a complete, eligible bid (or re-send it after changes were requested).

    Locks the round so two bids from the same group submitted at once cannot both squeeze under
    the "bids per group" limit, and numbers bids in the round in the order they were sent.
    Audit-logged.
    """
    BidRound.objects.select_for_update().get(pk=bid.round_id)
    bid = _lock_bid(bid)
    _check_owner(actor, bid)
    _check_editable(bid)
    if not has_verified_email(actor):
        raise DomainError(_("Confirm your email address before you send a bid."))
    problems = bid_problems(bid)
    if problems:
        raise DomainError([message for _step, message in problems])
    resubmission = bid.status == BidStatus.CHANGES_REQUESTED
    if resubmission and bid.answers_when_changes_asked == bid_answers_fingerprint(bid):
        raise DomainError(
            _(
                "Nothing has changed since the coordinators asked for changes. Read their "
                "message at the top of the page and change your answers before sending again."
            )
        )
    if bid.number is None:
        last = Bid.objects.filter(round=bid.round).aggregate(n=Max("number"))["n"] or 0
        bid.number = last + 1
    bid.status = BidStatus.SUBMITTED
    bid.submitted_at = timezone.now()
    bid.full_clean()
    bid.save()
    audit_log(
        actor=actor,
        action="bid.resubmit" if resubmission else "bid.submit",
        subject=bid,
        data={"amount": bid.amount_requested_pence},
    )
    bid_received_email_queue(bid=bid)
    return bid


@transaction.atomic
def bid_withdraw(*, actor: User, bid: Bid, reason: str = "") -> Bid:
    """The group takes its bid back. Allowed until voting opens and while no PB vote has the
    bid on its ballot."""
    bid = _lock_bid(bid)
    _check_owner(actor, bid)
    if bid.round.phase_at() not in BEFORE_VOTING:
        raise DomainError(_("Voting has started, so the bid can no longer be withdrawn."))
    if bid.frozen_for_vote_at is not None:
        raise DomainError(
            _("This bid is on the ballot of a PB vote, so it can no longer be withdrawn.")
        )
    if bid.status in (
        BidStatus.WITHDRAWN,
        BidStatus.REJECTED,
        BidStatus.FUNDED,
        BidStatus.NOT_FUNDED,
    ):
        raise DomainError(_("This bid cannot be withdrawn now."))
    validate_plain_text(reason)
    was = bid.status
    bid.status = BidStatus.WITHDRAWN
    bid.withdrawn_at = timezone.now()
    bid.ballot_position = None
    if was == BidStatus.DRAFT:
        bid.submitted_at = None
    bid.save()
    if reason.strip():
        BidMessage.objects.create(bid=bid, author=actor, from_group=True, body=reason.strip())
    audit_log(actor=actor, action="bid.withdraw", subject=bid, data={"was": was})
    return bid


@transaction.atomic
def bid_message_send(*, actor: User, bid: Bid, body: str, internal: bool = False) -> BidMessage:
    """A message on the bid's conversation. From the group when the actor is the applicant;
    ``internal`` notes (staff only) are never shown to the group."""
    body = body.strip()
    if not body:
        raise DomainError({"body": [_("Write a message first.")]})
    validate_plain_text(body)
    from_group = actor is not None and bid.applicant_id == actor.pk
    if from_group and internal:
        raise DomainError(_("Only staff can write internal notes."))
    message = BidMessage(
        bid=bid,
        author=actor,
        from_group=from_group,
        body=body,
        kind=BidMessage.Kind.NOTE if internal else BidMessage.Kind.MESSAGE,
    )
    message.full_clean()
    message.save()
    return message
