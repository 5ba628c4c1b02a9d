from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from ..selectors import managed_programmes, programme_list, user_roles_summary
from ..selectors.tension import tension_needing_attention
from .mixins import ScopedPermissionMixin


class HomeView(TemplateView):
    """What is on and how to take part, for a resident arriving from a leaflet or a QR code."""

    template_name = "engagement/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = (
            programme_list(user=self.request.user)
            .exclude(status="closed")
            .prefetch_related("areas")
        )
        return context


class DashboardView(LoginRequiredMixin, ScopedPermissionMixin, TemplateView):
    template_name = "engagement/dashboard.html"
    permission_required = "engagement.view_dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["roles"] = user_roles_summary(user=user)
        context["managed_programmes"] = managed_programmes(user=user).prefetch_related("areas")
        if user.has_perm("engagement.view_tension"):
            context["tension_attention"] = list(tension_needing_attention(user=user)[:10])
        return context


class PrivacyView(TemplateView):
    template_name = "engagement/privacy.html"


class AccessibilityView(TemplateView):
    template_name = "engagement/accessibility.html"
