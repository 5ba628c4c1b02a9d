"""What the offer pages add for people who record offers for others: the event and "save and
record another" on the new-offer form, and the day in which a recorder may correct an offer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..forms_recording import ANOTHER, RecordingOfferForm
from ..recording import correction_ends_at, is_recorder_of, recording_events


class RecordingCreateMixin:
    """For the new-offer view: recorders get the event field and the second button; after
    "Save and record another" the next form keeps the event and the area."""

    def is_recording(self) -> bool:
        return self.request.user.has_perm("assets.record_offer_anywhere")

    def get_form_class(self):
        return RecordingOfferForm if self.is_recording() else super().get_form_class()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.is_recording():
            kwargs["events"] = recording_events(user=self.request.user)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.is_recording() and self.request.GET.get("event"):
            initial["recorded_at_event"] = self.request.GET["event"]
        return initial

    def another_wanted(self) -> bool:
        return self.is_recording() and ANOTHER in self.request.POST

    def get_success_message(self, result) -> str:
        if self.another_wanted():
            return _("Saved: %(title)s. Record the next offer; the event and area are kept.") % {
                "title": result.title
            }
        return super().get_success_message(result)

    def get_success_url(self):
        if not self.another_wanted():
            return self.object.get_absolute_url()
        keep = {"area": self.object.area_id}
        if self.object.recorded_at_event_id:
            keep["event"] = self.object.recorded_at_event_id
        return f"{reverse('assets:offer_create')}?{urlencode(keep)}"


class CorrectionWindowMixin:
    """For the edit view: a recorder whose day to correct the offer has passed is told so in
    words, and whom to ask, instead of a bare "you cannot see this page"."""

    def handle_no_permission(self):
        user = self.request.user
        if is_recorder_of(user, self.offer):
            return render(
                self.request,
                "assets/offer_correction_closed.html",
                {"offer": self.offer, "ended_at": correction_ends_at(self.offer)},
                status=403,
            )
        return super().handle_no_permission()
