"""The per-area figures as a CSV file, for a partnership meeting or a funder's report."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from ..figures import area_figures_more, figures_csv
from ..selectors import area_figures
from .work import FiguresView


class FiguresCsvView(FiguresView):
    """Same permission and area as the figures page; aggregates only, so nothing to audit."""

    def get(self, request, *args, **kwargs):
        body = figures_csv(
            area=self.area,
            figures=area_figures(area=self.area),
            more=area_figures_more(area=self.area),
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = f"figures-{slugify(self.area.name) or self.area.pk}-{timezone.localdate()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
