"""Pages anyone can read: rounds, how to bid, the shortlist."""

from __future__ import annotations

from django.views.generic import DetailView, ListView

from engagement.views.mixins import ScopedPermissionMixin

from ..models import Phase
from ..safeguarding import PUBLIC_RULE
from ..selectors import round_figures, round_list, shortlist
from .common import RoundMixin


class RoundListView(ListView):
    template_name = "budgeting/round_list.html"
    context_object_name = "rounds"

    def get_queryset(self):
        return round_list(user=self.request.user).order_by("-submission_opens")


class RoundDetailView(RoundMixin, ScopedPermissionMixin, DetailView):
    """The round's public page: how to bid, in plain English (and Welsh), the rules and dates."""

    template_name = "budgeting/round_detail.html"
    permission_required = "budgeting.view_round"
    context_object_name = "round"

    def get_object(self, queryset=None):
        return self.round

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["phase"] = self.round.phase_at()
        context["Phase"] = Phase
        context["figures"] = round_figures(round=self.round)
        context["priorities"] = self.round.priorities.all()
        context["categories"] = self.round.categories.all()
        context["safeguarding_rule"] = PUBLIC_RULE
        return context


class ShortlistView(RoundMixin, ScopedPermissionMixin, ListView):
    """The shortlist in ballot order, public once shortlisting is over."""

    template_name = "budgeting/shortlist.html"
    permission_required = "budgeting.view_round"
    context_object_name = "bids"

    def get_queryset(self):
        return shortlist(round=self.round)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        phase = self.round.phase_at()
        context["public"] = phase in (
            Phase.AWAITING_VOTE,
            Phase.VOTING,
            Phase.COUNTING,
            Phase.RESULTS,
        )
        context["can_see"] = context["public"] or self.request.user.has_perm(
            "budgeting.view_review_queue", self.round
        )
        return context
