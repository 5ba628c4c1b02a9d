"""The coordinator's set-up pages: funding pots and bid rounds (dates, rules, priorities,
category pots, the how-to-bid text), and the after-the-vote buttons: revoke an award, move
what is left in the category pots, close the bids that were not funded.

Coordinators of the area (or the whole programme) and superusers change things; the PCC office
reads. Every write is one service call; a refusal becomes a form error and nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from engagement.languages import in_source_language
from engagement.selectors.events import coordinated_areas, coordinated_programmes
from engagement.views.mixins import ScopedPermissionMixin, ServiceFormMixin

from ..forms_setup import (
    CategoryForm,
    ConfirmForm,
    FeedbackPrioritiesForm,
    OrganisationMergeForm,
    PotForm,
    PriorityForm,
    RevokeAwardForm,
    RoundForm,
)
from ..models import Award, Category, FundingPot, Phase, Priority
from ..rules import AFTER_VOTING
from ..selectors import organisation_list
from ..selectors.setup import (
    feedback_priority_options,
    leftover_preview,
    setup_pot_list,
    setup_round_list,
    unfunded_bids,
)
from ..services import (
    award_revoke,
    category_create,
    category_leftovers_move,
    category_update,
    organisation_merge,
    pot_create,
    priority_add,
    round_close_unfunded,
    round_create,
    round_update,
)
from ..services.pots import pot_update
from ..services.rounds import priorities_from_feedback, priority_remove
from .common import RoundMixin


def _setup_url(round_) -> str:
    return reverse("budgeting:round_setup", kwargs={"slug": round_.slug})


class SetupIndexView(ScopedPermissionMixin, TemplateView):
    """Pots and rounds in the areas the person looks after (PCC office: read only)."""

    template_name = "budgeting/setup/index.html"
    permission_required = "budgeting.view_pot"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            pots=setup_pot_list(user=user),
            rounds=setup_round_list(user=user),
            can_create=user.has_perm("budgeting.manage_pot"),
            programmes=coordinated_programmes(user=user),
            **kwargs,
        )


# --- Pots ------------------------------------------------------------------------------------


class PotCreateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """A new pot in one of the coordinator's areas (any coordinator may open the page; the area
    list holds only the areas they coordinate)."""

    template_name = "budgeting/setup/pot_form.html"
    permission_required = "budgeting.manage_pot"
    form_class = PotForm
    success_message = gettext_lazy(
        "Funding pot created. Add its contributions on a round's Money page."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": coordinated_areas(user=self.request.user)}

    def perform(self, form):
        return pot_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("budgeting:setup")


class PotUpdateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    template_name = "budgeting/setup/pot_form.html"
    permission_required = "budgeting.manage_pot"
    form_class = PotForm
    success_message = gettext_lazy("Funding pot saved.")

    @cached_property
    def pot(self) -> FundingPot:
        return get_object_or_404(FundingPot.objects.select_related("area"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.pot

    def get_initial(self):
        return {"name": self.pot.name, "target_pence": self.pot.target_pence}

    def get_context_data(self, **kwargs):
        return super().get_context_data(pot=self.pot, rounds=self.pot.rounds.all(), **kwargs)

    def perform(self, form):
        return pot_update(actor=self.request.user, pot=self.pot, **form.cleaned_data)

    def get_success_url(self):
        return reverse("budgeting:setup")


# --- Rounds ----------------------------------------------------------------------------------


class RoundCreateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    template_name = "budgeting/setup/round_form.html"
    permission_required = "budgeting.manage_round"
    form_class = RoundForm
    success_message = gettext_lazy("Bid round created. Add its priorities below.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": coordinated_areas(user=self.request.user)}

    def get_initial(self):
        initial = {"require_postcode_in_area": True, "max_bids_per_group": 1}
        wanted = self.request.GET.get("pot", "")
        pot = FundingPot.objects.filter(pk=wanted).first() if wanted.isdigit() else None
        if pot is not None:
            initial.update(area=pot.area_id, pot=pot.pk)
        return initial

    def perform(self, form):
        return round_create(
            actor=self.request.user, area=form.cleaned_data["area"], **form.service_fields()
        )

    def get_success_url(self):
        return _setup_url(self.object)


class RoundUpdateView(RoundMixin, ScopedPermissionMixin, ServiceFormMixin, FormView):
    template_name = "budgeting/setup/round_form.html"
    permission_required = "budgeting.manage_round"
    form_class = RoundForm
    success_message = gettext_lazy("Bid round saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round": self.round}

    def get_initial(self):
        fields = self.form_class.base_fields
        # The plain names are the English texts, whatever language this page is in.
        with in_source_language():
            return {
                name: getattr(self.round, name if name != "pot" else "pot_id")
                for name in fields
                if name != "area"
            }

    def perform(self, form):
        return round_update(actor=self.request.user, round=self.round, **form.service_fields())

    def get_success_url(self):
        return _setup_url(self.object)


# One form per action on the round's set-up page: (context name, form, permission).
SETUP_ACTIONS = {
    "priority": ("priority_form", PriorityForm, "budgeting.manage_round"),
    "from-feedback": ("feedback_form", FeedbackPrioritiesForm, "budgeting.manage_round"),
    "category": ("category_form", CategoryForm, "budgeting.manage_pot"),
}


class RoundSetupView(RoundMixin, ScopedPermissionMixin, TemplateView):
    """One round's set-up: its rules and dates, priorities, category pots and, after the vote,
    the leftover and close buttons."""

    template_name = "budgeting/setup/round_setup.html"
    permission_required = "budgeting.view_pot"

    @cached_property
    def feedback_options(self) -> list[dict]:
        return feedback_priority_options(round=self.round)

    def make_form(self, action: str, data=None):
        _name, form_class, _perm = SETUP_ACTIONS[action]
        kwargs = {}
        if form_class is PriorityForm:
            kwargs["round"] = self.round
        if form_class is FeedbackPrioritiesForm:
            kwargs["options"] = self.feedback_options
        form = form_class(data, prefix=action, **kwargs)
        form.helper.form_action = reverse(
            "budgeting:round_setup_action", kwargs={"slug": self.round.slug, "action": action}
        )
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, round_ = self.request.user, self.round
        for action, (name, _form_class, perm) in SETUP_ACTIONS.items():
            context[f"can_{name}"] = user.has_perm(perm, round_)
            if name not in context:
                context[name] = self.make_form(action)
        phase = round_.phase_at()
        context.update(
            phase=phase,
            pot=round_.pot,
            priorities=round_.priorities.select_related("cafe_theme"),
            categories=round_.categories.all(),
            feedback_options=self.feedback_options,
            can_manage=user.has_perm("budgeting.manage_round", round_),
            can_money=user.has_perm("budgeting.manage_pot", round_),
            after_voting=phase in AFTER_VOTING,
            results=phase == Phase.RESULTS,
            unfunded_count=unfunded_bids(round=round_).count(),
        )
        return context


class RoundSetupActionView(ServiceFormMixin, RoundSetupView):
    """POST one of the set-up page's forms; errors show on the page again, nothing saved."""

    http_method_names = ["post"]

    def get_permission_required(self):
        if self.kwargs["action"] not in SETUP_ACTIONS:
            return ["budgeting.no_such_action"]
        return [SETUP_ACTIONS[self.kwargs["action"]][2]]

    def post(self, request, slug, action):
        form = self.make_form(action, request.POST)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_invalid(self, form):
        name = SETUP_ACTIONS[self.kwargs["action"]][0]
        return self.render_to_response(self.get_context_data(**{name: form}))

    def get_success_message(self, message: str) -> str:
        return message

    def get_success_url(self) -> str:
        return _setup_url(self.round)

    def perform(self, form) -> str:
        """Call the action's service; the success message is the answer."""
        action = self.kwargs["action"]
        actor, round_, data = self.request.user, self.round, form.cleaned_data
        if action == "priority":
            priority_add(actor=actor, round=round_, **data)
            return _("Priority added.")
        if action == "from-feedback":
            said = _("You said, we did")
            items = [
                (o["title"], o["source"], o["cafe_theme"])
                if o["cafe_theme"]
                else (o["title"], f"{said}: {o['source']}" if o["source"] else said, None)
                for o in form.chosen()
            ]
            added = priorities_from_feedback(actor=actor, round=round_, items=items)
            return ngettext(
                "%(count)s priority added.", "%(count)s priorities added.", len(added)
            ) % {"count": len(added)}
        category_create(actor=actor, round=round_, **data)
        return _("Category pot added.")


class CategoryUpdateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """Rename, re-budget or re-order a category pot (see ``services.pots.category_update``)."""

    template_name = "budgeting/setup/category_form.html"
    permission_required = "budgeting.manage_round"
    form_class = CategoryForm
    success_message = gettext_lazy("Category pot saved.")

    @cached_property
    def category(self) -> Category:
        return get_object_or_404(
            Category.objects.select_related("round__area", "round__pot"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.category.round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Save the category pot")}

    def get_initial(self):
        c = self.category
        return {"name": c.name, "budget_pence": c.budget_pence, "order": c.order}

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, round=self.category.round, **kwargs)

    def perform(self, form):
        return category_update(actor=self.request.user, category=self.category, **form.cleaned_data)

    def get_success_url(self) -> str:
        return _setup_url(self.category.round)


class PriorityRemoveView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """Confirm, then take a priority off the round (refused once a bid has chosen it)."""

    template_name = "budgeting/setup/confirm.html"
    permission_required = "budgeting.manage_round"
    form_class = ConfirmForm
    success_message = gettext_lazy("Priority removed.")

    @cached_property
    def priority(self) -> Priority:
        return get_object_or_404(
            Priority.objects.select_related("round__area"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.priority.round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Remove the priority")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.priority.round,
            title=_("Remove a priority"),
            explanation=_("“%(title)s” will no longer be one of the round's priorities.")
            % {"title": self.priority.title},
            **kwargs,
        )

    def perform(self, form):
        return priority_remove(actor=self.request.user, priority=self.priority)

    def get_success_url(self) -> str:
        return _setup_url(self.priority.round)


# --- After the vote ----------------------------------------------------------------------------


class RoundConfirmActionView(RoundMixin, ScopedPermissionMixin, ServiceFormMixin, FormView):
    """A confirmation page with one button for an after-the-vote action on the whole round.
    ``perform`` calls the service and answers the success message."""

    template_name = "budgeting/setup/confirm.html"
    form_class = ConfirmForm
    phases: tuple[str, ...] = ()
    phase_message = ""
    submit_label = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": self.submit_label}

    def in_phase(self) -> bool:
        return self.round.phase_at() in self.phases

    def get(self, request, *args, **kwargs):
        if not self.in_phase():
            messages.error(request, self.phase_message)
            return redirect(_setup_url(self.round))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.in_phase():
            messages.error(request, self.phase_message)
            return redirect(_setup_url(self.round))
        return super().post(request, *args, **kwargs)

    def get_success_message(self, message: str) -> str:
        return message

    def get_success_url(self) -> str:
        return _setup_url(self.round)


class LeftoversMoveView(RoundConfirmActionView):
    """Apply the round's rule for money left in its category pots, once."""

    permission_required = "budgeting.manage_pot"
    phases = AFTER_VOTING
    phase_message = gettext_lazy(
        "Money left in the categories can be moved once voting has closed."
    )
    submit_label = gettext_lazy("Move the money")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Move money left in the category pots"),
            explanation=self.round.get_leftover_rule_display(),
            moves=leftover_preview(round=self.round),
            **kwargs,
        )

    def perform(self, form) -> str:
        category_leftovers_move(actor=self.request.user, round=self.round)
        return _("The money left in the category pots has been moved.")


class CloseUnfundedView(RoundConfirmActionView):
    """Mark the shortlisted bids that were not funded, and tell their groups."""

    permission_required = "budgeting.manage_round"
    phases = (Phase.RESULTS,)
    phase_message = gettext_lazy("Unfunded bids can be closed once the results are published.")
    submit_label = gettext_lazy("Close the unfunded bids")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Close the bids that were not funded"),
            explanation=_(
                "These shortlisted bids will be marked “not funded” and their groups emailed. "
                "Award money to every bid that won first: this cannot be undone."
            ),
            bids=unfunded_bids(round=self.round),
            closing=True,
            **kwargs,
        )

    def perform(self, form) -> str:
        count = round_close_unfunded(actor=self.request.user, round=self.round)
        return ngettext(
            "%(count)s bid marked not funded; its group is being emailed.",
            "%(count)s bids marked not funded; their groups are being emailed.",
            count,
        ) % {"count": count}


class AwardRevokeView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """Take an award back with a reason the group sees; the money returns to the pot."""

    template_name = "budgeting/setup/award_revoke.html"
    permission_required = "budgeting.manage_pot"
    form_class = RevokeAwardForm
    success_message = gettext_lazy("The award has been revoked and the money returned to the pot.")

    @cached_property
    def award(self) -> Award:
        award = get_object_or_404(
            Award.objects.select_related("pot__area", "bid__round"), pk=self.kwargs["pk"]
        )
        if award.revoked_at is not None:
            raise Http404
        return award

    def get_permission_object(self):
        return self.award.pot

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            award=self.award, bid=self.award.bid, round=self.award.bid.round, **kwargs
        )

    def perform(self, form):
        return award_revoke(
            actor=self.request.user, award=self.award, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return reverse("budgeting:round_money", kwargs={"slug": self.award.bid.round.slug})


# --- Organisations ---------------------------------------------------------------------------


class OrganisationListView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    """The groups that have bid in the coordinator's areas, and merging two that are one."""

    template_name = "budgeting/setup/organisations.html"
    form_class = OrganisationMergeForm
    permission_required = "budgeting.manage_round"
    success_message = gettext_lazy("Merged: the bids now count towards one group.")

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": self.organisations}

    @cached_property
    def organisations(self):
        return organisation_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisations=self.organisations, **kwargs)

    def perform(self, form):
        return organisation_merge(
            actor=self.request.user,
            keep=form.cleaned_data["keep"],
            duplicate=form.cleaned_data["duplicate"],
        )

    def get_success_url(self) -> str:
        return reverse("budgeting:organisations")
