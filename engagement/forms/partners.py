"""The partner organisation form of a programme's Partners page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Partner, Programme
from .base import CrispyModelForm


class PartnerForm(CrispyModelForm):
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where in this programme the partner works."),
        error_messages={"required": _("Choose at least one area the partner works in.")},
    )

    class Meta:
        model = Partner
        fields = ["name", "type", "website", "contact_name", "contact_email", "contact_phone"]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = programme.areas.all()
        if self.instance.pk:
            self.initial["areas"] = list(self.instance.areas.filter(programme=programme))

    def validate_unique(self):
        # The service says so in words if the name and type are taken.
        return None
