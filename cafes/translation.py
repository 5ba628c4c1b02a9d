"""Welsh beside English in café texts (see ``engagement/translation.py``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import BankQuestion, Cafe, CafeQuestion


@register(Cafe)
class CafeTranslation(TranslationOptions):
    fields = ("purpose", "summary")


@register(BankQuestion)
class BankQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(CafeQuestion)
class CafeQuestionTranslation(TranslationOptions):
    fields = ("text",)
