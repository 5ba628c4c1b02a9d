"""The access log page: who looked at or exported which individual's offer, for coordinators."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from engagement.forms.base import DateInput, PlainTextForm
from engagement.views.mixins import ScopedPermissionMixin

from ..access_log import HOW_CHOICES, AccessFilter, access_list, how_in_words, offers_of
from ..selectors import coordinated_areas


class AccessFilterForm(PlainTextForm):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=None, required=False, empty_label=_("Every area you coordinate")
    )
    offer = forms.CharField(label=_("Offer or person"), max_length=100, required=False)
    who = forms.CharField(label=_("Who looked (name or email)"), max_length=100, required=False)
    how = forms.ChoiceField(
        label=_("How"), choices=[("", _("Any way")), *HOW_CHOICES], required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return data


class AccessLogView(LoginRequiredMixin, ScopedPermissionMixin, TemplateView):
    template_name = "assets/access_log.html"
    permission_required = "assets.view_access_log"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = AccessFilterForm(self.request.GET or None, areas=coordinated_areas(user=user))
        filters = AccessFilter(**form.cleaned_data) if form.is_valid() else AccessFilter()
        page = Paginator(access_list(user=user, filters=filters), 50).get_page(
            self.request.GET.get("page")
        )
        offers = offers_of(page.object_list)
        rows = [(e, how_in_words(e), offers.get(e.object_id)) for e in page.object_list]
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form, page_obj=page, rows=rows, query=query.urlencode(), **kwargs
        )
