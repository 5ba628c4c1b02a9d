"""Welsh beside English in the texts coordinators write (django-modeltranslation).

Each field gets ``<name>_en`` and ``<name>_cy``; ``event.title`` reads the active language and
falls back to English. Writes go through :func:`engagement.languages.in_source_language`, so
the plain name always means the English text whatever language the coordinator's pages are in.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, YouSaidWeDid


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "purpose")


@register(YouSaidWeDid)
class YouSaidWeDidTranslation(TranslationOptions):
    fields = ("you_said", "we_did")
