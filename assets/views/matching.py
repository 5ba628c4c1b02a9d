"""Match an offer to a need starting from the offer (its page or a search result), not only
from the need's suggestions."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from engagement.views.mixins import ScopedPermissionMixin, ServiceFormMixin

from ..forms_matching import OfferMatchForm
from ..models import Need
from ..selectors import need_list
from ..services import match_create
from .offers import OfferObjectMixin


class OfferMatchView(
    LoginRequiredMixin, OfferObjectMixin, ScopedPermissionMixin, ServiceFormMixin, FormView
):
    form_class = OfferMatchForm
    template_name = "assets/offer_match.html"
    permission_required = "assets.manage_needs_anywhere"
    success_message = _("Matched. Log each contact as you make it.")

    def get_permission_object(self):
        return None

    def open_needs(self):
        return need_list(user=self.request.user).filter(
            status=Need.Status.OPEN, area__programme_id=self.offer.area.programme_id
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "needs": self.open_needs()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def perform(self, form):
        need = form.cleaned_data["need"]
        if not self.request.user.has_perm("assets.add_match", need):
            raise PermissionDenied
        return match_create(actor=self.request.user, need=need, offer=self.offer)

    def get_success_url(self):
        return self.object.get_absolute_url()
