"""Funded projects: the public list per area, a project's page, monitoring updates, payment
milestones, the grant offer letter and the overdue list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from engagement.models import GeneratedDocument
from engagement.views.mixins import (
    ScopedPermissionMixin,
    ServiceActionMixin,
    ServiceFormMixin,
    area_or_404,
)

from ..forms import GrantAcceptForm, MilestoneForm, MonitoringUpdateForm, SignedCopyForm
from ..models import MonitoringUpdate, Project
from ..selectors import (
    areas_with_projects,
    funded_project_list,
    overdue_project_list,
    project_get,
    project_updates,
    public_update_photo,
)
from ..services import (
    GRANT_LETTER,
    grant_letter_request,
    milestone_add,
    monitoring_update_submit,
    payment_schedule_problem,
)
from .common import ProjectMixin


class ProjectListView(TemplateView):
    """Public, map-free: funded projects grouped by area with their progress."""

    template_name = "budgeting/project_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = None
        if "area_slug" in self.kwargs:
            area = area_or_404(self.kwargs["programme_slug"], self.kwargs["area_slug"])
        projects = list(funded_project_list(area=area))
        groups: dict = {}
        for project in projects:
            groups.setdefault(project.bid.round.area, []).append(project)
        context.update(area=area, groups=groups, areas=areas_with_projects())
        return context


class ProjectDetailView(ProjectMixin, TemplateView):
    template_name = "budgeting/project_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project, user = self.project, self.request.user
        # Public while not cancelled and its round is published (as on the list of funded
        # projects); the group and the staff in scope see it whatever its state.
        if not user.has_perm("budgeting.view_project", project):
            raise Http404
        private = user.has_perm("budgeting.view_project_private", project)
        context.update(
            progress=project_get(pk=project.pk),
            updates=project_updates(project=project, private=private),
            private=private,
            can_manage=user.has_perm("budgeting.manage_project", project),
            can_update=user.has_perm("budgeting.add_update", project),
            milestones=project.milestones.all() if private else [],
            milestone_form=kwargs.get("milestone_form") or _milestone_form(project),
            letter=_letter(project) if private else None,
            schedule_problem=payment_schedule_problem(project) if private else "",
            accept_form=_action_form(GrantAcceptForm, "budgeting:grant_accept", project),
            signed_form=_action_form(SignedCopyForm, "budgeting:grant_signed", project),
            overdue=project.is_overdue(),
        )
        return context


def _action_form(form_class, url_name: str, project):
    form = form_class()
    form.helper.form_action = reverse(url_name, kwargs={"pk": project.pk})
    if form_class is SignedCopyForm:
        form.helper.form_tag = True
        form.helper.attrs["enctype"] = "multipart/form-data"
    return form


def _milestone_form(project) -> MilestoneForm:
    form = MilestoneForm()
    form.helper.form_action = reverse("budgeting:milestone_add", kwargs={"pk": project.pk})
    return form


def _letter(project) -> GeneratedDocument | None:
    from django.contrib.contenttypes.models import ContentType

    return GeneratedDocument.objects.filter(
        kind=GRANT_LETTER,
        content_type=ContentType.objects.get_for_model(Project),
        object_id=str(project.pk),
    ).first()


class MonitoringUpdateCreateView(ProjectMixin, ScopedPermissionMixin, ServiceFormMixin, FormView):
    template_name = "budgeting/update_form.html"
    permission_required = "budgeting.add_update"
    form_class = MonitoringUpdateForm
    success_message = gettext_lazy(
        "Thank you: your update has been sent. A coordinator reads it before it is public."
    )

    def perform(self, form):
        return monitoring_update_submit(
            actor=self.request.user, project=self.project, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return self.project.get_absolute_url()


class MilestoneAddView(ProjectMixin, ScopedPermissionMixin, View):
    permission_required = "budgeting.manage_project"

    def post(self, request, pk):
        form = MilestoneForm(request.POST)
        form.helper.form_action = request.path
        if form.is_valid():
            try:
                milestone_add(actor=request.user, project=self.project, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Payment added."))
                return redirect(self.project)
        view = ProjectDetailView(request=request, kwargs=self.kwargs)
        view.project = self.project
        return view.render_to_response(view.get_context_data(milestone_form=form))


class GrantLetterView(ProjectMixin, ScopedPermissionMixin, ServiceActionMixin, View):
    """POST asks for the letter to be (re)made; GET downloads it once it is ready."""

    permission_required = "budgeting.view_project_private"
    success_message = gettext_lazy("The grant offer letter is being made. Refresh in a moment.")

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("budgeting.manage_project", self.project):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def perform(self):
        return grant_letter_request(actor=self.request.user, project=self.project)

    def get_success_url(self) -> str:
        return self.project.get_absolute_url()

    def get(self, request, pk):
        letter = _letter(self.project)
        if letter is None or letter.status != GeneratedDocument.Status.READY or not letter.file:
            raise Http404
        return FileResponse(
            letter.file.open("rb"),
            as_attachment=True,
            filename=letter.file.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )


class UpdatePhotoView(View):
    """Photos from published monitoring updates are public with the project (not when
    cancelled, nor while its round is unpublished); the group and the staff in scope also see
    one that is waiting to be checked."""

    def get(self, request, pk):
        try:
            update = public_update_photo(pk=pk)
        except MonitoringUpdate.DoesNotExist:
            update = get_object_or_404(
                MonitoringUpdate.objects.exclude(photo="").select_related("project__bid__round"),
                pk=pk,
            )
            if not request.user.has_perm("budgeting.view_project_private", update.project):
                raise Http404 from None
        response = FileResponse(update.photo.open("rb"))
        response["Cache-Control"] = "private, no-store"
        return response


class OverdueView(ScopedPermissionMixin, ListView):
    template_name = "budgeting/overdue.html"
    permission_required = "budgeting.view_overdue"
    context_object_name = "projects"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return overdue_project_list(user=self.request.user)
