"""Pounds and pence: money is stored and computed as integer pence; these convert for people."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

_MONEY_RE = re.compile(r"^\d+(\.\d{1,2})?$")


def format_pence(pence: int | None, *, always_pence: bool = False) -> str:
    """12345 → "£123.45"; 500000 → "£5,000" (whole pounds without ".00")."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(int(pence)), 100)
    if rest or always_pence:
        return f"{sign}£{pounds:,}.{rest:02d}"
    return f"{sign}£{pounds:,}"


def parse_pounds(text: str) -> int:
    """ "£1,234.50" → 123450. Raises ValueError (with a translated message) for anything else:
    negative numbers, more than two decimal places, words."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    cleaned = cleaned.removeprefix("£")
    if cleaned.startswith("-"):
        raise ValueError(_("Enter an amount of zero or more."))
    if not _MONEY_RE.match(cleaned):
        raise ValueError(_("Enter an amount in pounds, like 450 or 450.50."))
    try:
        pence = int((Decimal(cleaned) * 100).to_integral_exact())
    except InvalidOperation as exc:  # pragma: no cover - the regex already refused it
        raise ValueError(_("Enter an amount in pounds, like 450 or 450.50.")) from exc
    return pence


class PoundsField(forms.CharField):
    """A form field where people type pounds ("1,250.50") and code gets integer pence."""

    default_error_messages = {
        "too_big": _("That amount is too large. Check for a typing mistake."),
        "too_small": _("Enter an amount greater than zero."),
    }

    def __init__(self, *, allow_zero: bool = False, max_pence: int | None = None, **kwargs):
        """``max_pence`` defaults to ``BUDGETING_ABSURD_AMOUNT_PENCE``, read when a value is
        checked: fields are built when their form class is defined, at import."""
        self.allow_zero = allow_zero
        self.max_pence = max_pence
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "20")
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_pence(value).removeprefix("£").replace(",", "")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 20:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        try:
            pence = parse_pounds(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc.args[0]), code="invalid") from exc
        if pence == 0 and not self.allow_zero:
            raise forms.ValidationError(self.error_messages["too_small"], code="too_small")
        limit = self.max_pence
        if limit is None:
            limit = settings.BUDGETING_ABSURD_AMOUNT_PENCE
        if pence > limit:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        return pence
