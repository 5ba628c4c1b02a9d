"""Coordinator pages for seating: who is here, seating rules, and the plan for every round."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from engagement.views.mixins import ServiceActionMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import ConstraintForm, ParticipantForm
from ..models import Participant, SeatingConstraint
from .common import CafeMixin


def seating_url(cafe) -> str:
    return reverse("cafes:seating", kwargs={"pk": cafe.pk})


class SeatingView(CafeMixin, TemplateView):
    template_name = "cafes/seating.html"

    def get_context_data(self, **kwargs):
        cafe = self.cafe
        return super().get_context_data(
            participants=selectors.participant_list(cafe),
            rules=cafe.constraints.select_related("first__registration", "second__registration"),
            constraint_form=kwargs.pop("constraint_form", None) or ConstraintForm(cafe=cafe),
            grid=selectors.seating_grid(cafe),
            unmet_needs=selectors.unmet_needs(cafe),
            tables_without_host=selectors.tables_without_host(cafe),
            **kwargs,
        )


class SeatingActionView(CafeMixin, ServiceActionMixin, View):
    def get_success_url(self) -> str:
        return seating_url(self.cafe)


class ParticipantsSyncView(SeatingActionView):
    def perform(self):
        return services.participants_sync(actor=self.request.user, cafe=self.cafe)

    def get_success_message(self, result) -> str:
        return _("%(added)s added, %(left)s taken off the list.") % {
            "added": result.added,
            "left": result.left,
        }


class SeatingPlanView(SeatingActionView):
    def perform(self):
        return services.seating_plan(
            actor=self.request.user,
            cafe=self.cafe,
            seat_everyone_else=self.request.POST.get("everyone_else") == "1",
        )

    def get_success_message(self, cafe) -> str:
        if cafe.current_round:
            text = _(
                "Seating planned again from round %(n)s; rounds already played are unchanged."
            ) % {"n": cafe.current_round + 1}
        else:
            text = _("Seating planned.")
        return f"{text} " + _("Repeated pairs: %(n)s.") % {"n": cafe.seating_repeats}


class ParticipantMixin(CafeMixin):
    @cached_property
    def participant(self) -> Participant:
        return get_object_or_404(
            Participant.objects.select_related("registration"),
            cafe=self.cafe,
            pk=self.kwargs["person"],
        )

    def get_success_url(self) -> str:
        return seating_url(self.cafe)


class ParticipantEditView(ParticipantMixin, ServiceFormMixin, FormView):
    template_name = "cafes/participant_form.html"
    form_class = ParticipantForm
    success_message = gettext_lazy("Saved. Plan the seating again to use it.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.participant}

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)

    def perform(self, form):
        return services.participant_update(
            actor=self.request.user, participant=self.participant, **form.cleaned_data
        )


class ParticipantLeaveView(ParticipantMixin, SeatingActionView):
    def perform(self):
        return services.participant_leave(actor=self.request.user, participant=self.participant)

    def get_success_message(self, result) -> str:
        return _("%(name)s has left.") % {"name": self.participant.name}


class ParticipantReturnView(ParticipantMixin, SeatingActionView):
    def perform(self):
        return services.participant_return(actor=self.request.user, participant=self.participant)

    def get_success_message(self, result) -> str:
        return _("%(name)s is back.") % {"name": self.participant.name}


class ConstraintAddView(CafeMixin, ServiceFormMixin, FormView):
    form_class = ConstraintForm
    template_name = "cafes/seating.html"
    success_message = gettext_lazy("Rule added. Plan the seating again to use it.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cafe": self.cafe}

    def get(self, request, *args, **kwargs):
        return redirect(seating_url(self.cafe))

    def perform(self, form):
        return services.constraint_add(actor=self.request.user, cafe=self.cafe, **form.cleaned_data)

    def form_invalid(self, form):
        view = SeatingView(request=self.request, kwargs=self.kwargs)
        return view.render_to_response(view.get_context_data(constraint_form=form))

    def get_success_url(self) -> str:
        return seating_url(self.cafe)


class ConstraintRemoveView(SeatingActionView):
    success_message = gettext_lazy("Rule removed.")

    def perform(self):
        rule = get_object_or_404(SeatingConstraint, cafe=self.cafe, pk=self.kwargs["rule"])
        return services.constraint_remove(actor=self.request.user, rule=rule)
