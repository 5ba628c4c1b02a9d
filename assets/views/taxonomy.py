"""The subcategory page of a programme, linked from the programme page: coordinators add their
own subcategories, rename them and retire those no longer wanted."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from engagement.models import Programme
from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from ..forms_taxonomy import SubcategoryForm, SubcategoryRenameForm
from ..models import Subcategory
from ..selectors import subcategory_choices
from ..services import subcategory_create, subcategory_rename, subcategory_retire


class ProgrammeMixin:
    permission_required = "assets.add_subcategory"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["programme_slug"])

    def get_permission_object(self):
        return self.programme

    def list_url(self) -> str:
        return reverse("assets:subcategory_create", args=[self.programme.slug])


class SubcategoryMixin(ProgrammeMixin):
    @cached_property
    def subcategory(self) -> Subcategory:
        return get_object_or_404(Subcategory, pk=self.kwargs["pk"], programme=self.programme)


class SubcategoryListView(
    LoginRequiredMixin, ProgrammeMixin, ScopedPermissionMixin, ServiceFormMixin, FormView
):
    form_class = SubcategoryForm
    template_name = "assets/subcategory_form.html"
    success_message = _("Subcategory added.")

    def get_context_data(self, **kwargs):
        subcategories = subcategory_choices(programme=self.programme).annotate(
            offer_count=Count("offers")
        )
        return super().get_context_data(
            programme=self.programme, subcategories=subcategories, **kwargs
        )

    def perform(self, form):
        return subcategory_create(
            actor=self.request.user, programme=self.programme, **form.cleaned_data
        )

    def get_success_url(self):
        return self.list_url()


class SubcategoryRenameView(
    LoginRequiredMixin, SubcategoryMixin, ScopedPermissionMixin, ServiceFormMixin, FormView
):
    form_class = SubcategoryRenameForm
    template_name = "assets/subcategory_rename.html"
    success_message = _("Subcategory renamed; its offers keep it.")

    def get_initial(self):
        return {"name": self.subcategory.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.programme, subcategory=self.subcategory, **kwargs
        )

    def perform(self, form):
        return subcategory_rename(
            actor=self.request.user, subcategory=self.subcategory, name=form.cleaned_data["name"]
        )

    def get_success_url(self):
        return self.list_url()


class SubcategoryRetireView(
    LoginRequiredMixin, SubcategoryMixin, ScopedPermissionMixin, ServiceActionMixin, View
):
    def get_success_message(self, result) -> str:
        if result.retired_at:
            return str(_("Retired: it is no longer offered for new offers."))
        return str(_("Brought back: it is offered again."))

    def perform(self):
        retire = self.request.POST.get("retired") != "no"
        return subcategory_retire(
            actor=self.request.user, subcategory=self.subcategory, retired=retire
        )

    def get_success_url(self):
        return self.list_url()
