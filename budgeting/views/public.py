"""Pages anyone can read: rounds, how to bid, the shortlist."""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import DetailView, ListView

from engagement.views.mixins import ScopedPermissionMixin

from ..forms import BallotRedrawForm
from ..models import Phase
from ..round_votes import STARTED, round_vote_links
from ..safeguarding import PUBLIC_RULE
from ..selectors import round_figures, round_list, shortlist
from .common import RoundMixin

#: The phase a round is in because of its vote's state (see ``budgeting.round_votes``).
VOTE_PHASES = {
    "open": Phase.VOTING,
    "counting": Phase.COUNTING,
    "checking": Phase.COUNTING,
    "results": Phase.RESULTS,
}


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
        context["priorities"] = self.round.priorities.select_related("cafe_theme__cafe__event")
        context["categories"] = self.round.categories.all()
        context["vote_links"] = links = round_vote_links(self.round)
        # The round's phase follows its vote (a vote opened before the round's voting date,
        # results not yet confirmed after the results date), not only its dates.
        live = [link.state for link in links if link.state != "cancelled"]
        context["phase_label"] = (
            VOTE_PHASES[live[-1]].label
            if live and live[-1] in VOTE_PHASES
            else context["phase"].label
        )
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
        links = round_vote_links(self.round)
        # A vote opened early (before the round's own voting date) makes its shortlist public.
        context["public"] = phase in (
            Phase.AWAITING_VOTE,
            Phase.VOTING,
            Phase.COUNTING,
            Phase.RESULTS,
        ) or any(link.state in STARTED for link in links)
        context["vote_links"] = links
        context["draws"] = self.round.ballot_draws.select_related("drawn_by").order_by("number")
        context["redraw_form"] = BallotRedrawForm(
            action=reverse("budgeting:ballot_order", kwargs={"slug": self.round.slug})
        )
        context["can_see"] = context["public"] or self.request.user.has_perm(
            "budgeting.view_review_queue", self.round
        )
        return context
