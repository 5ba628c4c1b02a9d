"""Coordinators' and partners' pages: needs and matching with a contact log, CSV import and
export, per-area figures and the subcategory taxonomy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from engagement.models import Area
from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from ..figures import area_figures_more
from ..forms import (
    ContactLogForm,
    MatchUpdateForm,
    NeedForm,
    OfferImportForm,
    OfferImportRowForm,
    OfferSearchForm,
)
from ..models import Match, Need, Offer
from ..selectors import (
    area_figures,
    coordinated_areas,
    figures_areas,
    match_list,
    need_list,
    offer_list,
    offer_suggestions,
    recording_areas,
    searchable_areas,
)
from ..services import (
    contact_log_add,
    match_create,
    match_update,
    need_create,
    need_update,
    offers_export_csv,
    offers_import_csv,
)
from ..suggestions import days_display, need_days

EXPORT_LIMIT = 20000


class NeedListView(LoginRequiredMixin, ScopedPermissionMixin, ListView):
    template_name = "assets/need_list.html"
    context_object_name = "needs"
    permission_required = "assets.manage_needs_anywhere"
    paginate_by = 30

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return need_list(user=self.request.user)


class NeedCreateView(LoginRequiredMixin, ScopedPermissionMixin, ServiceFormMixin, FormView):
    form_class = NeedForm
    template_name = "assets/need_form.html"
    permission_required = "assets.manage_needs_anywhere"
    success_message = _("Need recorded. Here are offers that might meet it.")

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": coordinated_areas(user=self.request.user)}

    def perform(self, form):
        data = dict(form.cleaned_data)
        area = data.pop("area")
        if not self.request.user.has_perm("assets.manage_needs", area):
            raise PermissionDenied
        return need_create(actor=self.request.user, area=area, **data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class NeedObjectMixin:
    @cached_property
    def need(self) -> Need:
        return get_object_or_404(
            Need.objects.select_related("area__programme"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.need


class NeedUpdateView(
    LoginRequiredMixin, NeedObjectMixin, ScopedPermissionMixin, ServiceFormMixin, FormView
):
    form_class = NeedForm
    template_name = "assets/need_form.html"
    permission_required = "assets.manage_needs"
    success_message = _("Need saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "areas": coordinated_areas(user=self.request.user),
            "instance": self.need,
        }

    def perform(self, form):
        return need_update(actor=self.request.user, need=self.need, **form.cleaned_data)

    def get_success_url(self):
        return self.need.get_absolute_url()


class NeedDetailView(
    LoginRequiredMixin, NeedObjectMixin, ScopedPermissionMixin, ServiceActionMixin, TemplateView
):
    """A need, its matches, and suggested offers with a button to match each."""

    template_name = "assets/need_detail.html"
    permission_required = "assets.manage_needs"
    success_message = _("Matched. Log each contact as you make it.")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            need=self.need,
            matches=match_list(need=self.need),
            suggestions=offer_suggestions(user=user, need=self.need),
            days=days_display(need_days(self.need)),
            **kwargs,
        )

    def perform(self):
        user = self.request.user
        if not user.has_perm("assets.add_match", self.need):
            raise PermissionDenied
        offer = get_object_or_404(
            Offer.objects.select_related("area"),
            uuid=self.request.POST.get("offer"),
            area__programme_id=self.need.area.programme_id,
        )
        if not user.has_perm("assets.view_offer", offer):
            raise PermissionDenied
        return match_create(actor=user, need=self.need, offer=offer)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_error_url(self) -> str:
        return self.need.get_absolute_url()


class MatchDetailView(LoginRequiredMixin, ScopedPermissionMixin, DetailView):
    """A match with its contact log; two small forms post back here."""

    template_name = "assets/match_detail.html"
    permission_required = "assets.change_match"
    context_object_name = "match"

    def get_queryset(self):
        return Match.objects.select_related("need__area", "offer__area", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("status_form", MatchUpdateForm(instance=self.object))
        context.setdefault("contact_form", ContactLogForm())
        context["contacts"] = self.object.contacts.select_related("actor")
        return context

    def post(self, request, *args, **kwargs):
        self.object = match = self.get_object()
        which = request.GET.get("form")
        try:
            if which == "contact":
                form = ContactLogForm(request.POST)
                if form.is_valid():
                    contact_log_add(actor=request.user, match=match, **form.cleaned_data)
                    messages.success(request, _("Contact logged."))
                    return HttpResponseRedirect(match.get_absolute_url())
                return self.render_to_response(self.get_context_data(contact_form=form))
            form = MatchUpdateForm(request.POST, instance=Match.objects.get(pk=match.pk))
            if form.is_valid():
                match_update(actor=request.user, match=match, **form.cleaned_data)
                messages.success(request, _("Match updated."))
                return HttpResponseRedirect(match.get_absolute_url())
            return self.render_to_response(self.get_context_data(status_form=form))
        except ValidationError as exc:
            form.add_error(None, exc)
            key = "contact_form" if which == "contact" else "status_form"
            return self.render_to_response(self.get_context_data(**{key: form}))


class OfferImportView(LoginRequiredMixin, ScopedPermissionMixin, FormView):
    """Upload a CSV: every row is checked; one bad row and nothing is imported, and the page
    lists each problem by line and column."""

    form_class = OfferImportForm
    template_name = "assets/offer_import.html"
    permission_required = "assets.record_offer_anywhere"

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": recording_areas(user=self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=OfferImportRowForm.columns(), **kwargs)

    def form_valid(self, form):
        area = form.cleaned_data["area"]
        if area is not None and not self.request.user.has_perm("assets.import_offers", area):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        result = offers_import_csv(
            actor=self.request.user,
            area=area,
            data=upload.read(),
            row_form=OfferImportRowForm,
            areas=recording_areas(user=self.request.user),
            use_chosen_area=form.cleaned_data["use_chosen_area"],
            duplicates=form.cleaned_data["duplicates"],
            file_name=upload.name or "",
        )
        if result.ok:
            messages.success(self.request, import_summary(result))
            return HttpResponseRedirect(f"{self.request.path}")
        return self.render_to_response(self.get_context_data(form=form, result=result))


def import_summary(result) -> str:
    text = ngettext(
        "%(count)d offer imported into %(areas)s.",
        "%(count)d offers imported into %(areas)s.",
        result.created,
    ) % {"count": result.created, "areas": ", ".join(result.areas) or "–"}
    if result.skipped:
        text += " " + ngettext(
            "%(count)d row was left out because it looks like an offer already listed.",
            "%(count)d rows were left out because they look like offers already listed.",
            result.skipped,
        ) % {"count": result.skipped}
    return text


class OfferExportView(LoginRequiredMixin, ScopedPermissionMixin, View):
    """CSV of the offers matching the search that the user may see; individuals' offers in it
    are audit-logged one by one."""

    permission_required = "assets.export_offers"

    def get_permission_object(self):
        return None

    def get(self, request, *args, **kwargs):
        form = OfferSearchForm(request.GET or None, areas=searchable_areas(user=request.user))
        offers = offer_list(user=request.user, filters=form.to_filters())
        body = offers_export_csv(actor=request.user, offers=offers[:EXPORT_LIMIT])
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="offers-{stamp}.csv"'
        return response


class FiguresView(LoginRequiredMixin, ScopedPermissionMixin, TemplateView):
    """Per-area figures: offers by category, new and active offers by month, matches."""

    template_name = "assets/figures.html"
    permission_required = "assets.view_figures"

    @cached_property
    def area(self) -> Area:
        return get_object_or_404(Area.objects.select_related("programme"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.area

    def get_context_data(self, **kwargs):
        figures = area_figures(area=self.area)
        peak = max([m["active"] for m in figures["months"]] + [1])
        more = area_figures_more(area=self.area)
        return super().get_context_data(
            area=self.area, figures=figures, more=more, peak=peak, **kwargs
        )


class FiguresIndexView(LoginRequiredMixin, TemplateView):
    template_name = "assets/figures_index.html"

    def get_context_data(self, **kwargs):
        areas = list(figures_areas(user=self.request.user))
        if not areas:
            raise PermissionDenied
        return super().get_context_data(areas=areas, **kwargs)
