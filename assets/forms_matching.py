"""The form that matches an offer to a need, from the offer's page or a search result."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.forms import CrispyForm

from .models import Need


class OfferMatchForm(CrispyForm):
    submit_label = _("Match to this need")

    need = forms.ModelChoiceField(
        label=_("Need"),
        queryset=Need.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Open needs in the areas you coordinate."),
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
