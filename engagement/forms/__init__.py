"""Forms of the engagement app, and the form base every app builds on (``base``).

``from engagement.forms import CrispyForm, DateInput`` is the way other apps reach the base;
engagement's own forms live in ``programmes`` and ``events``.
"""

from .base import (
    CrispyForm,
    CrispyModelForm,
    DateInput,
    DateTimeInput,
    PlainTextForm,
    PlainTextMixin,
)

__all__ = [
    "CrispyForm",
    "CrispyModelForm",
    "DateInput",
    "DateTimeInput",
    "PlainTextForm",
    "PlainTextMixin",
]
