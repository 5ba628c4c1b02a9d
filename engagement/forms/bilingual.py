"""Model forms for texts kept in English and Welsh (django-modeltranslation, see
``engagement/translation.py``).

The plain field (``title``) edits the English, whatever language the page is in, and the
Welsh field (``title_cy``) sits beside it, optional: until it is written Welsh pages show the
English with a note.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from ..languages import in_source_language, source_language

#: The help under every Welsh box.
WELSH_HELP = _("Shown on Welsh pages. Until it is written, they show the English with a note.")


def translated_fields(model) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


class BilingualFormMixin:
    """For a ``ModelForm`` listing ``title`` and ``title_cy``; put it before the model form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        english = source_language()
        for name in translated_fields(self._meta.model):
            if name in self.fields and self.instance.pk:
                # The plain name would read the page's language (the Welsh, on a Welsh page).
                self.initial[name] = getattr(self.instance, f"{name}_{english}") or ""
            welsh = self.fields.get(f"{name}_cy")
            if welsh is not None:
                english_label = self.fields[name].label if name in self.fields else name
                welsh.label = _("%(label)s in Welsh") % {"label": english_label}
                welsh.required = False
                welsh.help_text = WELSH_HELP

    def _post_clean(self):
        with in_source_language():
            super()._post_clean()

    def save(self, commit=True):
        with in_source_language():
            return super().save(commit=commit)
