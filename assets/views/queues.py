"""Lists of work waiting for somebody: the coordinators' safeguarding and organisation checks,
and an offerer's own offers."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import ListView

from engagement.views.mixins import ScopedPermissionMixin

from ..forms import SafeguardingQueueForm
from ..selectors import coordinated_areas, my_offers, organisation_queue, safeguarding_queue


class SafeguardingQueueView(LoginRequiredMixin, ScopedPermissionMixin, ListView):
    """Offers waiting for a safeguarding check, oldest first, with how long each has waited;
    below them, organisations waiting to be checked before they are published."""

    template_name = "assets/safeguarding_queue.html"
    context_object_name = "offers"
    permission_required = "assets.view_safeguarding_queue"
    paginate_by = 50

    def get_permission_object(self):
        return None

    @cached_property
    def filter_form(self) -> SafeguardingQueueForm:
        return SafeguardingQueueForm(
            self.request.GET or None, areas=coordinated_areas(user=self.request.user)
        )

    def get_queryset(self):
        area = self.filter_form.cleaned_data["area"] if self.filter_form.is_valid() else None
        return safeguarding_queue(user=self.request.user, area=area)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            now=timezone.now(),
            organisations=organisation_queue(user=self.request.user)[:100],
            **kwargs,
        )


class MyOffersView(LoginRequiredMixin, ListView):
    """Everything the signed-in person offered: who may see it, until when, its matches."""

    template_name = "assets/my_offers.html"
    context_object_name = "offers"
    paginate_by = 50

    def get_queryset(self):
        return my_offers(user=self.request.user)
