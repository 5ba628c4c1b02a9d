"""Safeguarding flags reach a person: an email to the area's coordinators at once (through the
outbox), a banner on their dashboard until one of them acknowledges it, and an email to the
programme's coordinators if nobody has after :data:`ESCALATE_AFTER`.

The emails say that a flag needs action and where to read it, never what was disclosed: email
is copied, forwarded and kept in places the site does not control.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from engagement.languages import link_in_language
from engagement.models import Role, RoleAssignment, User
from engagement.services import audit_log
from engagement.services.outbox import outgoing_email_enqueue, outgoing_email_send

from ..models import SafeguardingAlert, SafeguardingFlag

#: How long a flag may wait for an acknowledgement before the programme's coordinators are told.
ESCALATE_AFTER = dt.timedelta(hours=2)


def area_coordinators(flag: SafeguardingFlag) -> QuerySet[User]:
    """Coordinators of the café's area; for a programme-wide café (or an area nobody
    coordinates) the programme's coordinators, so a flag is never sent to nobody."""
    event = flag.cafe.event
    grants = RoleAssignment.objects.filter(role=Role.COORDINATOR, programme=event.programme_id)
    if event.area_id is not None and grants.filter(area=event.area_id).exists():
        grants = grants.filter(area=event.area_id)
    else:
        grants = grants.filter(area__isnull=True)
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)


def programme_coordinators(flag: SafeguardingFlag) -> QuerySet[User]:
    grants = RoleAssignment.objects.filter(
        role=Role.COORDINATOR, programme=flag.cafe.event.programme_id, area__isnull=True
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)


def _queue(flag: SafeguardingFlag, users: QuerySet[User], stage: str) -> int:
    queued = 0
    for user in users.order_by("pk"):
        alert, created = SafeguardingAlert.objects.get_or_create(
            flag=flag, recipient=user, key=stage
        )
        if created:
            outgoing_email_enqueue(alert)
            queued += 1
    return queued


@transaction.atomic
def safeguarding_alerts_queue(*, flag: SafeguardingFlag) -> int:
    """Queue the email to the area's coordinators for a new flag. Idempotent: one alert per
    person per flag (unique constraint), so raising the same flag again queues nothing."""
    return _queue(flag, area_coordinators(flag), SafeguardingAlert.Stage.RAISED)


def safeguarding_escalate_due(*, now: dt.datetime | None = None) -> int:
    """Tell the programme's coordinators about every flag still not acknowledged
    :data:`ESCALATE_AFTER` after it was raised; returns how many flags were escalated.
    Idempotent: a flag is escalated once (``escalated_at``, locked while set) and each person
    is emailed once (unique alert per flag, person and stage)."""
    now = now or timezone.now()
    due = SafeguardingFlag.objects.filter(
        status=SafeguardingFlag.Status.OPEN,
        escalated_at__isnull=True,
        created__lte=now - ESCALATE_AFTER,
    ).order_by("pk")
    escalated = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            flag = (
                SafeguardingFlag.objects.select_for_update()
                .select_related("cafe__event")
                .filter(pk=pk, status=SafeguardingFlag.Status.OPEN, escalated_at__isnull=True)
                .first()
            )
            if flag is None:
                continue
            _queue(flag, programme_coordinators(flag), SafeguardingAlert.Stage.ESCALATED)
            flag.escalated_at = now
            flag.save(update_fields=["escalated_at", "modified"])
            audit_log(actor=None, action="cafe.safeguarding.escalate", subject=flag)
            escalated += 1
    return escalated


def _render_alert(alert: SafeguardingAlert, to: str) -> EmailMessage:
    flag = alert.flag
    # In the coordinator's language, whatever language the worker happens to be in.
    language = alert.recipient.preferred_language or settings.LANGUAGE_CODE
    url = link_in_language(
        settings.SITE_URL.rstrip("/") + reverse("cafes:safeguarding", kwargs={"pk": flag.cafe_id}),
        language,
    )
    context = {
        "flag": flag,
        "event": flag.cafe.event,
        "escalated": alert.key == SafeguardingAlert.Stage.ESCALATED,
        "url": url,
        "recipient": alert.recipient,
    }
    with translation.override(language):
        subject = render_to_string("cafes/email/safeguarding_subject.txt", context)
        body = render_to_string("cafes/email/safeguarding.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


def safeguarding_alert_send(*, alert_id: int) -> SafeguardingAlert:
    """Send one alert unless it was sent already (``outgoing_email_send``: locked, idempotent).
    The address is read now; a coordinator who removed theirs is skipped."""
    return outgoing_email_send(
        queryset=SafeguardingAlert.objects.select_related("flag__cafe__event", "recipient"),
        pk=alert_id,
        recipient=lambda alert: alert.recipient.email or "",
        build=_render_alert,
    )
