"""The language a link opens a page in.

An email or text in Welsh carries ``?lang=cy`` on every link it holds, so the page it opens
is Welsh even in a browser that has never been to the site (no language cookie, an English
``Accept-Language``). :class:`LanguageFromLinkMiddleware` honours the parameter and keeps the
choice in the language cookie, as the language switcher does.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation

PARAMETER = "lang"


def language_code(language: str | None) -> str | None:
    """``language`` as one of ``settings.LANGUAGES`` ("cy-gb" is "cy"), or None."""
    if not language:
        return None
    codes = dict(settings.LANGUAGES)
    code = language.lower()
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else None


def link_in_language(url: str, language: str | None) -> str:
    """``url`` with ``?lang=`` set to ``language`` (replacing any earlier one); unchanged when
    the language is not one the site speaks."""
    code = language_code(language)
    if code is None or not url:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PARAMETER]
    query.append((PARAMETER, code))
    return urlunsplit(parts._replace(query=urlencode(query)))


class LanguageFromLinkMiddleware:
    """After ``LocaleMiddleware``: ``?lang=cy`` (or ``en``) wins over the cookie and the browser,
    for this request and, through the cookie, the ones after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = language_code(request.GET.get(PARAMETER))
        if code is None:
            return self.get_response(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


def source_language() -> str:
    """The language of the plain field name in writes (``title`` is ``title_en``)."""
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def in_source_language():
    """Around a write of a bilingual model: ``event.title = ...`` sets the English, whatever
    language the page that asked is in (modeltranslation writes the active language's field).
    The Welsh is always written by its own name, ``title_cy``."""
    return translation.override(source_language())


def welsh_missing(obj, *fields: str) -> bool:
    """Whether a Welsh page shows English for one of ``fields`` of ``obj``: the Welsh is empty
    and the English is not (modeltranslation then falls back to the English)."""
    if language_code(translation.get_language()) != "cy":
        return False
    english = source_language()
    return any(
        not getattr(obj, f"{name}_cy", None) and getattr(obj, f"{name}_{english}", None)
        for name in fields
    )


def construct_in_source_language() -> None:
    """Make ``Event(title=...)`` mean the English for every bilingual model, whatever language
    is active: modeltranslation's constructor would otherwise write the active language's field,
    so an object built while a Welsh page is being served (a factory, the demo data, a service
    that forgets :func:`in_source_language`) would have Welsh and no English. Called once, from
    ``EngagementConfig.ready`` (after modeltranslation has registered the models)."""
    import functools

    from modeltranslation.translator import translator

    for model in translator.get_registered_models(abstract=False):
        if getattr(model.__init__, "_in_source_language", False):
            continue
        original = model.__init__

        @functools.wraps(original)
        def init(self, *args, _original=original, **kwargs):
            if not kwargs:  # loading a row from the database: nothing to rewrite
                return _original(self, *args)
            with in_source_language():
                _original(self, *args, **kwargs)

        init._in_source_language = True
        model.__init__ = init
