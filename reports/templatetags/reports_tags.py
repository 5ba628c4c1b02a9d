from pathlib import Path

from django import template

register = template.Library()


@register.filter
def file_uri(field_file) -> str:
    """A stored file as a file:// URL, for PDF templates (WeasyPrint reads media files locally
    through the restricted fetcher; it never fetches over the network)."""
    if not field_file:
        return ""
    return Path(field_file.path).resolve().as_uri()
