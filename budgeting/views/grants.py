"""Coordinators' pages for a funded project's money and updates: change, remove and pay a
planned payment (paying asks to confirm), and check the group's progress updates before they
are public."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from ..forms import GrantAcceptForm, MilestoneForm, SignedCopyForm, UpdateModerationForm
from ..models import Milestone, MonitoringUpdate
from ..selectors import waiting_update_list
from ..services import (
    flag_messages,
    grant_offer_accept,
    grant_offer_signed_upload,
    milestone_pay,
    milestone_remove,
    milestone_update,
    monitoring_update_approve,
    monitoring_update_reject,
)
from .common import ProjectMixin


class MilestoneMixin(ScopedPermissionMixin):
    permission_required = "budgeting.manage_project"

    @cached_property
    def milestone(self) -> Milestone:
        return get_object_or_404(
            Milestone.objects.select_related("project__bid__round__area", "project__award"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.milestone.project

    def get_success_url(self) -> str:
        return self.milestone.project.get_absolute_url()

    def get_context_data(self, **kwargs):
        project = self.milestone.project
        return super().get_context_data(
            milestone=self.milestone, project=project, bid=project.bid, **kwargs
        )


class MilestoneEditView(MilestoneMixin, ServiceFormMixin, FormView):
    template_name = "budgeting/milestone_form.html"
    form_class = MilestoneForm
    success_message = gettext_lazy("Payment changed.")

    def get_initial(self):
        m = self.milestone
        return {"title": m.title, "amount_pence": m.amount_pence, "due_date": m.due_date}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.helper.inputs[0].value = str(gettext_lazy("Save the payment"))
        return form

    def perform(self, form):
        return milestone_update(
            actor=self.request.user, milestone=self.milestone, **form.cleaned_data
        )


class MilestoneRemoveView(MilestoneMixin, ServiceActionMixin, View):
    success_message = gettext_lazy("Payment taken out of the schedule.")

    def perform(self):
        return milestone_remove(actor=self.request.user, milestone=self.milestone)


class MilestonePayView(MilestoneMixin, ServiceActionMixin, TemplateView):
    """GET asks "are you sure?" with the figures; POST records the payment."""

    template_name = "budgeting/milestone_pay.html"
    success_message = gettext_lazy("Payment recorded.")

    def perform(self):
        return milestone_pay(actor=self.request.user, milestone=self.milestone)


class UpdateQueueView(ScopedPermissionMixin, ListView):
    template_name = "budgeting/update_queue.html"
    permission_required = "budgeting.view_overdue"
    context_object_name = "updates"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return waiting_update_list(user=self.request.user)


class UpdateModerateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    template_name = "budgeting/update_moderate.html"
    permission_required = "budgeting.manage_project"
    form_class = UpdateModerationForm

    @cached_property
    def update(self) -> MonitoringUpdate:
        return get_object_or_404(
            MonitoringUpdate.objects.select_related("project__bid__round__area", "project__award"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.update.project

    def get_initial(self):
        return {"progress": self.update.progress, "note": self.update.moderator_note}

    def get_context_data(self, **kwargs):
        project = self.update.project
        return super().get_context_data(
            update=self.update,
            project=project,
            bid=project.bid,
            flags=flag_messages(self.update),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        if data["decision"] == "reject":
            return monitoring_update_reject(
                actor=self.request.user, update=self.update, note=data["note"]
            )
        return monitoring_update_approve(
            actor=self.request.user,
            update=self.update,
            progress=data["progress"],
            note=data["note"],
        )

    def get_success_message(self, result) -> str:
        if result.status == MonitoringUpdate.Status.APPROVED:
            return str(gettext_lazy("The update is now on the public page."))
        return str(gettext_lazy("The update will not be published. The group can see why."))

    def get_success_url(self) -> str:
        return self.update.project.get_absolute_url()


class GrantOfferMixin(ProjectMixin, ScopedPermissionMixin, ServiceFormMixin, FormView):
    """The group accepts the grant offer, online or with a signed copy (POST from the
    project's page; errors show on this small page)."""

    template_name = "budgeting/grant_accept.html"
    permission_required = "budgeting.add_update"
    success_message = gettext_lazy("Thank you: the grant offer is accepted.")

    def get_success_url(self) -> str:
        return self.project.get_absolute_url()


class GrantAcceptView(GrantOfferMixin):
    form_class = GrantAcceptForm

    def perform(self, form):
        return grant_offer_accept(
            actor=self.request.user, project=self.project, **form.cleaned_data
        )


class SignedCopyView(GrantOfferMixin):
    form_class = SignedCopyForm

    def perform(self, form):
        return grant_offer_signed_upload(
            actor=self.request.user, project=self.project, upload=form.cleaned_data["signed_copy"]
        )
