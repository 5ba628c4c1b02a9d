"""Emails to a bid's group when its status changes.

The services that change a bid's status call :func:`bid_email_queue` inside their transaction;
it stores one :class:`BidEmail` row per (bid, key) and enqueues the sending task on commit, so a
rolled-back change never emails and a change queued twice emails once. The daily chase of
overdue progress updates queues its emails here too (:func:`update_due_email_queue`).
:func:`bid_email_send` locks the row while sending, so two workers running the same task cannot
both send.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import override

from engagement.languages import link_in_language
from engagement.services.outbox import outgoing_email_enqueue, outgoing_email_send

from ..models import Bid, BidEmail, BidMessage

#: Which email a coordinator's message to the group triggers (other kinds trigger none).
EMAIL_FOR_MESSAGE = {
    BidMessage.Kind.CHANGES_REQUESTED: BidEmail.Kind.CHANGES_REQUESTED,
    BidMessage.Kind.SHORTLISTED: BidEmail.Kind.SHORTLISTED,
    BidMessage.Kind.REJECTED: BidEmail.Kind.REJECTED,
}


def bid_email_queue(
    *, bid: Bid, kind: str, key: str, note: str = "", due_on: dt.date | None = None
) -> BidEmail:
    """Queue the email for one status change of ``bid``. ``key`` names the change (e.g.
    ``shortlisted-<message id>``, ``funded-<award id>``); a key queued before returns the
    existing row and enqueues nothing. Sending happens after commit in a Celery task."""
    email, _created = _queue(bid=bid, kind=kind, key=key, note=note, due_on=due_on)
    return email


def _queue(
    *, bid: Bid, kind: str, key: str, note: str = "", due_on: dt.date | None = None
) -> tuple[BidEmail, bool]:
    email, created = BidEmail.objects.get_or_create(
        bid=bid, key=key, defaults={"kind": kind, "note": note.strip(), "due_on": due_on}
    )
    if created:
        outgoing_email_enqueue(email)
    return email, created


def update_due_email_queue(*, bid: Bid, due_on: dt.date) -> bool:
    """Queue the email chasing the progress update of ``bid``'s project that was due on
    ``due_on``; False if it was queued before (once per due date)."""
    key = f"update_due-{due_on.isoformat()}"
    _email, created = _queue(bid=bid, kind=BidEmail.Kind.UPDATE_DUE, key=key, due_on=due_on)
    return created


def bid_received_email_queue(*, bid: Bid) -> BidEmail:
    """Queue the acknowledgement of a sent bid, with its reference; once per sending (a bid
    sent again after changes gets a new one)."""
    stamp = bid.submitted_at.isoformat() if bid.submitted_at else "unsent"
    return bid_email_queue(bid=bid, kind=BidEmail.Kind.RECEIVED, key=f"received-{stamp}")


#: How long before bids close groups with an unsent draft are reminded.
DRAFT_REMINDER_BEFORE = dt.timedelta(days=2)


def draft_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue one reminder to each person whose draft is not sent, in rounds whose bids close
    within the next two days; returns how many were queued. Safe to run any number of times:
    the key names the closing time, so each draft is reminded once per deadline. A draft nobody
    ever filled in is not chased."""
    from django.utils import timezone

    from ..models import BidRound, BidStatus

    now = now or timezone.now()
    rounds = BidRound.objects.published().filter(
        submission_opens__lte=now,
        submission_closes__gt=now,
        submission_closes__lte=now + DRAFT_REMINDER_BEFORE,
    )
    queued = 0
    drafts = Bid.objects.filter(round__in=rounds, status=BidStatus.DRAFT, last_step__gt=0)
    for bid in drafts.select_related("round").order_by("pk"):
        key = f"draft_reminder-{bid.round.submission_closes.isoformat()}"
        _email, created = _queue(bid=bid, kind=BidEmail.Kind.DRAFT_REMINDER, key=key)
        queued += created
    return queued


def bid_email_for_message(*, message: BidMessage) -> BidEmail | None:
    """Queue the email that a review decision's message to the group stands for, if any."""
    kind = EMAIL_FOR_MESSAGE.get(message.kind)
    if kind is None:
        return None
    return bid_email_queue(
        bid=message.bid, kind=kind, key=f"{kind}-{message.pk}", note=message.body
    )


def _recipient(bid: Bid) -> str:
    if bid.contact_email:
        return bid.contact_email
    return bid.applicant.email if bid.applicant_id and bid.applicant else ""


def _render(email: BidEmail, to: str) -> EmailMessage:
    bid = email.bid
    site = settings.SITE_URL.rstrip("/")
    # The reverse one-to-one raises an AttributeError subclass when there is no project yet.
    project = getattr(bid, "project", None)
    language = (bid.applicant.preferred_language if bid.applicant_id else "") or ""
    context = {
        "bid": bid,
        "round": bid.round,
        "email": email,
        "note": email.note,
        "bid_url": link_in_language(site + bid.get_absolute_url(), language),
        "round_url": link_in_language(site + bid.round.get_absolute_url(), language),
        "project_url": (
            link_in_language(site + project.get_absolute_url(), language)
            if project is not None
            else ""
        ),
        "due_on": email.due_on,
    }
    with override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"budgeting/email/{email.kind}_subject.txt", context)
        body = render_to_string(f"budgeting/email/{email.kind}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


def bid_email_send(*, email_id: int) -> BidEmail:
    """Send one queued email unless it was sent (or skipped) already. Idempotent; no address on
    the bid (e.g. the contact was erased) marks it skipped (see ``outgoing_email_send``)."""
    return outgoing_email_send(
        queryset=BidEmail.objects.select_related("bid__round", "bid__applicant"),
        pk=email_id,
        recipient=lambda email: _recipient(email.bid),
        build=_render,
    )
