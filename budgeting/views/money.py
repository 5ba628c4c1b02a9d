"""The coordinator's money page for a round's pot: contributions, awards, what is left."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from engagement.views.mixins import ScopedPermissionMixin, ServiceFormMixin

from ..forms import ContributionForm, ContributionUpdateForm
from ..models import Award, Contribution
from ..selectors import pot_contributions_by_source, round_figures
from ..services import contribution_add, contribution_update
from .common import RoundMixin


class RoundMoneyView(RoundMixin, ScopedPermissionMixin, ServiceFormMixin, FormView):
    """Pot totals, contributions by source, awards; coordinators add contributions here."""

    template_name = "budgeting/round_money.html"
    permission_required = "budgeting.view_pot"
    form_class = ContributionForm
    success_message = gettext_lazy("Contribution added.")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.helper.form_action = reverse("budgeting:round_money", kwargs={"slug": self.round.slug})
        return form

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("budgeting.manage_pot", self.round.pot):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pot = self.round.pot
        pot.refresh_from_db()
        context.update(
            pot=pot,
            contributions=pot.contributions.all(),
            by_source=pot_contributions_by_source(pot=pot),
            awards=Award.objects.filter(pot=pot).select_related("bid", "category"),
            categories=self.round.categories.all(),
            figures=round_figures(round=self.round),
            can_manage=self.request.user.has_perm("budgeting.manage_pot", pot),
        )
        return context

    def perform(self, form):
        return contribution_add(actor=self.request.user, pot=self.round.pot, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("budgeting:round_money", kwargs={"slug": self.round.slug})


class ContributionUpdateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    template_name = "budgeting/contribution_form.html"
    permission_required = "budgeting.manage_pot"
    form_class = ContributionUpdateForm
    success_message = gettext_lazy("Contribution saved.")

    @cached_property
    def contribution(self) -> Contribution:
        return get_object_or_404(
            Contribution.objects.select_related("pot__area"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.contribution.pot

    def get_initial(self):
        return {
            "pledged_pence": self.contribution.pledged_pence,
            "received_pence": self.contribution.received_pence,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(contribution=self.contribution, **kwargs)

    def perform(self, form):
        return contribution_update(
            actor=self.request.user, contribution=self.contribution, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        round_ = self.contribution.pot.rounds.order_by("-submission_opens").first()
        if round_ is None:
            return reverse("budgeting:round_list")
        return reverse("budgeting:round_money", kwargs={"slug": round_.slug})
