"""The group's pages: start a bid, fill in each step (saved as a draft every time), check and
send it, follow its progress, talk to the coordinators, withdraw it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from ..eligibility import (
    check_eligibility,
    group_key_for,
    other_live_bids_from_group,
    own_bid_organisation_id,
)
from ..forms import (
    STEP_FORMS,
    AttachmentForm,
    CostLineFormSet,
    EligibilityQueryForm,
    MessageForm,
    WithdrawForm,
)
from ..honest import HonestRefusalMixin, bid_state_message
from ..models import BidAttachment
from ..selectors import bid_messages, changes_request_message, my_bid_list
from ..services import (
    bid_attachment_add,
    bid_attachment_remove,
    bid_draft_save,
    bid_message_send,
    bid_problems,
    bid_start,
    bid_submit,
    bid_withdraw,
)
from ..steps import STEP_BY_SLUG, STEPS
from .common import BidMixin, RoundMixin


class MyBidsView(LoginRequiredMixin, ListView):
    template_name = "budgeting/my_bids.html"
    context_object_name = "bids"

    def get_queryset(self):
        return my_bid_list(user=self.request.user)


class BidStartView(RoundMixin, ScopedPermissionMixin, ServiceActionMixin, View):
    permission_required = "budgeting.start_bid"

    def perform(self):
        return bid_start(actor=self.request.user, round=self.round)

    def get_success_url(self) -> str:
        return reverse("budgeting:bid_step", kwargs={"pk": self.object.pk, "step": STEPS[0].slug})

    def get_error_url(self) -> str:
        return self.round.get_absolute_url()


class BidStepView(BidMixin, HonestRefusalMixin, ScopedPermissionMixin, TemplateView):
    """One step of the bid form. Every POST saves what is valid through ``bid_draft_save``;
    answers with errors are shown again, exactly as typed, next to their error."""

    template_name = "budgeting/bid_step.html"
    permission_required = "budgeting.change_bid"

    @cached_property
    def step(self):
        step = STEP_BY_SLUG.get(self.kwargs["step"])
        if step is None:
            raise Http404
        return step

    def next_url(self) -> str:
        later = [s for s in STEPS if s.number > self.step.number]
        if later:
            return reverse("budgeting:bid_step", kwargs={"pk": self.bid.pk, "step": later[0].slug})
        return self.bid.get_absolute_url()

    def make_forms(self, data=None, files=None, strict=False):
        if self.step.slug == "files":
            return AttachmentForm(data, files) if data is not None else AttachmentForm(), None
        form_class = STEP_FORMS[self.step.slug]
        initial = {name: getattr(self.bid, name) for name in self.step.fields}
        if self.step.slug == "priorities":
            initial["priorities"] = list(self.bid.priorities.all())
        form = form_class(data, bid=self.bid, strict=strict, initial=initial)
        formset = None
        if self.step.slug == "money":
            lines = [{"item": x.item, "amount": x.amount_pence} for x in self.bid.cost_lines.all()]
            formset = CostLineFormSet(data, prefix="costs", initial=lines + [{}] * 3)
        return form, formset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["formset"] = self.make_forms()
        context.update(
            step=self.step,
            steps=STEPS,
            attachments=self.bid.attachments.all(),
            eligibility_url=reverse("budgeting:eligibility", kwargs={"slug": self.bid.round.slug}),
        )
        return context

    def post(self, request, pk, step):
        if self.step.slug == "files":
            return self.post_file()
        strict = "continue" in request.POST
        form, formset = self.make_forms(request.POST, strict=strict)
        valid = form.is_valid()
        lines = None
        if formset is not None:
            valid = formset.is_valid() and valid
            lines = [
                (f.cleaned_data["item"], f.cleaned_data["amount"])
                for f in formset.forms
                if getattr(f, "cleaned_data", None)
                and f.cleaned_data.get("item")
                and f.cleaned_data.get("amount")
            ]
        priorities = form.cleaned_data.get("priorities") if "priorities" in form.fields else None
        try:
            bid_draft_save(
                actor=request.user,
                bid=self.bid,
                step=self.step.number,
                fields=form.step_fields(),
                cost_lines=lines,
                priorities=list(priorities) if priorities is not None else None,
            )
        except ValidationError as exc:
            valid = False
            _add_errors(form, exc)
        if not valid:
            messages.warning(
                request,
                _("We saved the answers that were fine. Please correct the ones marked below."),
            )
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        if strict:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(self.next_url())
        messages.success(
            request, _("Your draft is saved. You can come back to it at any time from My bids.")
        )
        return HttpResponseRedirect(self.bid.get_absolute_url())

    def post_file(self):
        if "continue" in self.request.POST and not self.request.FILES:
            return HttpResponseRedirect(self.bid.get_absolute_url())
        form, _formset = self.make_forms(self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                bid_attachment_add(
                    actor=self.request.user,
                    bid=self.bid,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(self.request, _("File added."))
                return HttpResponseRedirect(self.request.path)
        return self.render_to_response(self.get_context_data(form=form, formset=None))


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class BidDetailView(BidMixin, ScopedPermissionMixin, TemplateView):
    """The group's view of its bid: answers, what is missing, status and messages."""

    template_name = "budgeting/bid_detail.html"
    permission_required = "budgeting.view_bid"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bid, user = self.bid, self.request.user
        context.update(
            steps=STEPS,
            problems=bid_problems(bid) if bid.is_editable else [],
            conversation=bid_messages(bid=bid, staff=bid.applicant_id != user.pk),
            message_form=kwargs.get("message_form") or _message_form(bid),
            cost_lines=bid.cost_lines.all(),
            attachments=bid.attachments.all(),
            priorities=bid.priorities.all(),
            is_owner=bid.applicant_id == user.pk,
            changes_message=changes_request_message(bid=bid),
            state_message=bid_state_message(bid) if bid.applicant_id == user.pk else "",
        )
        return context


def _message_form(bid) -> MessageForm:
    form = MessageForm()
    form.helper.form_action = reverse("budgeting:bid_message", kwargs={"pk": bid.pk})
    return form


class BidSubmitView(BidMixin, HonestRefusalMixin, ScopedPermissionMixin, ServiceActionMixin, View):
    permission_required = "budgeting.submit_bid"

    def perform(self):
        return bid_submit(actor=self.request.user, bid=self.bid)

    def get_success_message(self, bid) -> str:
        return _("Your bid has been sent. Its reference is %(ref)s. We will be in touch.") % {
            "ref": bid.reference
        }

    def get_success_url(self) -> str:
        return self.bid.get_absolute_url()


class BidWithdrawView(
    BidMixin, HonestRefusalMixin, ScopedPermissionMixin, ServiceFormMixin, FormView
):
    template_name = "budgeting/bid_withdraw.html"
    permission_required = "budgeting.withdraw_bid"
    form_class = WithdrawForm
    success_message = gettext_lazy("Your bid has been withdrawn.")

    def handle_no_permission(self):
        # The group is told why in words, not refused with a bare permission error.
        bid = self.bid
        if bid.frozen_for_vote_at is not None and bid.applicant_id == self.request.user.pk:
            return self.response_class(
                request=self.request,
                template=[self.template_name],
                context={"bid": bid, "round": bid.round, "on_a_ballot": True},
            )
        return super().handle_no_permission()

    def perform(self, form):
        return bid_withdraw(
            actor=self.request.user, bid=self.bid, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return self.bid.get_absolute_url()


class BidMessageView(BidMixin, ScopedPermissionMixin, View):
    permission_required = "budgeting.message_bid"

    def post(self, request, pk):
        form = MessageForm(request.POST)
        form.helper.form_action = request.path
        if form.is_valid():
            try:
                bid_message_send(actor=request.user, bid=self.bid, body=form.cleaned_data["body"])
            except ValidationError as exc:
                form.add_error("body", exc)
        if form.errors:
            view = BidDetailView(request=request, kwargs=self.kwargs)
            view.bid = self.bid
            return view.render_to_response(view.get_context_data(message_form=form))
        messages.success(request, _("Message sent."))
        staff = self.bid.applicant_id != request.user.pk
        if staff and request.user.has_perm("budgeting.view_review_queue", self.bid):
            return redirect("budgeting:bid_review", pk=self.bid.pk)
        return redirect(self.bid)


class AttachmentMixin:
    """The bid attachment named in the URL; permissions are checked against its bid."""

    @cached_property
    def attachment(self) -> BidAttachment:
        return get_object_or_404(
            BidAttachment.objects.select_related("bid__round"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.attachment.bid


class AttachmentDeleteView(
    AttachmentMixin, HonestRefusalMixin, ScopedPermissionMixin, ServiceActionMixin, View
):
    permission_required = "budgeting.change_bid"
    success_message = gettext_lazy("File removed.")

    def perform(self):
        return bid_attachment_remove(actor=self.request.user, attachment=self.attachment)

    def get_success_url(self) -> str:
        return reverse("budgeting:bid_step", kwargs={"pk": self.attachment.bid_id, "step": "files"})


class AttachmentDownloadView(AttachmentMixin, ScopedPermissionMixin, View):
    permission_required = "budgeting.view_bid"

    def get(self, request, pk):
        attachment = self.attachment
        content_type = "application/pdf" if attachment.kind == "document" else None
        return FileResponse(
            attachment.file.open("rb"),
            filename=attachment.original_name,
            as_attachment=attachment.kind == "document",
            content_type=content_type,
        )


class EligibilityCheckView(RoundMixin, View):
    """JSON for the as-you-type check: ``{"eligible": bool, "reasons": [{field, message}]}``.
    The same rules as ``bid_submit``, except that the group's other bids counted are only the
    signed-in user's own: counting everyone's would tell anyone which groups (or charity and
    company numbers) have a bid under review. Sending the bid checks them all."""

    def get(self, request, slug):
        form = EligibilityQueryForm(request.GET)
        form.is_valid()
        data = form.cleaned_data
        reasons = [
            {"code": "invalid", "field": name, "message": str(errors[0])}
            for name, errors in form.errors.items()
        ]
        others = 0
        if request.user.is_authenticated:
            key = group_key_for(
                name=data.get("group_name", ""),
                charity_number=data.get("charity_number", ""),
                company_number=data.get("company_number", ""),
            )
            exclude = request.GET.get("bid")
            exclude_pk = int(exclude) if exclude and exclude.isdigit() else None
            others = other_live_bids_from_group(
                round=self.round,
                group_key=key,
                exclude_pk=exclude_pk,
                organisation_id=own_bid_organisation_id(user=request.user, pk=exclude_pk),
                applicant=request.user,
            )
        reasons += [
            r.as_dict()
            for r in check_eligibility(
                round=self.round,
                amount_pence=data.get("amount_requested_pence"),
                group_type=data.get("group_type", ""),
                group_constituted=data.get("group_constituted"),
                postcode=data.get("postcode", ""),
                other_bids_from_group=others,
                works_with_children=data.get("works_with_children"),
                works_with_adults_at_risk=data.get("works_with_adults_at_risk"),
                dbs_checks=data.get("dbs_checks", ""),
                has_safeguarding_policy=data.get("has_safeguarding_policy"),
            )
        ]
        return JsonResponse({"eligible": not reasons, "reasons": reasons})
