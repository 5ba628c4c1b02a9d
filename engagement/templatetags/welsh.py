"""``{% welsh_note obj "title" "purpose" %}``: on a Welsh page, a note when some of those texts
are shown in English because no Welsh is written yet (modeltranslation falls back to English)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..languages import welsh_missing

register = template.Library()


@register.simple_tag
def welsh_note(obj, *fields: str) -> str:
    if obj is None or not welsh_missing(obj, *fields):
        return ""
    return format_html(
        '<p class="welsh-note small text-body-secondary border-start ps-2">{}</p>',
        _("Some of this is not available in Welsh yet, so it is shown in English."),
    )


@register.simple_tag
def lang_if_english(obj, field: str) -> str:
    """``lang="en"`` on the element of a text a Welsh page shows in English, so a screen reader
    reads it in English."""
    return mark_safe('lang="en"') if obj is not None and welsh_missing(obj, field) else ""
