"""Loading an area's Census 2021 figures from an ONS table: upload, preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from ..census import SAMPLE_FILE, CensusTable, census_table_read
from ..forms.census import CensusConfirmForm, CensusUploadForm
from ..models import Area
from ..selectors.reach import area_population
from ..services.equality import population_census_import
from .mixins import ScopedPermissionMixin, area_or_404


class CensusImportView(ScopedPermissionMixin, TemplateView):
    """GET: the upload form. POST with a file: the preview (what would be loaded, every
    problem). POST with ``confirm``: the import, all or nothing, then back to the figures."""

    template_name = "engagement/population_census.html"
    permission_required = "engagement.change_population"

    @cached_property
    def area(self) -> Area:
        return area_or_404(self.kwargs["programme_slug"], self.kwargs["slug"])

    def get_permission_object(self):
        return self.area

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CensusUploadForm())
        return super().get_context_data(area=self.area, sample_file=SAMPLE_FILE, **kwargs)

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self._confirm()
        form = CensusUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.data_bytes()
        name = form.cleaned_data["file"].name
        return self._preview(census_table_read(data, area_code=self.area.ons_code), data, name)

    def _preview(self, table: CensusTable, data: bytes, name: str):
        current = area_population(self.area)
        for dimension in table.dimensions:
            for group in dimension.groups:
                group.current = current.get(group.key)
        return self.render_to_response(
            self.get_context_data(
                table=table,
                file_name=name,
                confirm_form=CensusConfirmForm.for_file(data=data, file_name=name)
                if table.ok
                else None,
            )
        )

    def _confirm(self):
        form = CensusConfirmForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("The file could not be read back. Upload it again."))
            return HttpResponseRedirect(self.request.path)
        data, name = form.cleaned_data["data"], form.cleaned_data["file_name"]
        try:
            table = population_census_import(
                actor=self.request.user, area=self.area, data=data, file_name=name
            )
        except ValidationError:
            # The file changed its meaning since the preview (the area's ONS code changed):
            # show the preview again, with its problems.
            return self._preview(census_table_read(data, area_code=self.area.ons_code), data, name)
        count = len(table.figures())
        messages.success(
            self.request,
            ngettext(
                "Census figures loaded: %(count)d group from %(file)s.",
                "Census figures loaded: %(count)d groups from %(file)s.",
                count,
            )
            % {"count": count, "file": name or _("the file")},
        )
        return HttpResponseRedirect(
            reverse(
                "engagement:area_population",
                kwargs={"programme_slug": self.area.programme.slug, "slug": self.area.slug},
            )
        )
