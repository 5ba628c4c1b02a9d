"""The audit log page of a programme, filterable, and the same rows as CSV."""

from __future__ import annotations

import csv

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ..forms.base import DateInput, PlainTextForm
from ..models import Programme
from ..selectors.audit import AuditFilter, action_in_words, audit_kinds, audit_list
from ..spreadsheets import spreadsheet_safe
from .mixins import ScopedPermissionMixin


class AuditFilterForm(PlainTextForm):
    action = forms.ChoiceField(label=gettext_lazy("Kind of change"), required=False)
    who = forms.CharField(label=gettext_lazy("Who (name or email)"), max_length=100, required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Every kind"))] + [
            (k, k.replace("_", " ").capitalize()) for k in kinds
        ]


class AuditLogView(ScopedPermissionMixin, TemplateView):
    template_name = "engagement/audit_log.html"
    permission_required = "engagement.view_audit_log"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["programme_slug"])

    def get_permission_object(self):
        return self.programme

    def _form_and_rows(self):
        form = AuditFilterForm(
            self.request.GET or None, kinds=audit_kinds(programme=self.programme)
        )
        filters = AuditFilter(**form.cleaned_data) if form.is_valid() else AuditFilter()
        return form, audit_list(user=self.request.user, programme=self.programme, filters=filters)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self._csv()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form, rows = self._form_and_rows()
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        entries = [(e, action_in_words(e), _subject(e)) for e in page.object_list]
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            programme=self.programme,
            form=form,
            page_obj=page,
            entries=entries,
            query=query.urlencode(),
            **kwargs,
        )

    def _csv(self) -> HttpResponse:
        _form, rows = self._form_and_rows()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d")
        name = f"audit-{self.programme.slug}-{stamp}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        writer.writerow([_("When"), _("Who"), _("What"), _("Record"), _("Code")])
        for entry in rows:
            writer.writerow(
                [
                    timezone.localtime(entry.created).strftime("%Y-%m-%d %H:%M"),
                    spreadsheet_safe(entry.actor or _("The system")),
                    spreadsheet_safe(action_in_words(entry)),
                    spreadsheet_safe(_subject(entry)),
                    entry.action,
                ]
            )
        return response


def _subject(entry) -> str:
    subject = entry.subject if entry.content_type_id else None
    return str(subject) if subject is not None else _("(since removed)") if entry.object_id else ""
