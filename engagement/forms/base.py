"""The form base every app builds on: plain text only, server-side errors, one date widget.

- ``PlainTextMixin`` refuses HTML in every free-text field of the form (``engagement.validators``)
  and gives every one a length limit (its own, or ``LONG_TEXT_LIMIT``/``SHORT_TEXT_LIMIT``).
- ``CrispyForm``/``CrispyModelForm`` add the crispy helper: one primary submit button, the
  ``novalidate`` attribute and, above the form, the error summary ("There is a problem", each
  error linking to its field). Browsers' own error bubbles are hard to read with a screen reader
  and on small phones, so errors are always the server's, shown inline and in the summary.
- ``DateInput``/``DateTimeInput`` are the browser's date and date-and-time pickers.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ..validators import validate_plain_text

# Fields that check their own format; a tag could never pass them anyway.
_FORMATTED_TEXT = (forms.EmailField, forms.URLField, forms.SlugField, forms.RegexField)

#: The crispy template that puts the error summary above the form (see ``CrispyMixin``).
FORM_TEMPLATE = "includes/crispy_form.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        # The browser's date picker takes ISO dates only, whatever the page's date formats.
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


def is_free_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field, _FORMATTED_TEXT)


#: The length limits of free text that has none of its own (a model TextField, a form field
#: without ``max_length``): long enough for any honest note, bid or harvest, short enough that
#: one pasted book cannot fill a page, an export or a PDF.
LONG_TEXT_LIMIT = 10_000  # text areas
SHORT_TEXT_LIMIT = 1_000  # one-line text


class TextTooLong(MaxLengthValidator):
    message = _(
        "Please shorten this to %(limit_value)d characters or fewer (it has %(show_value)d)."
    )

    def __call__(self, value) -> None:
        # Validators see the cleaned value: a text field that cleans to a number or a UUID
        # (amounts, client ids) has no length to check.
        if isinstance(value, str):
            super().__call__(value)


def _limit_length(field: forms.CharField) -> None:
    """Give ``field`` a length limit if it has none, and the limit a clear message."""
    if field.max_length is None:
        long = isinstance(field.widget, forms.Textarea)
        field.max_length = LONG_TEXT_LIMIT if long else SHORT_TEXT_LIMIT
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(TextTooLong(field.max_length))


class PlainTextMixin:
    """Refuses HTML in every free-text field and gives each a length limit, so a new field is
    covered without anyone having to remember it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_free_text(field):
                field.validators.append(validate_plain_text)
                _limit_length(field)


class PlainTextForm(PlainTextMixin, forms.Form):
    """For forms rendered by hand (the host's harvest page, the bid steps, CSV rows)."""


class CrispyMixin(PlainTextMixin):
    """Rendered with ``{% crispy form %}``. ``submit_label`` names the button (a view may pass
    ``submit_label=`` for its page; ``None`` means no button, when the page draws its own)."""

    submit_label = _("Save")
    submit_css_class = ""

    def __init__(self, *args, submit_label=None, **kwargs):
        if submit_label is not None:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.template = FORM_TEMPLATE
        self.helper.attrs = {"novalidate": ""}
        if self.submit_label is not None:
            self.helper.add_input(
                Submit("submit", self.submit_label, css_class=self.submit_css_class)
            )


class CrispyForm(CrispyMixin, forms.Form):
    pass


class CrispyModelForm(CrispyMixin, forms.ModelForm):
    pass
