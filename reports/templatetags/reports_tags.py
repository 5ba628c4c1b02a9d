import base64
import mimetypes
from pathlib import Path

import segno
from django import template
from django.conf import settings

register = template.Library()


@register.filter
def file_uri(field_file) -> str:
    """A stored file as a file:// URL, for PDF templates (WeasyPrint reads media files locally
    through the restricted fetcher; it never fetches over the network)."""
    if not field_file:
        return ""
    return Path(field_file.path).resolve().as_uri()


@register.filter
def public_url(path: str) -> str:
    """A site path as the full public address printed in a report (``SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


@register.filter
def qr_data_uri(url: str) -> str:
    """A QR code for ``url`` as an inline SVG image, so a printed report links to the page."""
    svg = segno.make(url, error="m").svg_inline(scale=2, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@register.simple_tag(takes_context=True)
def image_src(context, field_file) -> str:
    """Where a stored image is read from: a local file for the PDF, the image itself (a data:
    URI) for the web version, which has no access to the private media folder."""
    if not field_file:
        return ""
    if not context.get("web"):
        return file_uri(field_file)
    kind = mimetypes.guess_type(field_file.name)[0] or "image/jpeg"
    with field_file.open("rb") as handle:
        return f"data:{kind};base64," + base64.b64encode(handle.read()).decode()
