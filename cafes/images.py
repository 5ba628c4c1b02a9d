"""Checking and cleaning uploaded photos of tablecloths.

Everything a phone camera adds (EXIF with GPS, maker notes, XMP, ICC profiles, thumbnails) is
dropped by decoding the pixels and encoding a fresh JPEG. The size of the file and of the
decoded image are checked before any pixels are decoded, so a small file that expands into a
huge image (a decompression bomb) is refused without using the memory.
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2400  # long side after re-encoding: enough to read a tablecloth


def max_bytes() -> int:
    return getattr(settings, "CAFE_PHOTO_MAX_BYTES", 8 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "CAFE_PHOTO_MAX_PIXELS", 40_000_000)


def clean_photo(upload) -> ContentFile:
    """Validate an uploaded image and return it re-encoded as a JPEG without metadata.
    Raises ValidationError (translated) for anything that is not a reasonable photo."""
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        raise ValidationError(_("The photo is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The photo is too big: the limit is %(mb)s MB.")
            % {"mb": max_bytes() // (1024 * 1024)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read()
    try:
        return _reencode(data)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(
            _("The photo has too many pixels to be a normal photo."), code="bomb"
        ) from None


def _reencode(data: bytes) -> ContentFile:
    with warnings.catch_warnings():
        # Pillow warns (then refuses) past its own pixel limit; treat the warning as a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return _reencode_checked(data)


def _reencode_checked(data: bytes) -> ContentFile:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format")
            if width * height > max_pixels():
                raise ValidationError(
                    _("The photo has too many pixels to be a normal photo."), code="bomb"
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, (255, 255, 255))
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("That file is not a photo we can read."), code="invalid") from None
    return ContentFile(out.getvalue(), name="photo.jpg")
