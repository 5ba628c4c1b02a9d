"""Pages for the PCC office and coordinators: the dashboard of a programme or an area (the same
figures as the PDF), asking for PDF reports and downloading them, and the open-data exports."""

from __future__ import annotations

import csv
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from engagement.models import Area, GeneratedDocument, Programme
from engagement.views.mixins import ScopedPermissionMixin
from voting.models import PBVote

from . import exports
from .context import report_context
from .forms import PeriodForm, ReportRequestForm
from .pdf import IMPACT_REPORT, TEMPLATE
from .selectors import Period, report_documents, report_scopes
from .services import report_regenerate, report_request


class ReportIndexView(ScopedPermissionMixin, TemplateView):
    template_name = "reports/report_index.html"
    permission_required = "reports.view_reports"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        programmes, areas = report_scopes(user=self.request.user)
        return super().get_context_data(programmes=programmes, areas=areas, **kwargs)


class ScopeMixin(ScopedPermissionMixin):
    """A programme (``programme_slug``) or one of its areas (``area_slug``) and the period in
    the query string (``date_from``/``date_to``)."""

    permission_required = "reports.view_report"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["programme_slug"])

    @cached_property
    def area(self) -> Area | None:
        if "area_slug" not in self.kwargs:
            return None
        return get_object_or_404(
            Area.objects.select_related("programme"),
            programme=self.programme,
            slug=self.kwargs["area_slug"],
        )

    def get_permission_object(self):
        return self.area or self.programme

    @cached_property
    def period_form(self) -> PeriodForm:
        return PeriodForm(self.request.GET or None, action=self.request.path)

    @cached_property
    def period(self) -> Period:
        form = self.period_form
        if form.is_bound and form.is_valid():
            return Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        return Period()

    def scope_url(self, name: str, **kwargs) -> str:
        args = {"programme_slug": self.programme.slug, **kwargs}
        if self.area is not None:
            return reverse(f"reports:area_{name}", kwargs={**args, "area_slug": self.area.slug})
        return reverse(f"reports:programme_{name}", kwargs=args)

    @property
    def query(self) -> str:
        params = {
            "date_from": self.period.start.isoformat() if self.period.start else "",
            "date_to": self.period.end.isoformat() if self.period.end else "",
        }
        return urlencode({k: v for k, v in params.items() if v})


class DashboardView(ScopeMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        request_form = kwargs.pop("request_form", None) or ReportRequestForm(
            initial={"date_from": self.period.start, "date_to": self.period.end},
            action=self.scope_url("request"),
        )
        query = self.query
        exports_links = [
            (_("Grants as 360Giving data (JSON)"), "360giving.json"),
            (_("Grants as 360Giving data (CSV)"), "360giving.csv"),
            (_("Bids (CSV)"), "bids.csv"),
            (_("Attendance at events (CSV)"), "attendance.csv"),
        ]
        return super().get_context_data(
            **report_context(self.programme, self.area, self.period),
            programme=self.programme,
            area=self.area,
            period_form=self.period_form,
            request_form=request_form,
            documents=report_documents(programme=self.programme, area=self.area),
            query=query,
            web_report_url=self.scope_url("web") + (f"?{query}" if query else ""),
            exports=[
                (label, self.scope_url("export", kind=kind) + (f"?{query}" if query else ""))
                for label, kind in exports_links
            ],
            **kwargs,
        )


class ReportWebView(ScopeMixin, TemplateView):
    """The impact report as an accessible web page: the same template, figures and words as
    the PDF, in the language the page is read in, for the chosen period."""

    template_name = TEMPLATE

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **report_context(self.programme, self.area, self.period), web=True, **kwargs
        )


class ReportRequestView(ScopeMixin, View):
    """POST: ask for a PDF of this programme or area over the chosen period."""

    permission_required = "reports.request_report"

    def post(self, request, **kwargs):
        form = ReportRequestForm(request.POST, action=request.path)
        if form.is_valid():
            try:
                report_request(
                    actor=request.user,
                    programme=self.programme,
                    area=self.area,
                    date_from=form.cleaned_data["date_from"],
                    date_to=form.cleaned_data["date_to"],
                    language=form.cleaned_data["language"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Your report is being made. It appears in the list below when ready."),
                )
                return redirect(self.scope_url("dashboard") + "#reports")
        view = DashboardView()
        view.setup(request, **self.kwargs)
        return view.render_to_response(view.get_context_data(request_form=form), status=400)


class DocumentMixin(ScopedPermissionMixin):
    permission_required = "reports.view_report"

    @cached_property
    def document(self) -> GeneratedDocument:
        document = get_object_or_404(GeneratedDocument, pk=self.kwargs["pk"], kind=IMPACT_REPORT)
        if document.subject is None:
            raise Http404
        return document

    def get_permission_object(self):
        return self.document


class DocumentStatusView(DocumentMixin, View):
    """JSON for the page's progress display (polled by static/reports/reports.js)."""

    def get(self, request, pk):
        document = self.document
        ready = document.status == GeneratedDocument.Status.READY and bool(document.file)
        response = JsonResponse(
            {
                "status": document.status,
                "label": str(document.get_status_display()),
                "error": document.error,
                "download": reverse("reports:document_download", kwargs={"pk": pk})
                if ready
                else "",
            }
        )
        response["Cache-Control"] = "no-store"
        return response


class DocumentDownloadView(DocumentMixin, View):
    def get(self, request, pk):
        document = self.document
        if document.status != GeneratedDocument.Status.READY or not document.file:
            raise Http404
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.file.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )


class DocumentRegenerateView(DocumentMixin, View):
    permission_required = "reports.request_report"

    def post(self, request, pk):
        try:
            report_regenerate(actor=request.user, document=self.document)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report is being made again with today's figures."))
        subject = self.document.subject
        if isinstance(subject, Area):
            url = reverse("reports:area_dashboard", args=[subject.programme.slug, subject.slug])
        else:
            url = reverse("reports:programme_dashboard", args=[subject.slug])
        return redirect(url + "#reports")


class ExportView(ScopeMixin, View):
    """Open data and CSV files for the scope and period of the dashboard."""

    permission_required = "reports.export_data"
    CSV_EXPORTS = {
        "360giving.csv": exports.grants_csv_rows,
        "bids.csv": exports.bids_csv_rows,
        "attendance.csv": exports.attendance_csv_rows,
    }

    def get(self, request, kind: str, **kwargs):
        scope = {"programme": self.programme, "area": self.area, "period": self.period}
        name = "-".join(filter(None, [self.programme.slug, self.area and self.area.slug]))
        if kind.startswith("360giving.") and exports.publishing_problem():
            return render(
                request,
                "reports/export_refused.html",
                {"problem": exports.publishing_problem(), "programme": self.programme},
                status=409,
            )
        if kind == "360giving.json":
            body = json.dumps(exports.grants_360giving(**scope), indent=2, ensure_ascii=False)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        elif kind in self.CSV_EXPORTS:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            writer = csv.writer(response)
            writer.writerows(self.CSV_EXPORTS[kind](**scope))
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="{name}-{kind}"'
        return response


class VotePabulibView(ScopedPermissionMixin, View):
    """A PB vote's confirmed results as a pabulib ``.pb`` file (never a cancelled vote's, nor
    results still being checked)."""

    permission_required = "reports.export_data"

    @cached_property
    def vote(self) -> PBVote:
        return get_object_or_404(
            PBVote.objects.publishable().select_related("area", "tally"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.vote

    def get(self, request, pk):
        response = HttpResponse(
            exports.vote_pabulib_text(vote=self.vote), content_type="text/plain; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="pb-vote-{pk}.pb"'
        return response
