"""What a CSV row of offers is checked for beyond its columns' formats: the rules the offer
service applies (the service is still the last guard), all at once, so that one upload shows
every problem of every row. Dates are read the British way: 01/02/2027 is 1 February 2027."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ContactPreference, OffererKind

#: Day first, whatever language the page is in; ISO dates (2027-02-01) too.
UK_DATE_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
]


class UkDateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", UK_DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Write the date day first, such as 01/02/2027, or as 2027-02-01.")},
        )
        super().__init__(**kwargs)


def import_row_problems(data: Mapping, *, given: Mapping) -> list[tuple[str, str]]:
    """(column, message) for every rule ``data`` (a row's cleaned values so far) breaks.
    ``given`` is the raw row, to tell a blank column from one that failed its own check."""
    today = timezone.localdate()
    problems: list[tuple[str, str]] = []
    individual = data.get("offerer_kind") == OffererKind.INDIVIDUAL
    if individual and data.get("is_public"):
        problems.append(("is_public", _("Offers from individuals are never shown publicly.")))
    consent = data.get("consent_until")
    if individual and consent is None and not (given.get("consent_until") or "").strip():
        problems.append(("consent_until", _("Say until when the offer may be shared.")))
    if individual and consent is not None:
        most = settings.ASSET_CONSENT_MAX_DAYS
        if consent < today:
            problems.append(("consent_until", _("The sharing end date has already passed.")))
        elif consent > today + dt.timedelta(days=most):
            problems.append(
                (
                    "consent_until",
                    _("Sharing can be agreed for at most %(days)d days at a time.")
                    % {"days": most},
                )
            )
    start, until = data.get("available_from"), data.get("available_until")
    if until and until < today:
        problems.append(("available_until", _("The 'available until' date has already passed.")))
    elif start and until and until < start:
        problems.append(
            (
                "available_until",
                _("The date it is available until cannot be before the date it is available from."),
            )
        )
    preference = data.get("contact_preference")
    if preference == ContactPreference.EMAIL and data.get("contact_email", "x") == "":
        problems.append(
            (
                "contact_email",
                _("Give an email address, or choose another way to get in touch."),
            )
        )
    if preference == ContactPreference.PHONE and not data.get("contact_phone"):
        problems.append(
            ("contact_phone", _("Give a phone number, or choose another way to get in touch."))
        )
    return problems
