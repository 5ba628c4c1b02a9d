"""Coordinator pages for planning a café: the café, tables, hosts, questions and the bank."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from engagement.models import Event, Programme
from engagement.views.mixins import ScopedPermissionMixin, ServiceActionMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import (
    BankQuestionForm,
    CafeCreateForm,
    CafeForm,
    HostForm,
    QuestionForm,
    TableForm,
    translations_text,
)
from ..models import BankQuestion, HostAssignment
from .common import CafeMixin


class CafeListView(ScopedPermissionMixin, TemplateView):
    template_name = "cafes/cafe_list.html"
    permission_required = "cafes.view_cafe_list"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            cafes=selectors.cafe_list(user=user),
            events=selectors.events_needing_cafe(user=user),
            **kwargs,
        )


class CafeCreateView(ScopedPermissionMixin, ServiceFormMixin, FormView):
    template_name = "cafes/cafe_form.html"
    form_class = CafeCreateForm
    permission_required = "cafes.add_cafe"
    success_message = _("The café is set up. Next: hosts and questions.")

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(
            Event.objects.select_related("area", "programme"), slug=self.kwargs["slug"]
        )

    def get_permission_object(self):
        return self.event

    def get_initial(self):
        return {"purpose": self.event.purpose}

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)

    def perform(self, form):
        return services.cafe_create(actor=self.request.user, event=self.event, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class CafeDetailView(CafeMixin, TemplateView):
    template_name = "cafes/cafe_detail.html"
    permission_required = "cafes.view_cafe"

    def get_context_data(self, **kwargs):
        cafe, user = self.cafe, self.request.user
        can_change = user.has_perm("cafes.change_cafe", cafe)
        return super().get_context_data(
            can_change=can_change,
            can_view_harvest=user.has_perm("cafes.view_harvest", cafe),
            can_view_safeguarding=user.has_perm("cafes.view_safeguarding", cafe),
            tables=selectors.tables_with_hosts(cafe),
            my_tables=selectors.hosted_tables(user=user, cafe=cafe),
            rounds=_rounds(cafe),
            figures=selectors.cafe_figures(cafe),
            open_flags=selectors.open_flag_count(cafe) if can_change else 0,
            host_pack=selectors.host_pack_document(cafe) if can_change else None,
            **kwargs,
        )


def _rounds(cafe) -> list:
    questions = {q.round_number: q for q in cafe.questions.all()}
    return [(r, questions.get(r)) for r in cafe.round_numbers]


class CafeUpdateView(CafeMixin, ServiceFormMixin, FormView):
    template_name = "cafes/cafe_form.html"
    form_class = CafeForm
    success_message = _("Café saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.cafe}

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.cafe_update(actor=self.request.user, cafe=self.cafe, **fields)


class TablesView(CafeMixin, ServiceFormMixin, FormView):
    """The tables with their hosts, and a form to add one."""

    template_name = "cafes/tables.html"
    form_class = TableForm
    success_message = _("Table added.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(tables=selectors.tables_with_hosts(self.cafe), **kwargs)

    def perform(self, form):
        return services.table_add(actor=self.request.user, cafe=self.cafe, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("cafes:tables", kwargs={"pk": self.cafe.pk})


class TableUpdateView(CafeMixin, ServiceFormMixin, FormView):
    template_name = "cafes/table_form.html"
    form_class = TableForm
    success_message = _("Table saved.")

    @cached_property
    def table(self):
        return get_object_or_404(self.cafe.tables, number=self.kwargs["number"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.table}

    def get_context_data(self, **kwargs):
        return super().get_context_data(table=self.table, **kwargs)

    def perform(self, form):
        fields = dict(form.cleaned_data)
        if fields.get("number") is None:
            fields.pop("number")
        return services.table_update(actor=self.request.user, table=self.table, **fields)

    def get_success_url(self) -> str:
        return reverse("cafes:tables", kwargs={"pk": self.cafe.pk})


class TableDeleteView(CafeMixin, ServiceActionMixin, View):
    success_message = _("Table removed.")

    def perform(self):
        table = get_object_or_404(self.cafe.tables, number=self.kwargs["number"])
        return services.table_delete(actor=self.request.user, table=table)

    def get_success_url(self) -> str:
        return reverse("cafes:tables", kwargs={"pk": self.cafe.pk})


class HostsView(CafeMixin, ServiceFormMixin, FormView):
    template_name = "cafes/hosts.html"
    form_class = HostForm
    success_message = _("Host saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cafe": self.cafe}

    def get_context_data(self, **kwargs):
        return super().get_context_data(hosts=selectors.host_list(self.cafe), **kwargs)

    def perform(self, form):
        return services.host_assign(actor=self.request.user, cafe=self.cafe, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("cafes:hosts", kwargs={"pk": self.cafe.pk})


class HostRemoveView(CafeMixin, ServiceActionMixin, View):
    success_message = _("Host removed from the café.")

    def perform(self):
        assignment = get_object_or_404(HostAssignment, cafe=self.cafe, pk=self.kwargs["host_pk"])
        return services.host_remove(actor=self.request.user, assignment=assignment)

    def get_success_url(self) -> str:
        return reverse("cafes:hosts", kwargs={"pk": self.cafe.pk})


class QuestionsView(CafeMixin, TemplateView):
    template_name = "cafes/questions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rounds=_rounds(self.cafe), **kwargs)


class QuestionEditView(CafeMixin, ServiceFormMixin, FormView):
    template_name = "cafes/question_form.html"
    form_class = QuestionForm
    success_message = _("Question saved.")

    @cached_property
    def round_number(self) -> int:
        number = self.kwargs["round"]
        if number not in self.cafe.round_numbers:
            from django.http import Http404

            raise Http404
        return number

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cafe": self.cafe, "round_number": self.round_number}

    def get_initial(self):
        question = self.cafe.questions.filter(round_number=self.round_number).first()
        if question is None:
            return {}
        return {
            "text": question.text_en,
            "text_cy": question.text_cy or "",
            "translations": translations_text(question.translations),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(round_number=self.round_number, **kwargs)

    def perform(self, form):
        return services.question_set(
            actor=self.request.user,
            cafe=self.cafe,
            round_number=self.round_number,
            **form.cleaned_data,
        )

    def get_success_url(self) -> str:
        return reverse("cafes:questions", kwargs={"pk": self.cafe.pk})


class BankMixin(ScopedPermissionMixin):
    permission_required = "cafes.manage_question_bank"

    @cached_property
    def programme(self) -> Programme:
        return get_object_or_404(Programme, slug=self.kwargs["programme_slug"])

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)

    def get_success_url(self) -> str:
        return reverse("cafes:bank", kwargs={"programme_slug": self.programme.slug})


class BankView(BankMixin, ServiceFormMixin, FormView):
    template_name = "cafes/bank.html"
    form_class = BankQuestionForm
    success_message = _("Question added to the bank.")

    def get_context_data(self, **kwargs):
        from django.db.models import Count

        questions = self.programme.cafe_questions.annotate(used=Count("uses")).order_by("text")
        return super().get_context_data(questions=questions, **kwargs)

    def perform(self, form):
        return services.bank_question_create(
            actor=self.request.user, programme=self.programme, **form.cleaned_data
        )


class BankEditView(BankMixin, ServiceFormMixin, FormView):
    template_name = "cafes/bank_form.html"
    form_class = BankQuestionForm
    success_message = _("Question saved.")

    @cached_property
    def question(self) -> BankQuestion:
        return get_object_or_404(BankQuestion, programme=self.programme, pk=self.kwargs["pk"])

    def get_initial(self):
        q = self.question
        return {
            "text": q.text_en,
            "text_cy": q.text_cy or "",
            "translations": translations_text(q.translations),
            "notes": q.notes,
        }

    def perform(self, form):
        return services.bank_question_update(
            actor=self.request.user, question=self.question, **form.cleaned_data
        )
