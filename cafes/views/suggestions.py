"""Suggested themes: ask for them, then accept, rename, merge or discard each one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from ..models import CafeTheme, ThemeSuggestion
from ..services import suggestions
from .common import CafeMixin


class SuggestionsView(CafeMixin, TemplateView):
    """GET lists the suggestions waiting for review; POST computes a fresh set."""

    template_name = "cafes/suggestions.html"

    def get_context_data(self, **kwargs):
        waiting = self.cafe.theme_suggestions.filter(
            status=ThemeSuggestion.Status.WAITING
        ).prefetch_related("notes__table")
        return super().get_context_data(
            suggestions=waiting, themes=self.cafe.themes.order_by("name"), **kwargs
        )

    def post(self, request, pk):
        try:
            made = suggestions.theme_suggestions_make(actor=request.user, cafe=self.cafe)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                ngettext("%(n)s suggestion to review.", "%(n)s suggestions to review.", len(made))
                % {"n": len(made)}
                if made
                else _("No groups of similar notes were found."),
            )
        return redirect("cafes:suggestions", pk=self.cafe.pk)


class SuggestionActionView(CafeMixin, View):
    def post(self, request, pk, suggestion):
        item = get_object_or_404(
            ThemeSuggestion.objects.select_related("cafe"), cafe=self.cafe, pk=suggestion
        )
        action, actor = request.POST.get("action"), request.user
        try:
            if action == "accept":
                theme = suggestions.theme_suggestion_accept(
                    actor=actor, suggestion=item, name=request.POST.get("name", "")
                )
                messages.success(request, _("Theme %(name)s added.") % {"name": theme.name})
            elif action == "merge":
                target_id = request.POST.get("target", "")
                target = (
                    CafeTheme.objects.filter(cafe=self.cafe, pk=int(target_id)).first()
                    if target_id.isdigit()
                    else None
                )
                if target is None:
                    raise ValidationError(_("Choose the theme to merge into."))
                suggestions.theme_suggestion_merge(actor=actor, suggestion=item, target=target)
                messages.success(request, _("Merged into %(name)s.") % {"name": target.name})
            elif action == "discard":
                suggestions.theme_suggestion_discard(actor=actor, suggestion=item)
                messages.success(request, _("Suggestion discarded."))
            else:
                raise ValidationError(_("Choose accept, merge or discard."))
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        return redirect("cafes:suggestions", pk=self.cafe.pk)
