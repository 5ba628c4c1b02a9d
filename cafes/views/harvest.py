"""After the café: the harvest by theme, theme work, safeguarding flags, summary, CSV and the
host pack."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from engagement.models import GeneratedDocument
from engagement.views.mixins import ServiceActionMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import (
    FlagHandleForm,
    PriorityForm,
    SummaryForm,
    ThemeForm,
    ThemeMergeForm,
    YouSaidForm,
)
from ..models import CafeTheme, SafeguardingFlag, TableclothPhoto
from .common import CafeMixin


class HarvestView(CafeMixin, TemplateView):
    template_name = "cafes/harvest.html"
    permission_required = "cafes.view_harvest"

    def get_context_data(self, **kwargs):
        cafe = self.cafe
        return super().get_context_data(
            themes=selectors.theme_list(cafe),
            untagged=selectors.untagged_notes(cafe),
            photos=cafe.photos.select_related("table"),
            can_change=self.request.user.has_perm("cafes.change_cafe", cafe),
            **kwargs,
        )


class ThemeMixin(CafeMixin):
    @cached_property
    def theme(self) -> CafeTheme:
        return get_object_or_404(
            CafeTheme.objects.select_related("you_said_we_did"),
            cafe=self.cafe,
            pk=self.kwargs["theme"],
        )

    def get_success_url(self) -> str:
        return reverse("cafes:theme", kwargs={"pk": self.cafe.pk, "theme": self.theme.pk})


class ThemeView(ThemeMixin, ServiceFormMixin, FormView):
    """Rename a theme and mark its kind; the page also offers merge, "you said, we did" and
    priority, each posting to its own address."""

    template_name = "cafes/theme.html"
    form_class = ThemeForm
    success_message = gettext_lazy("Theme saved.")

    def get_initial(self):
        t = self.theme
        return {"name": t.name, "kind": t.kind, "description": t.description}

    def get_context_data(self, **kwargs):
        theme = self.theme
        merge = ThemeMergeForm(theme=theme)
        merge.helper.form_action = reverse(
            "cafes:theme_merge", kwargs={"pk": self.cafe.pk, "theme": theme.pk}
        )
        you_said = YouSaidForm(initial={"you_said": theme.name})
        you_said.helper.form_action = reverse(
            "cafes:theme_you_said", kwargs={"pk": self.cafe.pk, "theme": theme.pk}
        )
        priority = PriorityForm(
            initial={
                "is_priority": theme.is_priority,
                "statement": theme.priority_statement or theme.name,
            }
        )
        priority.helper.form_action = reverse(
            "cafes:theme_priority", kwargs={"pk": self.cafe.pk, "theme": theme.pk}
        )
        return super().get_context_data(
            theme=theme,
            notes=theme.notes.select_related("table").order_by("round_number", "table__number"),
            merge_form=kwargs.pop("merge_form", None) or merge,
            you_said_form=kwargs.pop("you_said_form", None) or you_said,
            priority_form=kwargs.pop("priority_form", None) or priority,
            **kwargs,
        )

    def perform(self, form):
        return services.theme_update(actor=self.request.user, theme=self.theme, **form.cleaned_data)


class ThemeSubFormView(ThemeMixin, ServiceFormMixin, FormView):
    template_name = "cafes/theme.html"
    context_name = ""

    def get(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect(self.get_success_url())

    def form_invalid(self, form):
        view = ThemeView(request=self.request, kwargs=self.kwargs)
        view.cafe, view.theme = self.cafe, self.theme
        return view.render_to_response(view.get_context_data(**{self.context_name: form}))


class ThemeMergeView(ThemeSubFormView):
    form_class = ThemeMergeForm
    context_name = "merge_form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "theme": self.theme}

    def perform(self, form):
        return services.theme_merge(
            actor=self.request.user, source=self.theme, target=form.cleaned_data["target"]
        )

    def get_success_message(self, target) -> str:
        return _("Merged into %(name)s.") % {"name": target.name}

    def get_success_url(self) -> str:
        if getattr(self, "object", None) is not None:
            return reverse("cafes:theme", kwargs={"pk": self.cafe.pk, "theme": self.object.pk})
        return super().get_success_url()


class ThemeYouSaidView(ThemeSubFormView):
    form_class = YouSaidForm
    context_name = "you_said_form"
    success_message = gettext_lazy('Added to "you said, we did" for the area.')

    def perform(self, form):
        return services.theme_to_you_said_we_did(
            actor=self.request.user, theme=self.theme, **form.cleaned_data
        )


class ThemePriorityView(ThemeSubFormView):
    form_class = PriorityForm
    context_name = "priority_form"
    success_message = gettext_lazy("Priority saved.")

    def perform(self, form):
        return services.theme_make_priority(
            actor=self.request.user,
            theme=self.theme,
            statement=form.cleaned_data["statement"],
            is_priority=form.cleaned_data["is_priority"],
        )


class SafeguardingView(CafeMixin, TemplateView):
    """Safeguarding flags, for the area's coordinators only. Each look is audit-logged."""

    template_name = "cafes/safeguarding.html"
    permission_required = "cafes.view_safeguarding"

    def get_context_data(self, **kwargs):
        services.safeguarding_flags_viewed(actor=self.request.user, cafe=self.cafe)
        return super().get_context_data(
            flags=selectors.flag_list(self.cafe), handle_form=FlagHandleForm(), **kwargs
        )


class FlagHandleView(CafeMixin, ServiceActionMixin, View):
    permission_required = "cafes.view_safeguarding"
    success_message = gettext_lazy("Marked as handled.")

    def perform(self):
        flag = get_object_or_404(SafeguardingFlag, cafe=self.cafe, pk=self.kwargs["flag"])
        form = FlagHandleForm(self.request.POST)
        outcome = form.data.get("outcome", "")
        return services.flag_handle(actor=self.request.user, flag=flag, outcome=outcome)

    def get_success_url(self) -> str:
        return reverse("cafes:safeguarding", kwargs={"pk": self.cafe.pk})


class SummaryView(CafeMixin, TemplateView):
    """For participants and partners: public once published. Shows what the coordinator chose."""

    template_name = "cafes/summary.html"
    permission_required = "cafes.view_summary"

    def get_context_data(self, **kwargs):
        cafe = self.cafe
        themes = selectors.summary_themes(cafe)
        return super().get_context_data(
            figures=selectors.cafe_figures(cafe),
            questions=cafe.questions.all(),
            themes=themes,
            chart=selectors.theme_chart(themes),
            chart_height=32 * len(themes),
            quotes=selectors.public_quotes(cafe),
            photos=selectors.summary_photos(cafe),
            you_said=[
                t.you_said_we_did
                for t in cafe.themes.select_related("you_said_we_did")
                if t.you_said_we_did and t.you_said_we_did.is_public
            ],
            can_change=self.request.user.has_perm("cafes.change_cafe", cafe),
            show_nav=self.request.user.has_perm("cafes.view_cafe", cafe),
            **kwargs,
        )


def _whole_number(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class SummaryChooseView(CafeMixin, TemplateView):
    """The coordinator chooses the summary's themes, quotes and photos, and their order."""

    template_name = "cafes/summary_choose.html"

    def get_context_data(self, **kwargs):
        cafe = self.cafe
        return super().get_context_data(
            themes=selectors.theme_list(cafe),
            quotes=selectors.all_quotes(cafe).select_related("table"),
            photos=cafe.photos.select_related("table").order_by("summary_order", "table__number"),
            **kwargs,
        )

    def post(self, request, pk):
        data = request.POST
        themes = {
            t: (f"theme-{t}-shown" in data, _whole_number(data.get(f"theme-{t}-order")))
            for t in self.cafe.themes.values_list("pk", flat=True)
        }
        photos = {
            p: (f"photo-{p}-shown" in data, _whole_number(data.get(f"photo-{p}-order")))
            for p in self.cafe.photos.values_list("pk", flat=True)
        }
        quotes = {_whole_number(v) for v in data.getlist("quotes")}
        services.summary_curate(
            actor=request.user, cafe=self.cafe, themes=themes, quotes=quotes, photos=photos
        )
        messages.success(request, _("The summary's choices are saved."))
        return redirect("cafes:summary", pk=self.cafe.pk)


class SummaryPhotoView(CafeMixin, View):
    """A tablecloth photo the coordinator chose for the summary, for whoever may read it."""

    permission_required = "cafes.view_summary"

    def get(self, request, pk, photo):
        item = get_object_or_404(TableclothPhoto, cafe=self.cafe, pk=photo, in_summary=True)
        response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "public, max-age=3600"
        return response


class SummaryEditView(CafeMixin, ServiceFormMixin, FormView):
    template_name = "cafes/summary_form.html"
    form_class = SummaryForm
    success_message = gettext_lazy("Summary saved.")

    def get_initial(self):
        return {
            "summary": self.cafe.summary_en or "",
            "summary_cy": self.cafe.summary_cy or "",
            "published": self.cafe.summary_published,
        }

    def perform(self, form):
        return services.summary_update(actor=self.request.user, cafe=self.cafe, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("cafes:summary", kwargs={"pk": self.cafe.pk})


class _Echo:
    def write(self, value):
        return value


class HarvestCsvView(CafeMixin, View):
    permission_required = "cafes.view_harvest"

    def get(self, request, pk):
        writer = csv.writer(_Echo())
        rows = (writer.writerow(row) for row in selectors.harvest_csv_rows(self.cafe))
        name = f"harvest-{slugify(self.cafe.event.title)[:40] or self.cafe.pk}.csv"
        response = StreamingHttpResponse(_with_bom(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _with_bom(rows):
    # Excel needs the byte order mark to read UTF-8 (names with accents, Welsh, Polish).
    yield "\ufeff"
    yield from rows


class HostPackView(CafeMixin, ServiceActionMixin, View):
    """POST asks for the host pack to be (re)made; GET downloads it once ready."""

    success_message = gettext_lazy("The host pack is being made. Refresh in a moment.")

    def perform(self):
        return services.host_pack_request(actor=self.request.user, cafe=self.cafe)

    def get(self, request, pk):
        document = selectors.host_pack_document(self.cafe)
        if (
            document is None
            or document.status != GeneratedDocument.Status.READY
            or not document.file
        ):
            raise Http404
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.file.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )
