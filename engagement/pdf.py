"""The shared PDF machinery: HTML template → WeasyPrint → bytes, never touching the network.

Feature apps describe a kind of document once with :func:`register_document_kind` (in their
``AppConfig.ready``); ``engagement.services.document_request`` then queues it and the Celery task
``engagement.tasks.document_render_task`` makes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentKind:
    """How to make one kind of document from its subject (a model instance) and options."""

    name: str
    template: str
    context: Callable[[Any, dict], dict]
    title: Callable[[Any, dict], str]
    filename: Callable[[Any, dict], str]
    # django-rules permission checked against the subject before anyone may request or download.
    permission: str
    # For documents that print the names of people booked on events (a host pack's seating):
    # the ids of the subjects whose documents name people booked on the given events, so
    # erasure and retention can discard them (``documents_discard_for_events``).
    subjects_for_events: Callable[[list[int]], Any] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(kind: DocumentKind) -> None:
    _KINDS[kind.name] = kind


def document_kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


def document_kind(name: str) -> DocumentKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No document kind called {name!r} is registered.") from None


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    # STATICFILES_DIRS entries are paths or (prefix, path) pairs.
    roots += [Path(p[1] if isinstance(p, list | tuple) else p) for p in settings.STATICFILES_DIRS]
    for finder in finders.get_finders():
        for _path, storage in finder.list([]):
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
            break
    return [r.resolve() for r in roots]


def _local_fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Serves data: URIs and files under our static and media folders; refuses the rest so
        a worker can never be made to fetch a remote (or a private) URL."""

        def __init__(self, **kwargs):
            super().__init__(allowed_protocols={"file", "data"}, **kwargs)
            self._roots = _allowed_roots()

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if not any(path.is_relative_to(root) for root in self._roots):
                    raise ValueError(f"Refused to read {path}: outside static and media folders.")
            elif not url.startswith("data:"):
                raise ValueError(f"Refused to fetch {url}: documents use local files only.")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def static_file_url(path: str) -> str:
    """A file:// URL for a static file, for use inside PDF templates."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return Path(found).resolve().as_uri()


def render_pdf(template: str, context: dict, *, language: str | None = None) -> tuple[bytes, int]:
    """Render ``template`` with ``context`` to PDF bytes; returns (pdf, page count)."""
    import weasyprint

    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    document = weasyprint.HTML(
        string=html,
        base_url=Path(settings.BASE_DIR).as_uri() + "/",
        url_fetcher=_local_fetcher_class()(),
    ).render()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf, len(document.pages)
