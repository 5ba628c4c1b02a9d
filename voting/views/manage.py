"""The coordinator's and volunteers' side of a PB vote: set-up, the register, code cards, the
issue desk, paper keying, the supervisor queue, closing, overriding and confirming results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from budgeting.access import round_scope_q
from budgeting.models import BidRound
from engagement.models import GeneratedDocument, Role
from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from ..forms import (
    CodeBatchForm,
    CodeCancelForm,
    ConfirmProposeForm,
    IssueForm,
    OverrideForm,
    PaperForm,
    PaperSettleForm,
    ProposalRejectForm,
    VoteCancelForm,
    VoteForm,
)
from ..models import CodeBatch, PaperBallot, PBVote, ResultProposal
from ..selectors.desk import issue_desk_count, issue_desk_groups
from ..selectors.election import ballot_rules
from ..selectors.paper import paper_dispute_list
from ..selectors.site import site_url_mismatch
from ..selectors.votes import (
    paper_awaiting,
    vote_get,
    vote_list,
    vote_live,
    vote_options,
    vote_register,
    vote_results,
)
from ..services.card_layout import DEFAULT_LAYOUT
from ..services.cards import (
    code_batch_create,
    code_batch_printed,
    code_cancel,
    code_issue,
)
from ..services.paper import paper_entry_add, paper_resolve, paper_settle
from ..services.paper_print import VERSIONS as PAPER_VERSIONS
from ..services.paper_print import paper_ballot_language, paper_ballot_pdf
from ..services.results import (
    result_change_propose,
    result_proposal_approve,
    result_proposal_reject,
    results_confirm_propose,
    vote_announce_provisional,
    vote_count_again,
)
from ..services.votes import (
    vote_cancel,
    vote_close,
    vote_create,
    vote_delete,
    vote_open,
    vote_update,
)


class ManagedVoteMixin(ScopedPermissionMixin):
    permission_required = "voting.manage_vote"

    @cached_property
    def vote(self) -> PBVote:
        try:
            return vote_get(pk=self.kwargs["pk"])
        except PBVote.DoesNotExist:
            raise Http404 from None

    def get_permission_object(self):
        return self.vote

    def get_context_data(self, **kwargs):
        return super().get_context_data(vote=self.vote, **kwargs)


class VoteListView(ScopedPermissionMixin, TemplateView):
    permission_required = "voting.list_votes"
    template_name = "voting/vote_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        # The rounds whose "Set up a vote" page opens: ``budgeting.manage_round`` (coordinators).
        # A round with a live vote (not split into several ballots) takes no second one.
        rounds = (
            BidRound.objects.filter(round_scope_q(user, Role.COORDINATOR))
            .exclude(votes__in=PBVote.objects.live().filter(split=False))
            .select_related("area")
            .order_by("-voting_opens")
        )
        return super().get_context_data(votes=vote_list(user=user), rounds=rounds, **kwargs)


class VoteCreateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    permission_required = "budgeting.manage_round"
    template_name = "voting/vote_form.html"
    form_class = VoteForm
    success_message = ""

    @cached_property
    def round(self) -> BidRound:
        return get_object_or_404(BidRound.objects.select_related("area"), slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round": self.round}

    def get_initial(self):
        pot = self.round.pot
        return {
            "title": _("Vote: %(round)s") % {"round": self.round.name},
            "budget": max(pot.pledged_pence - pot.awarded_pence, 0) or None,
            "codes_must_be_issued": True,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)

    def perform(self, form):
        return vote_create(actor=self.request.user, round=self.round, **form.service_kwargs())

    def get_success_url(self):
        return self.object.get_absolute_url()


class VoteUpdateView(ManagedVoteMixin, ServiceFormMixin, FormView):
    """Change anything about a vote before it opens."""

    permission_required = "voting.change_vote"
    template_name = "voting/vote_form.html"
    form_class = VoteForm
    success_message = gettext_lazy("The vote has been changed.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "round": self.vote.round,
            "submit_label": _("Save the changes"),
        }

    def get_initial(self):
        return VoteForm.initial_for(self.vote)

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.vote.round, editing=True, **kwargs)

    def perform(self, form):
        kwargs = form.service_kwargs()
        return vote_update(actor=self.request.user, vote=self.vote, **kwargs)

    def get_success_url(self):
        return self.vote.get_absolute_url()


class VoteDeleteView(ManagedVoteMixin, ServiceActionMixin, TemplateView):
    """Delete a vote that never opened (GET asks "are you sure?")."""

    permission_required = "voting.change_vote"
    template_name = "voting/vote_delete.html"
    success_message = gettext_lazy("The vote has been deleted.")

    def perform(self):
        self.round_slug = self.vote.round.slug if self.vote.round_id else None
        vote_delete(actor=self.request.user, vote=self.vote)

    def get_success_url(self):
        return reverse("voting:vote_list")

    def get_error_url(self):
        return self.vote.get_absolute_url()


class VoteCancelView(ManagedVoteMixin, ServiceFormMixin, FormView):
    """Cancel a vote that has opened, with the reason."""

    permission_required = "voting.cancel_vote"
    template_name = "voting/vote_cancel.html"
    form_class = VoteCancelForm
    success_message = gettext_lazy("The vote is cancelled. It will never show results.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(register=vote_register(vote=self.vote), **kwargs)

    def perform(self, form):
        return vote_cancel(
            actor=self.request.user, vote=self.vote, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self):
        return self.vote.get_absolute_url()


class VoteManageView(ManagedVoteMixin, TemplateView):
    permission_required = "voting.view_vote_admin"
    template_name = "voting/vote_manage.html"

    def get_context_data(self, **kwargs):
        vote, user = self.vote, self.request.user
        batches = list(vote.code_batches.select_related("document").order_by("-created"))
        # Volunteers run the desks but do not see the reconciliation of codes and ballots.
        can_see_register = user.has_perm("voting.view_vote_register", vote)
        return super().get_context_data(
            register=vote_register(vote=vote) if can_see_register else None,
            live=vote_live(vote=vote),
            batches=batches,
            batch_form=CodeBatchForm(),
            site_url_mismatch=site_url_mismatch(self.request),
            cancel_form=CodeCancelForm(
                action=reverse("voting:vote_code_cancel", kwargs={"pk": vote.pk})
            ),
            options=vote_options(vote=vote),
            results=vote_results(vote=vote),
            can_manage=user.has_perm("voting.manage_vote", vote),
            confirm_form=ConfirmProposeForm(
                action=reverse("voting:vote_confirm_propose", kwargs={"pk": vote.pk})
            ),
            **kwargs,
        )


class VoteActionView(ManagedVoteMixin, ServiceActionMixin, View):
    """POST ``open``, ``close`` (``force=1`` to leave unfinished paper ballots out), ``count``
    (queue the count again), ``announce`` or ``hold`` (show the unconfirmed results to the
    public, marked provisional, or not)."""

    # What each button does, and what the coordinator is told when it has.
    actions = {
        "open": (
            lambda view: vote_open(actor=view.request.user, vote=view.vote),
            gettext_lazy("Voting is open."),
        ),
        "close": (
            lambda view: vote_close(
                actor=view.request.user, vote=view.vote, force=bool(view.request.POST.get("force"))
            ),
            gettext_lazy("Voting has closed. The count has been asked for."),
        ),
        "count": (
            lambda view: vote_count_again(actor=view.request.user, vote=view.vote),
            gettext_lazy("The count has been asked for again."),
        ),
        "announce": (
            lambda view: vote_announce_provisional(
                actor=view.request.user, vote=view.vote, announce=True
            ),
            gettext_lazy("The public now sees the results, marked provisional."),
        ),
        "hold": (
            lambda view: vote_announce_provisional(
                actor=view.request.user, vote=view.vote, announce=False
            ),
            gettext_lazy("The public now sees that the results are being checked."),
        ),
    }

    def chosen_action(self):
        action = self.actions.get(self.kwargs["action"])
        if action is None:
            raise Http404
        return action

    def perform(self):
        return self.chosen_action()[0](self)

    def get_success_message(self, result) -> str:
        return str(self.chosen_action()[1])

    def get_success_url(self) -> str:
        return reverse("voting:vote_manage", kwargs={"pk": self.vote.pk})


class CodeBatchCreateView(ManagedVoteMixin, ServiceActionMixin, View):
    success_message = gettext_lazy(
        "The cards are being made. Refresh this page in a moment to download them."
    )

    def perform(self):
        form = CodeBatchForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError([text for errors in form.errors.values() for text in errors])
        return code_batch_create(
            actor=self.request.user,
            vote=self.vote,
            size=form.cleaned_data["size"],
            layout=form.cleaned_data.get("layout") or DEFAULT_LAYOUT,
        )

    def get_success_url(self) -> str:
        return reverse("voting:vote_manage", kwargs={"pk": self.vote.pk})


class BatchMixin(ScopedPermissionMixin):
    permission_required = "voting.download_code_cards"

    @cached_property
    def batch(self) -> CodeBatch:
        return get_object_or_404(
            CodeBatch.objects.select_related("vote__area", "document"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.batch.vote


class CodeCardsDownloadView(BatchMixin, View):
    """The only copy of the codes: coordinators only, and deleted once printed."""

    def get(self, request, pk):
        document = self.batch.document
        if (
            document is None
            or document.status != GeneratedDocument.Status.READY
            or not document.file
        ):
            raise Http404
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"code-cards-{self.batch.pk}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "no-store"
        return response


class CodeBatchPrintedView(BatchMixin, View):
    def post(self, request, pk):
        code_batch_printed(actor=request.user, batch=self.batch)
        messages.success(request, _("Marked as printed: the PDF with the codes has been deleted."))
        return redirect("voting:vote_manage", pk=self.batch.vote_id)


class IssueView(ManagedVoteMixin, ServiceFormMixin, FormView):
    """The check-in desk: hand a card over once the person declares they may vote."""

    permission_required = "voting.issue_codes"
    template_name = "voting/issue.html"
    form_class = IssueForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "groups": issue_desk_groups(vote=self.vote),
            "eligibility_note": self.vote.eligibility_note,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(handed_out=issue_desk_count(vote=self.vote), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        code_issue(
            actor=self.request.user,
            vote=self.vote,
            code=data["code"],
            eligible=data["eligible"],
            voter_group=data.get("voter_group", ""),
        )
        messages.success(self.request, _("Card handed out. Next, please."))
        return self.vote

    def get_success_url(self):
        return reverse("voting:vote_issue", kwargs={"pk": self.vote.pk})


class CodeCancelView(ManagedVoteMixin, ServiceFormMixin, FormView):
    """Cancel one lost card from the register (its code typed in: codes are stored hashed)."""

    permission_required = "voting.cancel_code"
    template_name = "voting/code_cancel.html"
    form_class = CodeCancelForm

    def get_form_kwargs(self):
        action = reverse("voting:vote_code_cancel", kwargs={"pk": self.vote.pk})
        return {**super().get_form_kwargs(), "action": action}

    def perform(self, form):
        code_cancel(
            actor=self.request.user,
            vote=self.vote,
            code=form.cleaned_data["code"],
            reason=form.cleaned_data.get("reason", ""),
        )
        messages.success(self.request, _("The card is cancelled: it can no longer be used."))
        return self.vote

    def get_success_url(self):
        return reverse("voting:vote_manage", kwargs={"pk": self.vote.pk})


class PaperEntryView(ManagedVoteMixin, ServiceFormMixin, FormView):
    """Fast keying of paper ballots; each one must be keyed by two different volunteers, with
    the voting card handed in with it."""

    permission_required = "voting.key_paper"
    template_name = "voting/paper.html"
    form_class = PaperForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "vote": self.vote,
            "options": vote_options(vote=self.vote),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            awaiting=paper_awaiting(vote=self.vote).count(),
            rules=ballot_rules(self.vote),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        choices, points = form.marks()
        outcome = paper_entry_add(
            actor=self.request.user,
            vote=self.vote,
            number=data["number"],
            card=data.get("card", ""),
            choices=choices,
            points=points,
            spoilt=data.get("spoilt", False),
            spoilt_reason=data.get("spoilt_reason", ""),
        )
        text = {
            PaperBallot.State.AWAITING_SECOND: _(
                "Paper ballot %(n)s saved. A different volunteer must key it too."
            ),
            PaperBallot.State.COUNTED: _("Paper ballot %(n)s: both keyings agree. Counted."),
            PaperBallot.State.SPOILT: _("Paper ballot %(n)s recorded as spoilt."),
            PaperBallot.State.DISPUTED: _(
                "Paper ballot %(n)s: the two keyings disagree. It has gone to a supervisor."
            ),
        }[outcome.state] % {"n": data["number"]}
        level = (
            messages.WARNING if outcome.state == PaperBallot.State.DISPUTED else messages.SUCCESS
        )
        messages.add_message(self.request, level, text)
        return self.vote

    def get_success_url(self):
        return reverse("voting:vote_paper", kwargs={"pk": self.vote.pk})


class PaperAwaitingView(ManagedVoteMixin, TemplateView):
    """Paper ballots keyed once, by number: the second volunteer's to-do list."""

    permission_required = "voting.key_paper"
    template_name = "voting/paper_awaiting.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(papers=paper_awaiting(vote=self.vote), **kwargs)


class PaperDisputesView(ManagedVoteMixin, TemplateView):
    """Both keyings of each disputed paper side by side, the differences marked in words as
    well as by colour; the supervisor settles from here."""

    permission_required = "voting.resolve_paper"
    template_name = "voting/paper_disputes.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(disputes=paper_dispute_list(vote=self.vote), **kwargs)


class PaperSettleView(ManagedVoteMixin, ServiceActionMixin, View):
    """POST ``choice`` ``a`` or ``b``: count that keying of a disputed paper ballot."""

    permission_required = "voting.resolve_paper"

    @cached_property
    def paper(self) -> PaperBallot:
        return get_object_or_404(PaperBallot, pk=self.kwargs["paper"], vote=self.vote)

    def perform(self):
        form = PaperSettleForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose the first keying, the second, or key the paper again."))
        return paper_settle(
            actor=self.request.user, paper=self.paper, choice=form.cleaned_data["choice"]
        )

    def get_success_message(self, result) -> str:
        return _("Paper ballot %(n)s settled.") % {"n": self.paper.number}

    def get_success_url(self):
        return reverse("voting:vote_paper_disputes", kwargs={"pk": self.vote.pk})


class PaperResolveView(ManagedVoteMixin, ServiceFormMixin, FormView):
    """The supervisor keys a disputed paper ballot again, from the paper in hand."""

    permission_required = "voting.resolve_paper"
    template_name = "voting/paper_resolve.html"
    form_class = PaperForm

    @cached_property
    def paper(self) -> PaperBallot:
        return get_object_or_404(PaperBallot, pk=self.kwargs["paper"], vote=self.vote)

    def get_initial(self):
        return {"number": self.paper.number}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "vote": self.vote,
            "options": vote_options(vote=self.vote),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(paper=self.paper, rules=ballot_rules(self.vote), **kwargs)

    def perform(self, form):
        choices, points = form.marks()
        data = form.cleaned_data
        paper_resolve(
            actor=self.request.user,
            paper=self.paper,
            card=data.get("card", ""),
            choices=choices,
            points=points,
            spoilt=data.get("spoilt", False),
            spoilt_reason=data.get("spoilt_reason", ""),
        )
        messages.success(self.request, _("Paper ballot %(n)s settled.") % {"n": self.paper.number})
        return self.vote

    def get_success_url(self):
        return reverse("voting:vote_paper_disputes", kwargs={"pk": self.vote.pk})


class PaperBallotPdfView(ManagedVoteMixin, View):
    """The printable paper ballot: ``?version=standard|large|easy&language=en|cy`` (the page's
    language unless another is asked for)."""

    permission_required = "voting.view_vote_admin"

    def get(self, request, pk):
        version = request.GET.get("version", "standard")
        if version not in PAPER_VERSIONS:
            version = "standard"
        language = paper_ballot_language(request.GET.get("language"), request.LANGUAGE_CODE)
        pdf, _pages = paper_ballot_pdf(vote=self.vote, version=version, language=language)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"paper-ballot-{self.vote.pk}-{version}-{language}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class OverrideView(ManagedVoteMixin, ServiceFormMixin, FormView):
    """Propose a change to the outcome; another coordinator approves or rejects it."""

    permission_required = "voting.propose_result"
    template_name = "voting/override.html"
    form_class = OverrideForm
    success_message = gettext_lazy(
        "Your proposal is waiting for another coordinator to approve or reject it."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "options": vote_options(vote=self.vote)}

    def get_initial(self):
        results = vote_results(vote=self.vote)
        return {"selected": [o.project_id for o in results["funded"]] if results else []}

    def perform(self, form):
        return result_change_propose(
            actor=self.request.user,
            vote=self.vote,
            selected=form.cleaned_data["selected"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self):
        return reverse("voting:vote_results", kwargs={"pk": self.vote.pk})


class ConfirmProposeView(ManagedVoteMixin, ServiceActionMixin, View):
    """Propose confirming the outcome in force (funding the bids) to a second coordinator."""

    permission_required = "voting.propose_result"
    success_message = gettext_lazy(
        "Confirming the results is proposed. Another coordinator must approve it before any "
        "money moves."
    )

    def perform(self):
        form = ConfirmProposeForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError([text for errors in form.errors.values() for text in errors])
        return results_confirm_propose(
            actor=self.request.user, vote=self.vote, note=form.cleaned_data.get("note", "")
        )

    def get_success_url(self):
        return reverse("voting:vote_results", kwargs={"pk": self.vote.pk})


class ProposalDecideView(ManagedVoteMixin, ServiceActionMixin, View):
    """POST ``approve`` or ``reject`` (with ``reason``) for the waiting proposal."""

    permission_required = "voting.decide_result"

    @cached_property
    def proposal(self) -> ResultProposal:
        return get_object_or_404(ResultProposal, pk=self.kwargs["proposal"], vote_id=self.vote.pk)

    def perform(self):
        user = self.request.user
        if self.kwargs["decision"] == "approve":
            return result_proposal_approve(actor=user, proposal=self.proposal)
        if self.kwargs["decision"] != "reject":
            raise Http404
        form = ProposalRejectForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError([text for errors in form.errors.values() for text in errors])
        return result_proposal_reject(
            actor=user, proposal=self.proposal, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, proposal) -> str:
        if proposal.state == ResultProposal.State.REJECTED:
            return _("The proposal is rejected. The reason is on the public history.")
        if proposal.kind == ResultProposal.Kind.CONFIRM:
            return _("The results are confirmed and the bids funded. The groups are emailed.")
        return _("The change is approved: the results now show it, with its reason.")

    def get_success_url(self):
        return reverse("voting:vote_results", kwargs={"pk": self.vote.pk})


__all__ = [
    "CodeBatchCreateView",
    "ConfirmProposeView",
    "CodeBatchPrintedView",
    "CodeCancelView",
    "CodeCardsDownloadView",
    "IssueView",
    "OverrideView",
    "PaperAwaitingView",
    "PaperBallotPdfView",
    "PaperDisputesView",
    "PaperEntryView",
    "PaperResolveView",
    "PaperSettleView",
    "ProposalDecideView",
    "VoteActionView",
    "VoteCancelView",
    "VoteCreateView",
    "VoteDeleteView",
    "VoteListView",
    "VoteManageView",
    "VoteUpdateView",
    "vote_live",
]
