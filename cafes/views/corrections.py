"""Correcting and removing a table's notes and photos: the table's host until the summary is
published, the area's coordinators at any time with a reason (``services.corrections``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from engagement.views.mixins import ServiceFormMixin

from ..forms import NoteCorrectForm, RemoveForm
from ..models import HarvestNote, TableclothPhoto
from ..services import corrections
from .common import TableMixin


class CorrectionMixin(TableMixin, ServiceFormMixin):
    permission_required = "cafes.correct_harvest"

    @cached_property
    def as_coordinator(self) -> bool:
        return self.request.user.has_perm("cafes.change_cafe", self.cafe)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "as_coordinator": self.as_coordinator}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            table=self.table, as_coordinator=self.as_coordinator, **kwargs
        )

    def get_success_url(self) -> str:
        if self.as_coordinator and self.request.POST.get("back") == "harvest":
            return reverse("cafes:harvest", kwargs={"pk": self.cafe.pk})
        return reverse("cafes:host_table", kwargs={"pk": self.cafe.pk, "number": self.table.number})


class NoteMixin(CorrectionMixin):
    @cached_property
    def note(self) -> HarvestNote:
        return get_object_or_404(
            HarvestNote.objects.prefetch_related("themes"), table=self.table, pk=self.kwargs["note"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(note=self.note, **kwargs)


class NoteCorrectView(NoteMixin, FormView):
    template_name = "cafes/note_correct.html"
    form_class = NoteCorrectForm
    success_message = gettext_lazy("Note corrected.")

    def get_initial(self):
        note = self.note
        return {
            "kind": note.kind,
            "text": note.text,
            "themes": ", ".join(t.name for t in note.themes.all()),
            "attribution": note.attribution,
            "attribution_consent": note.attribution_consent,
        }

    def get_context_data(self, **kwargs):
        remove = RemoveForm(as_coordinator=self.as_coordinator)
        remove.helper.form_action = reverse(
            "cafes:note_remove",
            kwargs={"pk": self.cafe.pk, "number": self.table.number, "note": self.note.pk},
        )
        return super().get_context_data(remove_form=kwargs.pop("remove_form", remove), **kwargs)

    def perform(self, form):
        return corrections.note_correct(
            actor=self.request.user,
            note=self.note,
            as_coordinator=self.as_coordinator,
            **form.cleaned_data,
        )


class NoteRemoveView(NoteMixin, FormView):
    template_name = "cafes/note_correct.html"
    form_class = RemoveForm
    success_message = gettext_lazy("Note removed.")

    def get_context_data(self, **kwargs):
        correct = NoteCorrectView(request=self.request, kwargs=self.kwargs)
        correct.cafe, correct.table, correct.note = self.cafe, self.table, self.note
        form = NoteCorrectForm(initial=correct.get_initial(), as_coordinator=self.as_coordinator)
        return super().get_context_data(remove_form=kwargs.pop("form"), form=form, **kwargs)

    def perform(self, form):
        return corrections.note_remove(
            actor=self.request.user,
            note=self.note,
            as_coordinator=self.as_coordinator,
            reason=form.cleaned_data["reason"],
        )


class PhotoRemoveView(CorrectionMixin, FormView):
    template_name = "cafes/photo_remove.html"
    form_class = RemoveForm
    success_message = gettext_lazy("Photo removed.")

    @cached_property
    def photo(self) -> TableclothPhoto:
        return get_object_or_404(TableclothPhoto, table=self.table, pk=self.kwargs["photo"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(photo=self.photo, **kwargs)

    def perform(self, form):
        return corrections.photo_remove(
            actor=self.request.user,
            photo=self.photo,
            as_coordinator=self.as_coordinator,
            reason=form.cleaned_data["reason"],
        )
