"""A table host's details on the People pages: training date, how to reach them, their tables."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views.generic import FormView

from ..forms.people import HostProfileForm
from ..models import Role
from ..services.hosts import host_profile_get, host_profile_update
from ..services.roles import may_grant
from .mixins import ServiceFormMixin
from .people import AssignmentMixin


class HostProfileView(AssignmentMixin, ServiceFormMixin, FormView):
    template_name = "engagement/host_profile.html"
    form_class = HostProfileForm
    assignment_roles = (Role.TABLE_HOST,)

    def manageable(self) -> bool:
        a = self.assignment
        return may_grant(self.request.user, role=a.role, programme=a.programme, area=a.area)

    def get_initial(self):
        profile = host_profile_get(self.assignment.user)
        if profile is None:
            return {}
        return {
            "trained_on": profile.trained_on,
            "phone": profile.phone,
            "contact_by": profile.contact_by,
        }

    def perform(self, form):
        return host_profile_update(
            actor=self.request.user, assignment=self.assignment, **form.cleaned_data
        )

    def get_success_message(self, profile) -> str:
        return _("The host details of %(name)s are saved.") % {"name": profile.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.programme,
            area=self.area,
            assignment=self.assignment,
            host=self.assignment.user,
            profile=host_profile_get(self.assignment.user),
            manageable=self.manageable(),
            people_url=self.people_url(),
            **kwargs,
        )
