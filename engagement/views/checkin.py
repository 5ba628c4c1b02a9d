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
from django.urls import reverse
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


def _access_needs(registration: Registration) -> str:
    """What the door must know at once (a wheelchair space, an interpreter), in words."""
    needs = registration.get_access_needs_display()
    if registration.access_notes.strip():
        needs.append(registration.access_notes.strip())
    if not needs:
        return ""
    return _("Access needs: %(needs)s.") % {"needs": "; ".join(needs)}


def _result_message(result: CheckIn) -> str:
    registration = result.registration
    people = registration.party_size
    if result.newly:
        if people > 1:
            text = _("%(name)s checked in (%(people)s people).") % {
                "name": registration.name,
                "people": people,
            }
        else:
            text = _("%(name)s checked in.") % {"name": registration.name}
    else:
        text = _("%(name)s was already checked in.") % {"name": registration.name}
    needs = _access_needs(registration)
    return f"{text} {needs}" if needs else text


class CheckInMixin(EventMixin):
    permission_required = "engagement.check_in_event"

    def respond(self, *, result: CheckIn | None = None, error: str | None = None):
        if _wants_json(self.request):
            body = {"ok": error is None, "message": error or _result_message(result)}
            if result is not None:
                registration = result.registration
                body.update(
                    newly=result.newly,
                    code=registration.code,
                    name=registration.name,
                    access_needs=_access_needs(registration),
                    undo=reverse(
                        "engagement:event_checkin_undo",
                        kwargs={"slug": self.event.slug, "pk": registration.pk},
                    ),
                )
            body["figures"] = attendance_figures(event=self.event)
            return JsonResponse(body, status=200 if error is None else 400)
        if error:
            messages.error(self.request, error)
        else:
            add = messages.success if result.newly else messages.warning
            add(self.request, _result_message(result))
            self.request.session["checkin_last"] = result.registration.pk
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
        last_pk = self.request.session.get("checkin_last")
        last = (
            Registration.objects.filter(
                event=self.event, pk=last_pk, checked_in_at__isnull=False
            ).first()
            if last_pk
            else None
        )
        return super().get_context_data(
            last_checked_in=last,
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
        message = _("Check-in undone for %(name)s.") % {"name": registration.name}
        if _wants_json(request):
            figures = attendance_figures(event=self.event)
            return JsonResponse({"ok": True, "message": message, "figures": figures})
        request.session.pop("checkin_last", None)
        messages.info(request, message)
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
