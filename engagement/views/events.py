"""Public event pages: the list, an event, booking, and the booking's own page (by signed link)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from ..forms.events import EqualityForm, EventFilterForm, RegistrationForm
from ..models import Area, Event, Programme, Registration, YouSaidWeDid
from ..selectors.events import event_list
from ..services.equality import equality_responses_submit
from ..services.messages import contact_note
from ..services.qr import code_qr_svg
from ..services.registrations import (
    event_places,
    registration_accept_offer,
    registration_cancel,
    registration_create,
)
from ..services.tokens import event_invite_valid, registration_from_token, registration_token
from .mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin, area_or_404


class EventListView(ListView):
    template_name = "engagement/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    @cached_property
    def filter_form(self) -> EventFilterForm:
        return EventFilterForm(self.request.GET or None)

    def get_queryset(self):
        form = self.filter_form
        filters = form.cleaned_data if form.is_valid() else {}
        return event_list(
            user=self.request.user,
            area=filters.get("area"),
            kind=filters.get("kind"),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class EventMixin(ScopedPermissionMixin):
    """Loads the event from the URL and checks ``permission_required`` against it. Invite-only
    events also need the invitation token (kept in the session once seen) unless the user is
    staff for the event."""

    permission_required = "engagement.view_event"

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(
            Event.objects.select_related("programme", "area"), slug=self.kwargs["slug"]
        )

    def get_permission_object(self):
        return self.event

    def has_permission(self) -> bool:
        if not super().has_permission():
            return False
        event = self.event
        if event.is_public or self.request.user.has_perm("engagement.view_managed_event", event):
            return True
        key = f"event-invite-{event.pk}"
        token = self.request.GET.get("invite")
        if event_invite_valid(event, token):
            self.request.session[key] = True
        if self.request.session.get(key):
            return True
        raise Http404(_("No such event."))

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class EventDetailView(EventMixin, TemplateView):
    template_name = "engagement/event_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(places=event_places(self.event), **kwargs)


class EventRegisterView(EventMixin, ServiceFormMixin, FormView):
    template_name = "engagement/event_register.html"
    form_class = RegistrationForm

    def get_initial(self):
        user = self.request.user
        if user.is_authenticated:
            return {"name": user.name, "email": user.email}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(places=event_places(self.event), **kwargs)

    def perform(self, form):
        return registration_create(event=self.event, user=self.request.user, **form.cleaned_data)

    def show_success(self, registration) -> None:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(
                self.request,
                _("You are booked. Your code is %(code)s.") % {"code": registration.code},
            )
        else:
            messages.info(self.request, _("The event is full, so you are on the waiting list."))
        note = contact_note(registration)
        if note:
            messages.info(self.request, note)

    def get_success_url(self) -> str:
        token = registration_token(self.object)
        return reverse("engagement:registration_manage", kwargs={"token": token})


class EventIcsView(EventMixin, View):
    def get(self, request, slug):
        from ..services.calendars import calendar_for

        body = calendar_for([self.event], name=self.event.title, request=request)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}.ics"'
        return response


class CalendarFeedView(View):
    """A subscribable calendar of a programme's or an area's public events (past 90 days on)."""

    def get(self, request, programme_slug, area_slug=None):
        from ..services.calendars import calendar_for, feed_events

        programme = get_object_or_404(Programme.objects.visible_to_public(), slug=programme_slug)
        area = get_object_or_404(Area, programme=programme, slug=area_slug) if area_slug else None
        events = feed_events(programme=programme, area=area)
        name = f"{programme.name} – {area.name}" if area else programme.name
        body = calendar_for(events, name=name, request=request)
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")


class RegistrationMixin:
    """The booking named by the signed token in the URL: no login needed."""

    @cached_property
    def registration(self) -> Registration:
        registration = registration_from_token(self.kwargs["token"])
        if registration is None or registration.anonymised_at:
            raise Http404(_("This link is not valid any more."))
        return registration

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration, event=self.registration.event, **kwargs
        )


class RegistrationManageView(RegistrationMixin, ServiceActionMixin, TemplateView):
    """The person's booking: code, QR, and buttons to cancel or to take up an offered place."""

    template_name = "engagement/registration_manage.html"
    # What each button does, and what the person is told when it has.
    actions = {
        "cancel": (
            registration_cancel,
            _("Your booking is cancelled. Thank you for letting us know."),
        ),
        "accept": (registration_accept_offer, _("The place is yours. See you there!")),
    }

    def chosen_action(self):
        action = self.actions.get(self.request.POST.get("action"))
        if action is None:
            raise PermissionDenied
        return action

    def perform(self):
        service, _message = self.chosen_action()
        return service(registration=self.registration)

    def get_success_message(self, result) -> str:
        return str(self.chosen_action()[1])

    def get_success_url(self) -> str:
        return reverse("engagement:registration_manage", kwargs={"token": self.kwargs["token"]})


class RegistrationQrView(RegistrationMixin, View):
    def get(self, request, token):
        response = HttpResponse(code_qr_svg(self.registration.code), content_type="image/svg+xml")
        response["Cache-Control"] = "private, max-age=86400"
        return response


class EqualityView(RegistrationMixin, ServiceFormMixin, FormView):
    """Optional equality questions, asked after booking and stored apart from it."""

    template_name = "engagement/event_equality.html"
    form_class = EqualityForm
    success_message = _("Thank you. Your answers are kept without your name.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "party_size": self.registration.party_size}

    def perform(self, form):
        return equality_responses_submit(
            registration=self.registration,
            consent=form.cleaned_data["consent"],
            people=form.people(),
        )

    def get_success_url(self) -> str:
        return reverse("engagement:registration_manage", kwargs={"token": self.kwargs["token"]})


class YouSaidWeDidView(ScopedPermissionMixin, ListView):
    """The public "you said, we did" page of an area."""

    template_name = "engagement/you_said_we_did.html"
    context_object_name = "items"
    permission_required = "engagement.view_programme"

    @cached_property
    def area(self) -> Area:
        return area_or_404(self.kwargs["programme_slug"], self.kwargs["slug"])

    def get_permission_object(self):
        return self.area.programme

    def get_queryset(self):
        qs = YouSaidWeDid.objects.filter(area=self.area).select_related("event")
        if not self.request.user.has_perm("engagement.change_you_said_we_did", self.area):
            qs = qs.public()
        return qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, programme=self.area.programme, **kwargs)


def manage_link(registration: Registration) -> str:
    return reverse(
        "engagement:registration_manage", kwargs={"token": registration_token(registration)}
    )
