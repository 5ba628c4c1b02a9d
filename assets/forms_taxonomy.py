"""Forms of the subcategory page: add and rename."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.forms import CrispyForm

from .models import AbcdCategory


class SubcategoryForm(CrispyForm):
    submit_label = _("Add subcategory")

    category = forms.ChoiceField(label=_("Category"), choices=AbcdCategory.choices)
    name = forms.CharField(label=_("Name"), max_length=100)


class SubcategoryRenameForm(CrispyForm):
    submit_label = _("Rename")

    name = forms.CharField(
        label=_("New name"),
        max_length=100,
        help_text=_("Offers in this subcategory keep it under its new name."),
    )
