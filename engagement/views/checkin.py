"""Check-in on the day, for volunteers on a phone.

The page is small and works without JavaScript (plain form posts). ``checkin.js`` makes it
quicker on a slow connection: it posts the code in the background, asks for a few bytes of
JSON back and keeps the page (no reload), and scans QR codes with the camera where the phone
supports it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ..forms.events import CheckInForm, WalkInForm
from ..models import Registration
from ..selectors.events import attendance_figures, registration_list
from ..services.checkin import (
    CheckIn,
    registration_check_in,
    registration_check_in_by_id,
    registration_undo_check_in,
    walk_in_add,
)
from .events import EventMixin


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _result_message(result: CheckIn) -> str:
    registration = result.registration
    people = registration.party_size
    if result.newly:
        if people > 1:
            return _("%(name)s checked in (%(people)s people).") % {
                "name": registration.name,
                "people": people,
            }
        return _("%(name)s checked in.") % {"name": registration.name}
    return _("%(name)s was already checked in.") % {"name": registration.name}


class CheckInMixin(EventMixin):
    permission_required = "engagement.check_in_event"

    def respond(self, *, result: CheckIn | None = None, error: str | None = None):
        if _wants_json(self.request):
            body = {"ok": error is None, "message": error or _result_message(result)}
            if result is not None:
                body.update(newly=result.newly, code=result.registration.code)
            body["figures"] = attendance_figures(event=self.event)
            return JsonResponse(body, status=200 if error is None else 400)
        if error:
            messages.error(self.request, error)
        elif result.newly:
            messages.success(self.request, _result_message(result))
        else:
            messages.warning(self.request, _result_message(result))
        return redirect("engagement:event_checkin", slug=self.event.slug)


class CheckInView(CheckInMixin, TemplateView):
    template_name = "engagement/event_checkin.html"

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "").strip()
        results = (
            registration_list(user=self.request.user, event=self.event, search=search)[:20]
            if search
            else None
        )
        return super().get_context_data(
            code_form=CheckInForm(),
            walk_in_form=WalkInForm(),
            search=search,
            results=results,
            figures=attendance_figures(event=self.event),
            **kwargs,
        )

    def post(self, request, slug):
        form = CheckInForm(request.POST)
        if not form.is_valid():
            return self.respond(error=_("Type or scan a code."))
        try:
            result = registration_check_in(
                event=self.event, code=form.cleaned_data["code"], actor=request.user
            )
        except ValidationError as exc:
            return self.respond(error=" ".join(exc.messages))
        return self.respond(result=result)


class CheckInByIdView(CheckInMixin, View):
    def post(self, request, slug, pk):
        try:
            result = registration_check_in_by_id(
                event=self.event, registration_id=pk, actor=request.user
            )
        except ValidationError as exc:
            return self.respond(error=" ".join(exc.messages))
        return self.respond(result=result)


class CheckInUndoView(CheckInMixin, View):
    def post(self, request, slug, pk):
        registration = get_object_or_404(Registration, event=self.event, pk=pk)
        registration_undo_check_in(registration=registration, actor=request.user)
        messages.info(request, _("Check-in undone for %(name)s.") % {"name": registration.name})
        return redirect("engagement:event_checkin", slug=slug)


class WalkInView(CheckInMixin, View):
    def post(self, request, slug):
        form = WalkInForm(request.POST)
        if not form.is_valid():
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            return self.respond(error=" ".join(errors))
        try:
            registration = walk_in_add(event=self.event, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            return self.respond(error=" ".join(exc.messages))
        return self.respond(result=CheckIn(registration=registration, newly=True))
