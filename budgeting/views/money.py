"""The coordinator's money page for a round's pot: contributions, awards, what is left."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from engagement.models import Programme
from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from ..forms import ContributionForm, ContributionUpdateForm, ProgrammePotsForm
from ..models import Award, Contribution, FundingPot
from ..selectors import pot_contributions_by_source, round_figures
from ..services import (
    contribution_add,
    contribution_remove,
    contribution_update,
    programme_pots_set,
)
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
            "pledged_on": self.contribution.pledged_on,
            "received_on": self.contribution.received_on,
            "note": self.contribution.note,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(contribution=self.contribution, **kwargs)

    def perform(self, form):
        return contribution_update(
            actor=self.request.user, contribution=self.contribution, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("budgeting:pot_money", kwargs={"pk": self.contribution.pot_id})


class PotMoneyView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """A pot's own money page: its contributions (with dates and notes) whether or not a round
    exists yet; coordinators add, correct and remove them here."""

    template_name = "budgeting/pot_money.html"
    permission_required = "budgeting.view_pot"
    form_class = ContributionForm
    success_message = gettext_lazy("Contribution added.")

    @cached_property
    def pot(self) -> FundingPot:
        return get_object_or_404(
            FundingPot.objects.select_related("area__programme"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.pot

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("budgeting.manage_pot", self.pot):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pot=self.pot,
            contributions=self.pot.contributions.all(),
            can_manage=self.request.user.has_perm("budgeting.manage_pot", self.pot),
            **kwargs,
        )

    def perform(self, form):
        return contribution_add(actor=self.request.user, pot=self.pot, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("budgeting:pot_money", kwargs={"pk": self.pot.pk})


class ContributionRemoveView(ScopedPermissionMixin, ServiceActionMixin, View):
    permission_required = "budgeting.manage_pot"
    success_message = gettext_lazy("Contribution removed.")

    @cached_property
    def contribution(self) -> Contribution:
        return get_object_or_404(Contribution.objects.select_related("pot"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.contribution.pot

    def perform(self):
        return contribution_remove(actor=self.request.user, contribution=self.contribution)

    def get_success_url(self) -> str:
        return reverse("budgeting:pot_money", kwargs={"pk": self.contribution.pot_id})


class ProgrammePotsView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """One step for a programme: a pot in every area with the same target and seed money."""

    template_name = "budgeting/setup/programme_pots.html"
    permission_required = "budgeting.manage_pot"
    form_class = ProgrammePotsForm
    success_message = gettext_lazy("Every area's pot is set up.")

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.programme,
            pots=FundingPot.objects.filter(area__programme=self.programme).select_related("area"),
            **kwargs,
        )

    def perform(self, form):
        return programme_pots_set(
            actor=self.request.user, programme=self.programme, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("budgeting:programme_pots", kwargs={"slug": self.programme.slug})
