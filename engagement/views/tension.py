"""Community Tension Assessments: coordinators only; every change kept in history."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from ..forms.events import TensionForm
from ..models import TensionAssessment
from ..selectors.tension import tension_history, tension_list, tension_needing_attention
from ..services.tension import tension_create, tension_update
from .mixins import ScopedPermissionMixin, ServiceFormMixin


class TensionListView(LoginRequiredMixin, ScopedPermissionMixin, ListView):
    template_name = "engagement/tension_list.html"
    context_object_name = "assessments"
    permission_required = "engagement.view_tension"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return tension_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        attention = tension_needing_attention(user=self.request.user)
        return super().get_context_data(
            attention_high=attention.filter(
                tension_level__in=TensionAssessment.HIGH_LEVELS
            ).count(),
            attention_overdue=attention.filter(next_review_on__lt=timezone.localdate()).count(),
            **kwargs,
        )


class TensionDetailView(LoginRequiredMixin, ScopedPermissionMixin, DetailView):
    template_name = "engagement/tension_detail.html"
    context_object_name = "assessment"
    permission_required = "engagement.view_tension"
    queryset = TensionAssessment.objects.select_related("programme", "area", "owner")

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=tension_history(assessment=self.object), **kwargs)


class TensionCreateView(LoginRequiredMixin, ScopedPermissionMixin, ServiceFormMixin, CreateView):
    form_class = TensionForm
    template_name = "engagement/tension_form.html"
    permission_required = "engagement.add_tension"
    success_message = _("Assessment recorded.")

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return tension_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        from django.urls import reverse

        return reverse("engagement:tension_detail", kwargs={"pk": self.object.pk})


class TensionUpdateView(LoginRequiredMixin, ScopedPermissionMixin, ServiceFormMixin, UpdateView):
    form_class = TensionForm
    template_name = "engagement/tension_form.html"
    permission_required = "engagement.change_tension"
    success_message = _("Assessment updated. The earlier version is kept in its history.")
    queryset = TensionAssessment.objects.select_related("programme", "area")

    def get_permission_object(self):
        return self.get_object()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        from django.urls import reverse

        return reverse("engagement:tension_detail", kwargs={"pk": self.object.pk})

    def perform(self, form):
        data = dict(form.cleaned_data)
        data.pop("programme", None)
        return tension_update(actor=self.request.user, assessment=self.get_object(), **data)
