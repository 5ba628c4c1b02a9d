"""Safe uploads for bids and project updates. (The plain-text check lives in
``engagement.validators``, with every app's.)"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from engagement.images import ImageRejected, image_reencode
from engagement.phones import uk_phone_parse

MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png"}


@dataclass(frozen=True)
class CleanUpload:
    kind: str  # "photo" or "document"
    content: ContentFile
    name: str
    size: int


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def clean_upload(uploaded, *, allow_documents: bool = True) -> CleanUpload:
    """Check an uploaded file is a JPEG/PNG photo or a PDF within the size limit.

    Photos are opened and verified with Pillow, then re-encoded so that location and camera
    metadata (EXIF) are not published with them. PDFs must start with the PDF magic bytes.
    The file's name and the browser's content type are not trusted.
    """
    size = uploaded.size or 0
    limit = settings.BUDGETING_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            _("That file is too big (%(size)s). The most we can take is %(limit)s.")
            % {"size": _human_size(size), "limit": _human_size(limit)},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("That file is empty."), code="empty")
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", (uploaded.name or "file").rsplit(".", 1)[0])[:60]
    base = base.strip("-") or "file"
    if head.startswith(b"%PDF-"):
        if not allow_documents:
            raise ValidationError(_("Please choose a photo (JPEG or PNG)."), code="wrong_type")
        return CleanUpload("document", ContentFile(uploaded.read()), f"{base}.pdf", size)
    wrong_type = ValidationError(
        _("That file is not a photo (JPEG or PNG) or a PDF document.")
        if allow_documents
        else _("Please choose a photo (JPEG or PNG)."),
        code="wrong_type",
    )
    try:
        content, fmt = image_reencode(
            uploaded.read(),
            formats=IMAGE_FORMATS.keys(),
            max_pixels=MAX_IMAGE_PIXELS,
            prepare=_same_format,
        )
    except ImageRejected as rejected:
        if rejected.reason == "pixels":
            raise ValidationError(_("That photo has too many pixels."), code="too_big") from None
        raise wrong_type from None
    return CleanUpload("photo", ContentFile(content), f"{base}.{IMAGE_FORMATS[fmt]}", len(content))


def _same_format(image):
    """Keep the photo's own format (a JPEG with an unusual colour mode becomes RGB)."""
    fmt = image.format
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return image, fmt


def validate_uk_phone(value: str) -> None:
    """A contact phone must be a UK number people can ring (blank is allowed)."""
    if value and value.strip() and uk_phone_parse(value.strip()) is None:
        raise ValidationError(
            _("Enter a UK phone number, for example 07700 900123 or 01522 555000."),
            code="phone",
        )
