"""A programme's Partners page: list, add, change and retire partner organisations."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, TemplateView, UpdateView

from ..forms.partners import PartnerForm
from ..models import Partner, Programme
from ..services.partners import partner_create, partner_retire, partner_update
from .mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin


class PartnerScopeMixin(ScopedPermissionMixin):
    permission_required = "engagement.manage_partners"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["programme_slug"])

    def get_permission_object(self):
        return self.programme

    def get_success_url(self) -> str:
        return reverse("engagement:partner_list", kwargs={"programme_slug": self.programme.slug})

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


class PartnerListView(PartnerScopeMixin, TemplateView):
    template_name = "engagement/partner_list.html"

    def get_context_data(self, **kwargs):
        partners = (
            Partner.objects.in_programme(self.programme)
            .prefetch_related("areas")
            .order_by("retired_at", "name")
        )
        return super().get_context_data(partners=partners, **kwargs)


class PartnerFormMixin(PartnerScopeMixin, ServiceFormMixin):
    form_class = PartnerForm
    template_name = "engagement/partner_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}


class PartnerCreateView(PartnerFormMixin, CreateView):
    def perform(self, form):
        data = dict(form.cleaned_data)
        areas = list(data.pop("areas"))
        return partner_create(
            actor=self.request.user, programme=self.programme, areas=areas, **data
        )

    def get_success_message(self, partner) -> str:
        return _("%(name)s added.") % {"name": partner.name}


class PartnerUpdateView(PartnerFormMixin, UpdateView):
    def get_queryset(self):
        return Partner.objects.in_programme(self.programme)

    def perform(self, form):
        data = dict(form.cleaned_data)
        areas = list(data.pop("areas"))
        partner = Partner.objects.get(pk=self.object.pk)
        return partner_update(
            actor=self.request.user, programme=self.programme, partner=partner, areas=areas, **data
        )

    def get_success_message(self, partner) -> str:
        return _("%(name)s saved.") % {"name": partner.name}


class PartnerRetireView(PartnerScopeMixin, ServiceActionMixin, View):
    def perform(self):
        partner = get_object_or_404(
            Partner.objects.in_programme(self.programme), pk=self.kwargs["pk"]
        )
        return partner_retire(actor=self.request.user, programme=self.programme, partner=partner)

    def get_success_message(self, partner) -> str:
        return _("%(name)s is retired: no longer offered for new work.") % {"name": partner.name}
