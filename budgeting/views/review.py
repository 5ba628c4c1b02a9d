"""The coordinators' and partners' pages: the review queue, one bid's review, the ballot order
and awards."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from ..eligibility import bid_eligibility
from ..forms import (
    AwardForm,
    ConflictForm,
    DueDiligenceForm,
    HandoverForm,
    MessageForm,
    NoteForm,
    RejectForm,
    RequestChangesForm,
    ShortlistForm,
)
from ..models import BidStatus, ConflictDeclaration, DueDiligence, Phase
from ..selectors import bid_messages, review_queue, round_figures, unconflicted_reviewers
from ..services import (
    award_create,
    ballot_order_draw,
    bid_message_send,
    bid_reject,
    bid_request_changes,
    bid_shortlist,
    conflict_declare,
    due_diligence_save,
    review_handover,
)
from ..steps import missing_answers
from .common import BidMixin, RoundMixin


class ReviewQueueView(RoundMixin, ScopedPermissionMixin, ListView):
    template_name = "budgeting/review_queue.html"
    permission_required = "budgeting.view_review_queue"
    context_object_name = "bids"

    def get_queryset(self):
        status = self.request.GET.get("status", "")
        if status not in BidStatus.values:
            status = ""
        return review_queue(
            user=self.request.user,
            round=self.round,
            status=status,
            not_safe=self.request.GET.get("safeguarding") == "missing",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            statuses=BidStatus.choices,
            status=self.request.GET.get("status", ""),
            safeguarding_filter=self.request.GET.get("safeguarding") == "missing",
            phase=self.round.phase_at(),
            figures=round_figures(round=self.round),
        )
        return context


# One form class per action; the review page shows them all.
REVIEW_ACTIONS = {
    "due-diligence": ("diligence_form", DueDiligenceForm, "budgeting.review_bid"),
    "request-changes": ("changes_form", RequestChangesForm, "budgeting.review_bid"),
    "shortlist": ("shortlist_form", ShortlistForm, "budgeting.decide_bid"),
    "reject": ("reject_form", RejectForm, "budgeting.decide_bid"),
    "conflict": ("conflict_form", ConflictForm, "budgeting.declare_conflict"),
    "note": ("note_form", NoteForm, "budgeting.review_bid"),
    "handover": ("handover_form", HandoverForm, "budgeting.view_review_queue"),
    "award": ("award_form", AwardForm, "budgeting.award_bid"),
}


class BidReviewView(BidMixin, ScopedPermissionMixin, TemplateView):
    template_name = "budgeting/bid_review.html"
    permission_required = "budgeting.view_review_queue"

    def make_form(self, action: str, data=None):
        _name, form_class, _perm = REVIEW_ACTIONS[action]
        kwargs = {"round": self.bid.round} if form_class is ShortlistForm else {}
        if form_class is HandoverForm:
            kwargs["people"] = self.reviewers
        if form_class is DueDiligenceForm and data is None:
            record = DueDiligence.objects.filter(bid=self.bid).first()
            if record:
                kwargs["initial"] = {
                    "group_exists": record.group_exists,
                    "bank_account": record.bank_account,
                    "safeguarding_policy": record.safeguarding_policy,
                    "notes": record.notes,
                }
        if form_class is AwardForm and data is None:
            kwargs["initial"] = {"amount": self.bid.amount_requested_pence}
        # Several forms share a page: the prefix keeps their field ids apart.
        form = form_class(data, prefix=action, **kwargs)
        form.helper.form_action = _action_url(self.bid.pk, action)
        return form

    @cached_property
    def reviewers(self) -> list:
        return unconflicted_reviewers(bid=self.bid)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bid, user = self.bid, self.request.user
        context["my_conflict"] = any(
            c.reviewer_id == user.pk for c in bid.conflicts.all() if c.reviewer_id
        )
        context["reviewers"] = self.reviewers
        for action, (name, _form_class, perm) in REVIEW_ACTIONS.items():
            context[f"can_{name}"] = user.has_perm(perm, bid)
            if name not in context:
                context[name] = self.make_form(action)
        message_form = MessageForm()
        message_form.helper.form_action = _message_url(bid.pk)
        context.update(
            message_form=message_form,
            conversation=bid_messages(bid=bid, staff=True),
            eligibility=bid_eligibility(bid),
            missing=missing_answers(bid),
            diligence=DueDiligence.objects.filter(bid=bid).first(),
            conflicts=ConflictDeclaration.objects.filter(bid=bid).select_related("reviewer"),
            cost_lines=bid.cost_lines.all(),
            attachments=bid.attachments.all(),
            priorities=bid.priorities.all(),
            phase=bid.round.phase_at(),
            Phase=Phase,
        )
        return context


def _action_url(pk: int, action: str) -> str:
    return reverse("budgeting:bid_review_action", kwargs={"pk": pk, "action": action})


def _message_url(pk: int) -> str:
    return reverse("budgeting:bid_message", kwargs={"pk": pk})


class BidReviewActionView(ServiceFormMixin, BidReviewView):
    """POST one review form. Valid → the service → back to the review page with a message.
    Invalid or refused → the review page again with that form's errors."""

    http_method_names = ["post"]

    def get_permission_required(self):
        if self.kwargs["action"] not in REVIEW_ACTIONS:
            return ["budgeting.no_such_action"]
        return [REVIEW_ACTIONS[self.kwargs["action"]][2]]

    def post(self, request, pk, action):
        form = self.make_form(action, request.POST)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_invalid(self, form):
        name = REVIEW_ACTIONS[self.kwargs["action"]][0]
        return self.render_to_response(self.get_context_data(**{name: form}))

    def get_success_message(self, message: str) -> str:
        return message

    def get_success_url(self) -> str:
        return reverse("budgeting:bid_review", kwargs={"pk": self.bid.pk})

    def perform(self, form) -> str:
        """Call the action's service; the success message is the answer."""
        action, data = self.kwargs["action"], form.cleaned_data
        actor, bid = self.request.user, self.bid
        if action == "due-diligence":
            due_diligence_save(actor=actor, bid=bid, **data)
            return _("Checks saved.")
        if action == "request-changes":
            bid_request_changes(actor=actor, bid=bid, message=data["message"])
            return _("The group has been asked to make changes.")
        if action == "shortlist":
            bid_shortlist(
                actor=actor, bid=bid, category=data.get("category"), message=data["message"]
            )
            return _("The bid is on the shortlist.")
        if action == "reject":
            bid_reject(actor=actor, bid=bid, reason=data["reason"])
            return _("The bid has been turned down and the group told why.")
        if action == "conflict":
            conflict_declare(
                actor=actor,
                bid=bid,
                reason=data["reason"],
                reviewer=actor if data["who"] == "me" else None,
                voter_group=data.get("voter_group", "") if data["who"] == "group" else "",
            )
            return _("Conflict of interest recorded.")
        if action == "handover":
            review_handover(actor=actor, bid=bid, to=data["to"])
            return _("Handed over. %(name)s can see your note on the bid.") % {
                "name": data["to"].name or data["to"].email
            }
        if action == "note":
            bid_message_send(actor=actor, bid=bid, body=data["body"], internal=True)
            return _("Note added.")
        award_create(actor=actor, bid=bid, amount_pence=data["amount"])
        return _("Money awarded. The bid is now a funded project.")


class BallotOrderView(RoundMixin, ScopedPermissionMixin, ServiceActionMixin, View):
    permission_required = "budgeting.order_ballot"

    def perform(self):
        return ballot_order_draw(
            actor=self.request.user,
            round=self.round,
            reason=self.request.POST.get("reason", "")[:2000],
        )

    def get_success_message(self, bids) -> str:
        return _("The ballot order has been drawn for %(count)s bids.") % {"count": len(bids)}

    def get_success_url(self) -> str:
        return reverse("budgeting:shortlist", kwargs={"slug": self.round.slug})

    def get_error_url(self) -> str:
        return reverse("budgeting:shortlist", kwargs={"slug": self.round.slug})
