"""Coordinator pages: create, change and cancel events; registrations; live numbers; reach."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from ..forms.events import EventCancelForm, EventForm, PopulationForm, StaffRegistrationForm
from ..models import Area, Event, Programme, Registration
from ..selectors.events import (
    arrivals_over_time,
    attendance_figures,
    managed_event_list,
    message_problems,
    message_summary,
    registration_list,
    still_expected,
)
from ..selectors.reach import equality_profile, programme_equality_profile, reach_figures
from ..services.equality import population_figures_set
from ..services.events import event_cancel, event_create, event_update
from ..services.messages import contact_note, messages_retry_failed
from ..services.qr import code_qr_svg
from ..services.registration_export import registrations_export_csv
from ..services.registrations import event_places, registration_cancel, registration_create
from ..services.tokens import event_invite_token
from .events import EventMixin
from .mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin, area_or_404


class EventManageListView(LoginRequiredMixin, ScopedPermissionMixin, ListView):
    template_name = "engagement/event_manage_list.html"
    context_object_name = "events"
    permission_required = "engagement.view_dashboard"
    paginate_by = 30

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return managed_event_list(user=self.request.user)


class EventCreateView(ScopedPermissionMixin, ServiceFormMixin, CreateView):
    form_class = EventForm
    template_name = "engagement/event_form.html"
    permission_required = "engagement.add_event"
    success_message = _("Event saved.")

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return event_create(actor=self.request.user, **form.service_fields())

    def get_success_url(self):
        return self.object.get_absolute_url()


class EventUpdateView(EventMixin, ServiceFormMixin, UpdateView):
    form_class = EventForm
    template_name = "engagement/event_form.html"
    permission_required = "engagement.change_event"
    success_message = _("Event saved. Anyone booked has been told about a change of time or place.")

    def get_object(self, queryset=None):
        return self.event

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return event_update(actor=self.request.user, event=self.event, **form.service_fields())

    def get_success_url(self):
        return self.object.get_absolute_url()


class EventCancelView(EventMixin, ServiceFormMixin, FormView):
    form_class = EventCancelForm
    template_name = "engagement/event_cancel.html"
    permission_required = "engagement.change_event"
    success_message = _("The event is cancelled and everyone booked is being emailed.")

    def perform(self, form):
        return event_cancel(
            actor=self.request.user, event=self.event, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return self.event.get_absolute_url()


class EventRegistrationsView(EventMixin, ServiceFormMixin, FormView):
    """Everyone booked, with codes (printable), booking by phone or paper, and failed emails."""

    template_name = "engagement/event_registrations.html"
    permission_required = "engagement.view_event_registrations"
    form_class = StaffRegistrationForm

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self._csv()
        return super().get(request, *args, **kwargs)

    def _csv(self) -> HttpResponse:
        """The list as the page shows it (the same search), for a spreadsheet."""
        rows = registration_list(
            user=self.request.user, event=self.event, search=self.request.GET.get("q", "")
        )
        body = registrations_export_csv(
            actor=self.request.user, event=self.event, registrations=rows
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d")
        name = f"bookings-{self.event.slug}-{stamp}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "")
        return super().get_context_data(
            registrations=registration_list(
                user=self.request.user, event=self.event, search=search
            ),
            search=search,
            places=event_places(self.event),
            figures=attendance_figures(event=self.event),
            problems=message_problems(event=self.event)[:50],
            message_counts=message_summary(event=self.event),
            invite_token=event_invite_token(self.event) if not self.event.is_public else None,
            **kwargs,
        )

    def perform(self, form):
        return registration_create(event=self.event, actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, registration) -> str:
        booked = _("%(name)s is %(status)s. Their code is %(code)s.") % {
            "name": registration.name,
            "status": registration.get_status_display().lower(),
            "code": registration.code,
        }
        return " ".join(filter(None, [booked, contact_note(registration)]))

    def get_success_url(self) -> str:
        return reverse("engagement:event_registrations", kwargs={"slug": self.event.slug})


class EventEmailsRetryView(EventMixin, View):
    """ "Try the failed emails again": for whoever looks after the bookings list."""

    permission_required = "engagement.view_event_registrations"

    def post(self, request, slug):
        count = messages_retry_failed(event=self.event, actor=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s email will be tried again now.",
                    "%(count)s emails will be tried again now.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("No failed emails to try again."))
        return redirect("engagement:event_registrations", slug=slug)


class RegistrationStaffCancelView(EventMixin, ServiceActionMixin, View):
    permission_required = "engagement.register_others"
    success_message = _("Booking cancelled.")

    def perform(self):
        registration = get_object_or_404(Registration, event=self.event, pk=self.kwargs["pk"])
        return registration_cancel(registration=registration, actor=self.request.user)

    def get_success_url(self) -> str:
        return reverse("engagement:event_registrations", kwargs={"slug": self.event.slug})


class RegistrationCodeQrView(EventMixin, View):
    """QR of a booking's code for the printable list."""

    permission_required = "engagement.view_event_registrations"

    def get(self, request, slug, pk):
        registration = get_object_or_404(Registration, event=self.event, pk=pk)
        return HttpResponse(code_qr_svg(registration.code), content_type="image/svg+xml")


class EventLiveView(EventMixin, TemplateView):
    """Attendance numbers on a screen; ``events_live.js`` refreshes them from the JSON view."""

    template_name = "engagement/event_live.html"
    permission_required = "engagement.check_in_event"

    def get_context_data(self, **kwargs):
        arrivals = arrivals_over_time(event=self.event)
        biggest = max((a["arrived"] for a in arrivals), default=0) or 1
        for a in arrivals:
            a["height"] = round(100 * a["arrived"] / biggest)
        return super().get_context_data(
            figures=attendance_figures(event=self.event),
            arrivals=arrivals,
            expected=still_expected(event=self.event),
            **kwargs,
        )


class EventLiveJsonView(EventMixin, View):
    permission_required = "engagement.check_in_event"

    def get(self, request, slug):
        response = JsonResponse(attendance_figures(event=self.event))
        response["Cache-Control"] = "no-store"
        return response


class EventReachView(EventMixin, TemplateView):
    template_name = "engagement/event_reach.html"
    permission_required = "engagement.view_reach"

    def get_context_data(self, **kwargs):
        events = Event.objects.filter(pk=self.event.pk)
        return super().get_context_data(
            figures=reach_figures(events=events),
            profile=equality_profile(events=events, area=self.event.area),
            scope_name=self.event.title,
            **kwargs,
        )


class AreaReachView(ScopedPermissionMixin, TemplateView):
    template_name = "engagement/event_reach.html"
    permission_required = "engagement.view_reach"

    @cached_property
    def area(self) -> Area:
        return area_or_404(self.kwargs["programme_slug"], self.kwargs["slug"])

    def get_permission_object(self):
        return self.area

    def get_context_data(self, **kwargs):
        events = Event.objects.filter(area=self.area).exclude(status=Event.Status.CANCELLED)
        return super().get_context_data(
            figures=reach_figures(events=events),
            profile=equality_profile(events=events, area=self.area),
            scope_name=self.area.name,
            area=self.area,
            events=events.order_by("-starts_at"),
            **kwargs,
        )


class ProgrammeReachView(ScopedPermissionMixin, TemplateView):
    template_name = "engagement/event_reach.html"
    permission_required = "engagement.view_programme_reach"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        events = Event.objects.filter(programme=self.programme).exclude(
            status=Event.Status.CANCELLED
        )
        return super().get_context_data(
            figures=reach_figures(events=events),
            profile=programme_equality_profile(programme=self.programme, events=events),
            scope_name=self.programme.name,
            programme=self.programme,
            events=events.select_related("area").order_by("-starts_at"),
            **kwargs,
        )


class PopulationUpdateView(AreaReachView, ServiceFormMixin, FormView):
    template_name = "engagement/population_form.html"
    permission_required = "engagement.change_population"
    form_class = PopulationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_context_data(self, **kwargs):
        # The reach page's context (figures, profile) is not needed here, so its
        # get_context_data is skipped; the form must then be put in by hand, or the page has
        # no form at all.
        kwargs.setdefault("form", self.get_form())
        return TemplateView.get_context_data(self, area=self.area, **kwargs)

    success_message = _("Population figures saved.")

    def perform(self, form):
        return population_figures_set(
            actor=self.request.user, area=self.area, figures=form.figures()
        )

    def get_success_url(self) -> str:
        return reverse(
            "engagement:area_reach",
            kwargs={"programme_slug": self.area.programme.slug, "slug": self.area.slug},
        )
