from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.models import Programme, TimeStampedModel

from .cafe import Cafe

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def validate_translations(value) -> None:
    """``{"pl": "...", "lt": "..."}``: language codes to non-empty text, for the languages a
    table may speak. The Welsh has its own field (``text_cy``, modeltranslation)."""
    if not isinstance(value, dict):
        raise ValidationError(_("Translations must be a language code and text for each."))
    for code, text in value.items():
        if not isinstance(code, str) or not _LANGUAGE.match(code):
            raise ValidationError(
                _("%(code)s is not a language code such as cy or pl.") % {"code": code}
            )
        if code.split("-")[0] in ("cy", "en"):
            raise ValidationError(
                _("Write the question in English and Welsh in their own boxes, not here.")
            )
        if not isinstance(text, str) or not text.strip():
            raise ValidationError(_("The %(code)s translation is empty.") % {"code": code})


class TranslatedText(models.Model):
    """A question in English and Welsh (``text``, ``text_cy``: modeltranslation, see
    ``cafes/translation.py``) and, in ``translations``, the other languages tables speak."""

    text = models.TextField(_("question"))
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, validators=[validate_translations]
    )

    class Meta:
        abstract = True

    def text_in(self, language: str | None) -> str:
        """The question in ``language`` when written in it, otherwise in English."""
        english = self.text_en or ""
        if not language:
            return english
        code = language.lower().split("-")[0]
        if code == "cy":
            return self.text_cy or english
        return self.translations.get(code) or english


class BankQuestion(TranslatedText, TimeStampedModel):
    """A good question kept for reuse across the programme's cafés."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="cafe_questions",
        verbose_name=_("programme"),
    )
    notes = models.CharField(_("when it works well"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bank question")
        verbose_name_plural = _("question bank")
        ordering = ["programme", "text"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "text"], name="bank_question_unique_text"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CafeQuestion(TranslatedText, TimeStampedModel):
    """The question for one round. The same text may be asked in several rounds."""

    cafe = models.ForeignKey(
        Cafe, on_delete=models.CASCADE, related_name="questions", verbose_name=_("café")
    )
    round_number = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    bank_question = models.ForeignKey(
        BankQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uses",
        verbose_name=_("from the question bank"),
    )

    class Meta:
        verbose_name = _("café question")
        verbose_name_plural = _("café questions")
        ordering = ["cafe", "round_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cafe", "round_number"], name="cafe_question_one_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_number}: {self.text[:60]}"

    def clean(self) -> None:
        if self.cafe_id and self.round_number and self.round_number > self.cafe.rounds:
            raise ValidationError(
                {"round_number": _("The café has only %(n)s rounds.") % {"n": self.cafe.rounds}}
            )
