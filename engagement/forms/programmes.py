"""Forms for programmes and their areas."""

from __future__ import annotations

from ..models import Area, Programme
from .base import CrispyModelForm, DateInput


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
