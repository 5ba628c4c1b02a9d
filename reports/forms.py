"""Forms of the reports app: choosing a period (to look at, or to make a report of)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from engagement.forms import CrispyForm, DateInput


class PeriodForm(CrispyForm):
    """From and to dates, both optional (empty means from the start / up to today)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    submit_label = _("Show these dates")
    method = "get"

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = self.method
        self.helper.form_action = action
        self.helper.form_class = "period-form"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end of the period must not be before its start."), code="order"
            )
        return data


class ReportRequestForm(PeriodForm):
    submit_label = _("Make the PDF report")
    method = "post"

    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        widget=forms.RadioSelect,
        required=False,  # the site's language when left out
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_request_%s")  # unique ids beside the period form
        super().__init__(*args, **kwargs)
        # The report comes in the language the page is read in, unless the requester chooses.
        self.fields["language"].initial = translation.get_language() or settings.LANGUAGE_CODE
        self.helper.form_id = "report-request"
