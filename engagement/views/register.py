"""The engagement register (partnership working) and managing "you said, we did"."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView, UpdateView

from ..forms.events import ActivityFilterForm, ActivityForm, YouSaidWeDidForm
from ..models import Area, EngagementActivity, Strand, YouSaidWeDid
from ..selectors.register import activity_gaps, activity_list, register_areas
from ..services.register import (
    activity_create,
    activity_update,
    you_said_we_did_create,
    you_said_we_did_update,
)
from .mixins import ScopedPermissionMixin, ServiceFormMixin, area_or_404


class ActivityListView(LoginRequiredMixin, ScopedPermissionMixin, ListView):
    """Search the register and see gaps: strand × audience counts for the chosen area."""

    template_name = "engagement/activity_list.html"
    context_object_name = "activities"
    permission_required = "engagement.view_register"
    paginate_by = 30

    def get_permission_object(self):
        return None

    @cached_property
    def filter_form(self) -> ActivityFilterForm:
        return ActivityFilterForm(
            self.request.GET or None, areas=register_areas(user=self.request.user)
        )

    @cached_property
    def filters(self) -> dict:
        return self.filter_form.cleaned_data if self.filter_form.is_valid() else {}

    def get_queryset(self):
        return activity_list(user=self.request.user, **self.filters)

    def get_context_data(self, **kwargs):
        gaps = activity_gaps(user=self.request.user, area=self.filters.get("area"))
        return super().get_context_data(
            filter_form=self.filter_form, gaps=gaps, strands=Strand.labels, **kwargs
        )


class ActivityCreateView(LoginRequiredMixin, ScopedPermissionMixin, ServiceFormMixin, CreateView):
    form_class = ActivityForm
    template_name = "engagement/activity_form.html"
    permission_required = "engagement.add_activity"
    success_message = _("Activity added to the register.")

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return activity_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        from django.urls import reverse

        return reverse("engagement:activity_list")


class ActivityUpdateView(LoginRequiredMixin, ScopedPermissionMixin, ServiceFormMixin, UpdateView):
    form_class = ActivityForm
    template_name = "engagement/activity_form.html"
    permission_required = "engagement.change_activity"
    success_message = _("Activity saved.")
    queryset = EngagementActivity.objects.select_related("programme", "area")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = dict(form.cleaned_data)
        data.pop("programme", None)
        return activity_update(actor=self.request.user, activity=self.get_object(), **data)

    def get_success_url(self):
        from django.urls import reverse

        return reverse("engagement:activity_list")


class AreaScopedMixin:
    @cached_property
    def area(self) -> Area:
        return area_or_404(self.kwargs["programme_slug"], self.kwargs["area_slug"])

    def get_permission_object(self):
        return self.area

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, **kwargs)

    def get_success_url(self):
        from django.urls import reverse

        return reverse(
            "engagement:you_said_we_did",
            kwargs={"programme_slug": self.area.programme.slug, "slug": self.area.slug},
        )


class YouSaidWeDidCreateView(AreaScopedMixin, ScopedPermissionMixin, ServiceFormMixin, CreateView):
    form_class = YouSaidWeDidForm
    template_name = "engagement/you_said_we_did_form.html"
    permission_required = "engagement.change_you_said_we_did"
    success_message = _("Saved.")

    def perform(self, form):
        return you_said_we_did_create(actor=self.request.user, area=self.area, **form.cleaned_data)


class YouSaidWeDidUpdateView(AreaScopedMixin, ScopedPermissionMixin, ServiceFormMixin, UpdateView):
    form_class = YouSaidWeDidForm
    template_name = "engagement/you_said_we_did_form.html"
    permission_required = "engagement.change_you_said_we_did"
    success_message = _("Saved.")

    def get_queryset(self):
        return YouSaidWeDid.objects.filter(area=self.area)

    def perform(self, form):
        return you_said_we_did_update(
            actor=self.request.user, item=self.get_object(), **form.cleaned_data
        )
