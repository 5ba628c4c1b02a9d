from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from ..forms.programmes import AreaForm, ProgrammeForm, ProgrammeSettingsForm
from ..models import Area, Programme
from ..selectors import area_list, programme_list
from ..services import area_create, area_update, programme_create, programme_update
from .mixins import ScopedPermissionMixin, ServiceFormMixin


class ProgrammeListView(ListView):
    template_name = "engagement/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return programme_list(user=self.request.user)


class ProgrammeDetailView(ScopedPermissionMixin, DetailView):
    template_name = "engagement/programme_detail.html"
    permission_required = "engagement.view_programme"
    context_object_name = "programme"

    def get_queryset(self):
        return Programme.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["areas"] = area_list(user=self.request.user, programme=self.object)
        return context


class ProgrammeCreateView(ScopedPermissionMixin, ServiceFormMixin, CreateView):
    model = Programme
    form_class = ProgrammeForm
    template_name = "engagement/programme_form.html"
    permission_required = "engagement.add_programme"
    success_message = _("Programme created.")

    def get_permission_object(self):
        return None

    def perform(self, form):
        from ..models import Role
        from ..services import role_assign

        programme = programme_create(actor=self.request.user, **form.cleaned_data)
        # Whoever creates a programme coordinates it, or they could not edit what they made.
        role_assign(
            actor=self.request.user,
            user=self.request.user,
            role=Role.COORDINATOR,
            programme=programme,
        )
        return programme


class ProgrammeUpdateView(ScopedPermissionMixin, ServiceFormMixin, UpdateView):
    model = Programme
    form_class = ProgrammeSettingsForm
    template_name = "engagement/programme_form.html"
    permission_required = "engagement.change_programme"
    success_message = _("Programme saved.")

    def perform(self, form):
        return programme_update(
            actor=self.request.user, programme=self.get_object(), **form.cleaned_data
        )


class ProgrammeScopedMixin:
    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["programme_slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


class AreaDetailView(ProgrammeScopedMixin, ScopedPermissionMixin, DetailView):
    template_name = "engagement/area_detail.html"
    permission_required = "engagement.view_programme"
    context_object_name = "area"

    def get_permission_object(self):
        return self.programme

    def get_queryset(self):
        return Area.objects.filter(programme=self.programme).prefetch_related("partners")


class AreaCreateView(ProgrammeScopedMixin, ScopedPermissionMixin, ServiceFormMixin, CreateView):
    form_class = AreaForm
    template_name = "engagement/area_form.html"
    permission_required = "engagement.add_area"
    success_message = _("Area added.")

    def get_permission_object(self):
        return self.programme

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def perform(self, form):
        return area_create(actor=self.request.user, programme=self.programme, **form.cleaned_data)


class AreaUpdateView(ProgrammeScopedMixin, ScopedPermissionMixin, ServiceFormMixin, UpdateView):
    form_class = AreaForm
    template_name = "engagement/area_form.html"
    permission_required = "engagement.change_area"
    success_message = _("Area saved.")

    def get_queryset(self):
        return Area.objects.filter(programme=self.programme)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def perform(self, form):
        return area_update(actor=self.request.user, area=self.get_object(), **form.cleaned_data)
