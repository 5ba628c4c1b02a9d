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


class ServiceFormMixin:
    """``form_valid`` hands the cleaned data to one service (``perform``), shows a message and
    redirects. A DomainError from the service becomes a form error and nothing is saved."""

    success_message = ""

    def perform(self, form):  # pragma: no cover - each view defines it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())
