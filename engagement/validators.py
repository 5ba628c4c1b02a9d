"""Plain text only: the one check every free-text field that other people read goes through.

HTML in a text field is **refused** with a clear error rather than silently stripped: people see
exactly what was wrong and nothing they wrote is changed behind their back. Output is escaped by
the templates in any case; refusing tags also keeps them out of exports, emails and PDFs.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from .services.errors import DomainError

_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")


def validate_plain_text(value: object) -> None:
    """Raise DomainError (a ValidationError) if ``value`` holds an HTML tag, so forms and
    services can both use it. Values that are not text (a field that converts to a number,
    say) have nothing to check."""
    if isinstance(value, str) and _TAG_RE.search(value):
        raise DomainError(
            _("Please remove the HTML tags (such as <b> or <script>): write plain text only."),
            code="html",
        )
