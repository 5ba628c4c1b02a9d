"""The offer form as a recorder sees it at an event: the event it was recorded at, and a second
button that saves and opens a fresh form keeping the event and the area."""

from __future__ import annotations

from crispy_forms.layout import Fieldset, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import OfferForm

#: The name of the "save and record another" button in the POST.
ANOTHER = "another"


class RecordingOfferForm(OfferForm):
    recorded_at_event = forms.ModelChoiceField(
        label=_("Recorded at the event"),
        queryset=None,
        required=False,
        empty_label=_("Not at an event"),
        help_text=_("Kept for the next offer when you choose 'Save and record another'."),
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_at_event"].queryset = events
        areas = list(self.fields["area"].queryset[:2])
        if len(areas) == 1 and not self.initial.get("area"):
            # One area to choose from: choose it rather than start at an empty choice.
            self.initial["area"] = areas[0].pk
        self.helper.layout.fields.insert(
            0, Fieldset(_("Where you are recording"), "recorded_at_event")
        )
        if not self.instance.pk:
            self.helper.add_input(
                Submit(ANOTHER, _("Save and record another"), css_class="ms-sm-2")
            )

    def clean(self):
        data = super().clean()
        event, area = data.get("recorded_at_event"), data.get("area")
        if event and area and event.area_id and event.area_id != area.pk:
            self.add_error(
                "recorded_at_event",
                _("That event is in %(area)s: choose that area, or another event.")
                % {"area": event.area.name},
            )
        return data
