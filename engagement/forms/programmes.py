"""Forms for programmes and their areas."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Area, Programme, User
from ..roles import holders_q
from .base import CrispyModelForm, DateInput

#: The largest funder's logo we keep: it goes on letters and cards, never a photograph.
LOGO_MAX_BYTES = 2 * 1024 * 1024


class ProgrammeForm(CrispyModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "description",
            "funder_name",
            "funder_logo",
            "funder_office_name",
            "funder_org_id",
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

    def clean_funder_logo(self):
        logo = self.cleaned_data.get("funder_logo")
        if logo and getattr(logo, "size", 0) > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is too big: the limit is 2 MB."))
        return logo

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            # Said here in words, before the database's own check names its constraint.
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class ProgrammeSettingsForm(ProgrammeForm):
    """Everything a programme's coordinators set, the second approver of results included
    (chosen from the people who hold a role in the programme)."""

    class Meta(ProgrammeForm.Meta):
        fields = [*ProgrammeForm.Meta.fields, "results_second_approver"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..roles import STAFF_ROLES

        self.fields["results_second_approver"].queryset = (
            User.objects.filter(holders_q(STAFF_ROLES, self.instance, prefix="role_assignments__"))
            .distinct()
            .order_by("name", "email")
        )


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
