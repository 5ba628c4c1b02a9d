"""Suggested themes for a café's notes (``cafes.suggest``), reviewed by a coordinator: each
suggestion is accepted (under its name or a new one), merged into an existing theme or
discarded. Nothing reaches a theme, or the summary, without that review."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log

from ..models import Cafe, CafeTheme, ThemeSuggestion
from ..suggest import suggest_themes
from .harvest import _theme


@transaction.atomic
def theme_suggestions_make(*, actor: User | None, cafe: Cafe) -> list[ThemeSuggestion]:
    """Compute suggestions for the café's notes, replacing those still waiting (so asking twice
    leaves one set). Locks the café so two coordinators asking at once make one set."""
    cafe = Cafe.objects.select_for_update().get(pk=cafe.pk)
    notes = list(cafe.notes.order_by("pk"))
    if len(notes) < 3:
        raise DomainError(_("Suggestions need at least three notes."))
    cafe.theme_suggestions.filter(status=ThemeSuggestion.Status.WAITING).delete()
    made = []
    for group in suggest_themes([n.text for n in notes]):
        suggestion = ThemeSuggestion.objects.create(cafe=cafe, name=group.name)
        suggestion.notes.set([notes[i] for i in group.members])
        made.append(suggestion)
    audit_log(
        actor=actor, action="cafe.theme.suggest", subject=cafe, data={"suggestions": len(made)}
    )
    return made


def _waiting(suggestion: ThemeSuggestion) -> ThemeSuggestion:
    suggestion = ThemeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != ThemeSuggestion.Status.WAITING:
        raise DomainError(_("This suggestion has already been dealt with."))
    return suggestion


def _tag(suggestion: ThemeSuggestion, theme: CafeTheme) -> None:
    for note in suggestion.notes.all():
        note.themes.add(theme)
    suggestion.status, suggestion.theme = ThemeSuggestion.Status.ACCEPTED, theme
    suggestion.save(update_fields=["status", "theme", "modified"])


@transaction.atomic
def theme_suggestion_accept(
    *, actor: User | None, suggestion: ThemeSuggestion, name: str = ""
) -> CafeTheme:
    """Make the suggestion a theme, named ``name`` (or as suggested), and tag its notes. A
    name the café already has adds the notes to that theme. Locks the suggestion."""
    suggestion = _waiting(suggestion)
    name = " ".join((name or suggestion.name).split())[:80]
    if not name:
        raise DomainError(_("Give the theme a name."))
    theme = _theme(suggestion.cafe, name)
    _tag(suggestion, theme)
    audit_log(actor=actor, action="cafe.theme.suggestion_accept", subject=theme)
    return theme


@transaction.atomic
def theme_suggestion_merge(
    *, actor: User | None, suggestion: ThemeSuggestion, target: CafeTheme
) -> CafeTheme:
    """Add the suggestion's notes to an existing theme of the same café."""
    suggestion = _waiting(suggestion)
    if target.cafe_id != suggestion.cafe_id:
        raise DomainError(_("Both themes must be from the same café."))
    _tag(suggestion, target)
    audit_log(actor=actor, action="cafe.theme.suggestion_merge", subject=target)
    return target


@transaction.atomic
def theme_suggestion_discard(*, actor: User | None, suggestion: ThemeSuggestion) -> None:
    suggestion = _waiting(suggestion)
    suggestion.status = ThemeSuggestion.Status.DISCARDED
    suggestion.save(update_fields=["status", "modified"])
    audit_log(actor=actor, action="cafe.theme.suggestion_discard", subject=suggestion.cafe)
