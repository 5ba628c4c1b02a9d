"""Small pieces every app's views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from ..models import Area


def area_or_404(programme_slug: str, slug: str) -> Area:
    """The area an URL names as ``/programmes/<programme_slug>/areas/<slug>/...``."""
    return get_object_or_404(
        Area.objects.select_related("programme"), programme__slug=programme_slug, slug=slug
    )


class ScopedPermissionMixin(PermissionRequiredMixin):
    """django-rules permission check against ``get_permission_object()``; anonymous users are
    sent to log in, signed-in users without the permission get 403."""

    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


class _ServiceSuccess:
    """What both service mixins do after the service succeeded."""

    success_message = ""

    def perform(self, *args):  # pragma: no cover - each view defines it
        raise NotImplementedError

    def get_success_message(self, result) -> str:
        """The message after a success; ``result`` is what ``perform`` returned."""
        return str(self.success_message)

    def show_success(self, result) -> None:
        message = self.get_success_message(result)
        if message:
            messages.success(self.request, message)


class ServiceFormMixin(_ServiceSuccess):
    """A form view whose ``form_valid`` hands the cleaned data to one service
    (``perform(form)``), shows a message and redirects. A refusal from the service (a
    ValidationError, DomainError included) becomes a form error and the page is shown again;
    nothing was saved, because the service's transaction rolled back.

    A page that posts one of several forms calls ``form_valid``/``form_invalid`` from its own
    ``post`` and overrides ``form_invalid`` to show the page again."""

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        self.show_success(self.object)
        return HttpResponseRedirect(self.get_success_url())


class ServiceActionMixin(_ServiceSuccess):
    """A POST without a form (a button) that calls one service (``perform()``), shows a
    message and redirects to ``get_success_url()``. A refusal shows each of its reasons as an
    error message and goes to ``get_error_url()`` (the success URL unless the view says
    otherwise); nothing was changed. Permission checks stay with the view's permission mixin."""

    def get_error_url(self) -> str:
        return self.get_success_url()

    def post(self, request, *args, **kwargs):
        try:
            self.object = self.perform()
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
            return HttpResponseRedirect(self.get_error_url())
        self.show_success(self.object)
        return HttpResponseRedirect(self.get_success_url())
