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
