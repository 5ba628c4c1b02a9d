"""The People pages of a programme and of an area, and the page that accepts an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from ..forms.people import InvitationAccountForm, InviteForm, RoleChangeForm
from ..models import Area, Programme, Role, RoleAssignment, RoleInvitation
from ..roles import role_label
from ..selectors.people import invitation_list, people_list
from ..services.invitations import (
    invitation_accept,
    invitation_account_create,
    invitation_cancel,
    invitation_from_token,
    invitation_problem,
    invitation_send,
)
from ..services.roles import may_grant, role_change, role_revoke
from .mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin


class PeopleScopeMixin(ScopedPermissionMixin):
    """The programme, or the area, an URL names; the user must manage its people."""

    permission_required = "engagement.manage_people"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["programme_slug"])

    @cached_property
    def area(self) -> Area | None:
        slug = self.kwargs.get("area_slug")
        return get_object_or_404(Area, programme=self.programme, slug=slug) if slug else None

    @property
    def scope(self):
        return self.area or self.programme

    def get_permission_object(self):
        return self.scope

    def people_url(self) -> str:
        if self.area is not None:
            return reverse(
                "engagement:area_people",
                kwargs={"programme_slug": self.programme.slug, "area_slug": self.area.slug},
            )
        return reverse(
            "engagement:programme_people", kwargs={"programme_slug": self.programme.slug}
        )

    def get_success_url(self) -> str:
        return self.people_url()


class PeopleView(PeopleScopeMixin, ServiceFormMixin, FormView):
    template_name = "engagement/people.html"
    form_class = InviteForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "programme": self.programme,
            "area": self.area,
        }

    def get_success_message(self, invitation) -> str:
        return _("Invitation sent to %(email)s. The role starts when they accept.") % {
            "email": invitation.email
        }

    def perform(self, form):
        data = form.cleaned_data
        return invitation_send(
            actor=self.request.user,
            email=data["email"],
            name=data["name"],
            role=data["role"],
            programme=self.programme,
            area=data.get("area"),
            partner=data.get("partner"),
            language=data["language"],
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = []
        for assignment in people_list(user=user, scope=self.scope):
            manageable = may_grant(
                user, role=assignment.role, programme=self.programme, area=assignment.area
            )
            rows.append(
                {
                    "assignment": assignment,
                    "label": role_label(assignment.role, self.programme),
                    "manageable": manageable,
                    "host_profile": getattr(assignment.user, "host_profile", None)
                    if assignment.role == Role.TABLE_HOST
                    else None,
                    "change_form": RoleChangeForm(
                        user=user,
                        assignment=assignment,
                        initial={"role": assignment.role},
                        prefix=f"a{assignment.pk}",
                    )
                    if manageable
                    else None,
                }
            )
        invitations = [
            (i, role_label(i.role, self.programme))
            for i in invitation_list(user=user, scope=self.scope)
        ]
        return super().get_context_data(
            programme=self.programme, area=self.area, rows=rows, invitations=invitations, **kwargs
        )


class AssignmentMixin(PeopleScopeMixin):
    """The role assignment an URL names, found within the page's scope only."""

    assignment_roles: tuple[str, ...] = ()

    @cached_property
    def assignment(self) -> RoleAssignment:
        rows = RoleAssignment.objects.select_related("user", "programme", "area", "partner")
        if self.assignment_roles:
            rows = rows.filter(role__in=self.assignment_roles)
        if self.area is not None:
            return get_object_or_404(rows, pk=self.kwargs["pk"], area=self.area)
        return get_object_or_404(rows, pk=self.kwargs["pk"], programme=self.programme)


class AssignmentActionMixin(AssignmentMixin, ServiceActionMixin, View):
    pass


class RoleRemoveView(AssignmentActionMixin):
    def perform(self):
        role_revoke(actor=self.request.user, assignment=self.assignment, check_scope=True)
        return self.assignment

    def get_success_message(self, assignment) -> str:
        return _("%(name)s no longer holds the role %(role)s.") % {
            "name": assignment.user,
            "role": role_label(assignment.role, self.programme),
        }


class RoleChangeView(AssignmentActionMixin):
    def perform(self):
        form = RoleChangeForm(
            self.request.POST,
            user=self.request.user,
            assignment=self.assignment,
            prefix=f"a{self.assignment.pk}",
        )
        if not form.is_valid():
            raise ValidationError(_("Choose a role you may give here."))
        return role_change(
            actor=self.request.user, assignment=self.assignment, role=form.cleaned_data["role"]
        )

    def get_success_message(self, assignment) -> str:
        return _("%(name)s is now %(role)s.") % {
            "name": assignment.user,
            "role": role_label(assignment.role, self.programme),
        }


class InvitationCancelView(PeopleScopeMixin, ServiceActionMixin, View):
    def perform(self):
        invitation = get_object_or_404(
            RoleInvitation.objects.pending(), pk=self.kwargs["pk"], programme=self.programme
        )
        return invitation_cancel(actor=self.request.user, invitation=invitation)

    def get_success_message(self, invitation) -> str:
        return _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}


class InvitationAcceptView(FormView):
    """Open from the email's link: no sign-in needed to read it. A signed-in person with the
    invited address accepts with one button; someone without an account makes one here; someone
    with an account is asked to sign in first."""

    template_name = "engagement/invitation_accept.html"
    form_class = InvitationAccountForm

    def dispatch(self, request, *args, **kwargs):
        # The email's ``?lang=`` is honoured by ``LanguageFromLinkMiddleware``.
        self.invitation = invitation_from_token(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def has_account(self) -> bool:
        from ..models import User

        return User.objects.filter(email__iexact=self.invitation.email).exists()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "email": self.invitation.email if self.invitation else "",
        }

    def get_context_data(self, **kwargs):
        invitation = self.invitation
        context = {
            "invitation": invitation,
            "problem": invitation_problem(invitation),
            "has_account": invitation is not None and self.has_account,
        }
        if invitation is not None:
            context["role_label"] = role_label(invitation.role, invitation.programme)
            context["scope"] = invitation.area or invitation.programme
            context["login_url"] = (
                reverse("account_login") + "?" + urlencode({"next": self.request.get_full_path()})
            )
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.invitation is None or invitation_problem(self.invitation):
            return self.get(request, *args, **kwargs)
        if request.user.is_authenticated:
            try:
                invitation_accept(invitation=self.invitation, user=request.user)
            except ValidationError as exc:
                for text in exc.messages:
                    messages.error(request, text)
                return HttpResponseRedirect(request.get_full_path())
            return self._welcome()
        if self.has_account:
            return redirect(self.get_context_data()["login_url"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user, _assignment = invitation_account_create(
                invitation=self.invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return self._welcome()

    def _welcome(self):
        messages.success(
            self.request,
            _("Welcome. You are now %(role)s for %(scope)s.")
            % {
                "role": role_label(self.invitation.role, self.invitation.programme),
                "scope": self.invitation.area or self.invitation.programme,
            },
        )
        return redirect("dashboard")
