"""Welsh beside English in a bid round's texts (see ``engagement/translation.py``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import BidRound


@register(BidRound)
class BidRoundTranslation(TranslationOptions):
    fields = ("name", "intro")
