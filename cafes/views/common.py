"""Mixins the café views share."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from engagement.views.mixins import ScopedPermissionMixin

from ..models import Cafe, CafeTable


class CafeMixin(ScopedPermissionMixin):
    """Loads the café from ``pk`` and checks ``permission_required`` against it (coordinators
    of the event's area by default)."""

    permission_required = "cafes.change_cafe"

    @cached_property
    def cafe(self) -> Cafe:
        return get_object_or_404(Cafe.objects.with_event(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.cafe

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cafe", self.cafe)
        kwargs.setdefault("event", self.cafe.event)
        return super().get_context_data(**kwargs)

    def get_success_url(self) -> str:
        return self.cafe.get_absolute_url()


class TableMixin(CafeMixin):
    """Loads a table of the café by its number; permissions are checked against the table."""

    permission_required = "cafes.view_table"

    @cached_property
    def table(self) -> CafeTable:
        return get_object_or_404(
            CafeTable.objects.select_related("cafe__event__area", "cafe__event__programme"),
            cafe=self.cafe,
            number=self.kwargs["number"],
        )

    def get_permission_object(self):
        return self.table
