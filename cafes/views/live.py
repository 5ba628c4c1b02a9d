"""On the day: the projected facilitator screen and each host's phone page, where the harvest
is written. The host page works without JavaScript (plain posts); ``harvest.js`` adds the
offline queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from engagement.views.mixins import ServiceActionMixin

from .. import selectors, services
from ..forms import FlagForm, NoteForm, PhotoForm
from ..models import TableclothPhoto
from .common import CafeMixin, TableMixin


def screen_state(cafe) -> str:
    """Changes whenever what the screen shows changes (round, seating, finish)."""
    started = cafe.round_started_at.isoformat() if cafe.round_started_at else ""
    return f"{cafe.current_round}|{started}|{cafe.seating_version}|{bool(cafe.finished_at)}"


class ScreenView(CafeMixin, TemplateView):
    template_name = "cafes/screen.html"
    permission_required = "cafes.view_screen"

    def get_context_data(self, **kwargs):
        cafe = self.cafe
        shown_round = max(cafe.current_round, 1)
        next_round = cafe.next_round if cafe.current_round else 1
        question = cafe.questions.filter(round_number=shown_round).first()
        return super().get_context_data(
            shown_round=shown_round,
            question=question,
            # The screen speaks the language it is shown in: the Welsh question in Welsh mode.
            question_text=question.text_in(translation.get_language()) if question else "",
            next_round=next_round,
            moves=selectors.moves_for_round(cafe, next_round) if next_round else [],
            state=screen_state(cafe),
            now=timezone.now(),
            can_run=self.request.user.has_perm("cafes.change_cafe", cafe),
            **kwargs,
        )


class ScreenStateView(CafeMixin, View):
    permission_required = "cafes.view_screen"

    def get(self, request, pk):
        return JsonResponse({"state": screen_state(self.cafe)})


class RoundStartView(CafeMixin, ServiceActionMixin, View):
    def perform(self) -> int:
        try:
            number = int(self.request.POST.get("round_number", ""))
        except ValueError:
            raise ValidationError(_("Choose a round.")) from None
        services.round_start(actor=self.request.user, cafe=self.cafe, round_number=number)
        return number

    def get_success_message(self, number: int) -> str:
        return _("Round %(n)s has started.") % {"n": number}

    def get_success_url(self) -> str:
        return reverse("cafes:screen", kwargs={"pk": self.cafe.pk})


class CafeFinishView(CafeMixin, ServiceActionMixin, View):
    success_message = gettext_lazy("The café has finished. Thank you!")

    def perform(self):
        return services.cafe_finish(actor=self.request.user, cafe=self.cafe)

    def get_success_url(self) -> str:
        return reverse("cafes:screen", kwargs={"pk": self.cafe.pk})


class MyTableView(CafeMixin, View):
    """Takes a host straight to their table's page."""

    permission_required = "cafes.view_cafe"

    def get(self, request, pk):
        table = selectors.hosted_tables(user=request.user, cafe=self.cafe).first()
        if table is None:
            return redirect(self.cafe)
        return redirect("cafes:host_table", pk=self.cafe.pk, number=table.number)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class HostTableView(TableMixin, TemplateView):
    template_name = "cafes/host_table.html"

    def get_context_data(self, **kwargs):
        cafe, table = self.cafe, self.table
        shown_round = max(cafe.current_round, 1)
        next_round = cafe.next_round if cafe.current_round else None
        question = cafe.questions.filter(round_number=shown_round).first()
        return super().get_context_data(
            table=table,
            host=getattr(table, "host_assignment", None),
            shown_round=shown_round,
            next_round=next_round,
            question=question,
            question_text=question.text_in(_language_code(table.language)) if question else "",
            people=selectors.table_people(table, shown_round),
            next_people=selectors.table_people(table, next_round) if next_round else [],
            notes=selectors.table_notes(table),
            note_form=kwargs.pop("note_form", None) or NoteForm(cafe=cafe),
            flag_form=kwargs.pop("flag_form", None) or FlagForm(cafe=cafe),
            photo_form=kwargs.pop("photo_form", None) or PhotoForm(cafe=cafe),
            photos=table.photos.all(),
            can_write=self.request.user.has_perm("cafes.write_harvest", table),
            can_correct=self.request.user.has_perm("cafes.correct_harvest", table),
            **kwargs,
        )


LANGUAGE_CODES = {
    "welsh": "cy",
    "cymraeg": "cy",
    "polish": "pl",
    "lithuanian": "lt",
    "romanian": "ro",
    "portuguese": "pt",
    "latvian": "lv",
    "russian": "ru",
    "urdu": "ur",
    "punjabi": "pa",
    "arabic": "ar",
    "bengali": "bn",
}


def _language_code(name: str) -> str | None:
    name = name.strip().lower()
    return LANGUAGE_CODES.get(name, name if 2 <= len(name) <= 3 else None)


class HarvestPostMixin(TableMixin):
    permission_required = "cafes.write_harvest"
    form_class = NoteForm
    form_context_name = "note_form"

    def host_page(self, **context):
        view = HostTableView(request=self.request, kwargs=self.kwargs)
        view.cafe, view.table = self.cafe, self.table
        return view.render_to_response(view.get_context_data(**context), status=400)

    def post(self, request, pk, number):
        form = self.form_class(request.POST, request.FILES, cafe=self.cafe)
        if not form.is_valid():
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            if _wants_json(request):
                return JsonResponse({"ok": False, "errors": errors}, status=400)
            return self.host_page(**{self.form_context_name: form})
        try:
            body = self.save(form)
        except ValidationError as exc:
            if _wants_json(request):
                return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
            form.add_error(None, exc)
            return self.host_page(**{self.form_context_name: form})
        if _wants_json(request):
            return JsonResponse({"ok": True, **body}, status=200)
        messages.success(request, body["message"])
        return redirect("cafes:host_table", pk=self.cafe.pk, number=self.table.number)


class NoteSaveView(HarvestPostMixin, View):
    """Saves a note. JSON for the offline queue (``Accept: application/json``), a redirect for
    a plain form post. Sending the same ``client_id`` twice stores one note."""

    def save(self, form) -> dict:
        saved = services.note_save(actor=self.request.user, table=self.table, **form.cleaned_data)
        note = saved.note
        return {
            "created": saved.created,
            "client_id": str(note.client_id),
            "message": _("Note saved.") if saved.created else _("Note updated."),
            "note": {
                "round": note.round_number,
                "kind": note.get_kind_display(),
                "text": note.text,
                "themes": sorted(t.name for t in note.themes.all()),
            },
        }


class FlagRaiseView(HarvestPostMixin, View):
    form_class = FlagForm
    form_context_name = "flag_form"

    def save(self, form) -> dict:
        flag = services.flag_raise(actor=self.request.user, table=self.table, **form.cleaned_data)
        return {
            "client_id": str(flag.client_id),
            "message": _("Sent privately to the coordinator. Thank you."),
        }


class PhotoUploadView(HarvestPostMixin, View):
    form_class = PhotoForm
    form_context_name = "photo_form"

    def save(self, form) -> dict:
        services.photo_add(actor=self.request.user, table=self.table, **form.cleaned_data)
        return {"message": _("Photo added.")}


class PhotoView(CafeMixin, View):
    """A tablecloth photo, for the table's host and for whoever may read the harvest."""

    permission_required = "cafes.view_cafe"

    def get(self, request, pk, photo):
        item = get_object_or_404(
            TableclothPhoto.objects.select_related("table"), cafe=self.cafe, pk=photo
        )
        user = request.user
        if not (
            user.has_perm("cafes.view_harvest", self.cafe)
            or user.has_perm("cafes.view_table", item.table)
        ):
            raise Http404
        response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response
