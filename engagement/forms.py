from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Area, Programme


class CrispyModelForm(forms.ModelForm):
    """A model form rendered by crispy-forms with one primary submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # Server-side errors, shown inline and announced, instead of the browser's bubbles, which
        # screen readers and small phones handle badly.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    input_type = "date"


class ProgrammeForm(CrispyModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "description",
            "funder_name",
            "start_date",
            "end_date",
            "status",
            "retention_days",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's default is a callable (the setting), for which Django adds a hidden copy
        # of the initial value to detect changes; nothing here asks whether it changed.
        self.fields["retention_days"].show_hidden_initial = False


class AreaForm(CrispyModelForm):
    class Meta:
        model = Area
        fields = [
            "name",
            "slug",
            "local_authority",
            "ward",
            "description",
            "population",
            "postcode_prefixes",
        ]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
