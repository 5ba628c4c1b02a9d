"""Checking and cleaning uploaded photos of tablecloths: re-encoded as a fresh JPEG by
``engagement.images.image_reencode``, which drops everything a phone camera adds (EXIF with GPS,
maker notes, XMP, ICC profiles, thumbnails) and refuses decompression bombs before decoding."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from engagement.images import ImageRejected, image_reencode

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2400  # long side after re-encoding: enough to read a tablecloth


def clean_photo(upload) -> ContentFile:
    """Validate an uploaded image and return it re-encoded as a JPEG without metadata.
    Raises ValidationError (translated) for anything that is not a reasonable photo."""
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        raise ValidationError(_("The photo is empty."), code="empty")
    limit = settings.CAFE_PHOTO_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The photo is too big: the limit is %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="too_big",
        )
    upload.seek(0)
    try:
        content, _format = image_reencode(
            upload.read(),
            formats=ALLOWED_FORMATS,
            max_pixels=settings.CAFE_PHOTO_MAX_PIXELS,
            prepare=_as_upright_jpeg,
            save_options={"quality": 85, "optimize": True},
        )
    except ImageRejected as rejected:
        raise ValidationError(*_REJECTIONS[rejected.reason]) from None
    return ContentFile(content, name="photo.jpg")


def _as_upright_jpeg(image: Image.Image) -> tuple[Image.Image, str]:
    """Turn the photo the way the camera held it, flatten transparency onto white and shrink
    it to a size that still reads."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image.convert("RGB"), "JPEG"


_REJECTIONS = {
    "format": (_("Upload a JPEG, PNG or WebP photo."), "format"),
    "pixels": (_("The photo has too many pixels to be a normal photo."), "bomb"),
    "unreadable": (_("That file is not a photo we can read."), "invalid"),
}
