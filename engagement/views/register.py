"""The engagement register (partnership working) and managing "you said, we did"."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView, UpdateView

from ..forms.events import ActivityFilterForm, ActivityForm, YouSaidWeDidForm
from ..models import Area, Audience, EngagementActivity, Strand, YouSaidWeDid
from ..roles import STAFF_ROLES, areas_where
from ..services.register import (
    activity_create,
    activity_update,
    you_said_we_did_create,
    you_said_we_did_update,
)
from .mixins import ScopedPermissionMixin, ServiceFormMixin, area_or_404


def _visible_areas(user):
    qs = Area.objects.select_related("programme")
    if user.is_superuser:
        return qs
    whole, areas = areas_where(user, STAFF_ROLES)
    return qs.filter(
        Q(programme_id__in=whole) | Q(pk__in=areas) | Q(programme__areas__in=areas)
    ).distinct()


def _visible_activities(user):
    qs = EngagementActivity.objects.select_related("programme", "area", "partner")
    if user.is_superuser:
        return qs
    whole, areas = areas_where(user, STAFF_ROLES)
    programmes = whole | set(
        Area.objects.filter(pk__in=areas).values_list("programme_id", flat=True)
    )
    # Partnership working: staff see the whole programme's register, not only their area.
    return qs.filter(programme_id__in=programmes)


class ActivityListView(LoginRequiredMixin, ScopedPermissionMixin, ListView):
    """Search the register and see gaps: strand × audience counts for the chosen area."""

    template_name = "engagement/activity_list.html"
    context_object_name = "activities"
    permission_required = "engagement.view_register"
    paginate_by = 30

    def get_permission_object(self):
        return None

    @cached_property
    def filter_form(self) -> ActivityFilterForm:
        return ActivityFilterForm(self.request.GET or None, areas=_visible_areas(self.request.user))

    def filtered(self):
        qs = _visible_activities(self.request.user)
        form = self.filter_form
        if not form.is_valid():
            return qs.current()
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(
                Q(title__icontains=data["q"])
                | Q(description__icontains=data["q"])
                | Q(partner__name__icontains=data["q"])
            )
        if data["area"]:
            qs = qs.filter(
                Q(area=data["area"]) | Q(area__isnull=True, programme=data["area"].programme)
            )
        if data["strand"]:
            qs = qs.filter(strand=data["strand"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["audience"]:
            qs = qs.filter(audiences__icontains=f'"{data["audience"]}"')
        if data["police_can_join"]:
            qs = qs.filter(police_can_join=True)
        return qs.current()

    def get_queryset(self):
        return self.filtered().order_by("-starts_on", "title")

    def gaps(self):
        """(audience, [count per strand]) over current activities in scope; a zero is a gap."""
        qs = _visible_activities(self.request.user).current()
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["area"]:
            area = self.filter_form.cleaned_data["area"]
            qs = qs.filter(Q(area=area) | Q(area__isnull=True, programme=area.programme))
        aggregates = {
            f"{a}__{s}": Count("pk", filter=Q(strand=s, audiences__icontains=f'"{a}"'))
            for a in Audience.values
            for s in Strand.values
        }
        counts = qs.aggregate(**aggregates)
        return [
            (label, [counts[f"{a}__{s}"] for s in Strand.values]) for a, label in Audience.choices
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, gaps=self.gaps(), strands=Strand.labels, **kwargs
        )


class ActivityCreateView(LoginRequiredMixin, ScopedPermissionMixin, ServiceFormMixin, CreateView):
    form_class = ActivityForm
    template_name = "engagement/activity_form.html"
    permission_required = "engagement.add_activity"
    success_message = _("Activity added to the register.")

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return activity_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        from django.urls import reverse

        return reverse("engagement:activity_list")


class ActivityUpdateView(LoginRequiredMixin, ScopedPermissionMixin, ServiceFormMixin, UpdateView):
    form_class = ActivityForm
    template_name = "engagement/activity_form.html"
    permission_required = "engagement.change_activity"
    success_message = _("Activity saved.")
    queryset = EngagementActivity.objects.select_related("programme", "area")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = dict(form.cleaned_data)
        data.pop("programme", None)
        return activity_update(actor=self.request.user, activity=self.get_object(), **data)

    def get_success_url(self):
        from django.urls import reverse

        return reverse("engagement:activity_list")


class AreaScopedMixin:
    @cached_property
    def area(self) -> Area:
        return area_or_404(self.kwargs["programme_slug"], self.kwargs["area_slug"])

    def get_permission_object(self):
        return self.area

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, **kwargs)

    def get_success_url(self):
        from django.urls import reverse

        return reverse(
            "engagement:you_said_we_did",
            kwargs={"programme_slug": self.area.programme.slug, "slug": self.area.slug},
        )


class YouSaidWeDidCreateView(AreaScopedMixin, ScopedPermissionMixin, ServiceFormMixin, CreateView):
    form_class = YouSaidWeDidForm
    template_name = "engagement/you_said_we_did_form.html"
    permission_required = "engagement.change_you_said_we_did"
    success_message = _("Saved.")

    def perform(self, form):
        return you_said_we_did_create(actor=self.request.user, area=self.area, **form.cleaned_data)


class YouSaidWeDidUpdateView(AreaScopedMixin, ScopedPermissionMixin, ServiceFormMixin, UpdateView):
    form_class = YouSaidWeDidForm
    template_name = "engagement/you_said_we_did_form.html"
    permission_required = "engagement.change_you_said_we_did"
    success_message = _("Saved.")

    def get_queryset(self):
        return YouSaidWeDid.objects.filter(area=self.area)

    def perform(self, form):
        return you_said_we_did_update(
            actor=self.request.user, item=self.get_object(), **form.cleaned_data
        )
