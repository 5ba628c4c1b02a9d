"""Opening an uploaded image that nobody has checked yet, and keeping none of its metadata.

Pillow reads only the header first: the format and the pixel count are checked, and the file is
verified, before any pixels are decoded, so a small file that expands into a huge image (a
decompression bomb) is refused without using the memory. The pixels are then decoded and
written to a fresh file, which leaves EXIF (with GPS), maker notes, XMP and thumbnails behind.
Apps turn :class:`ImageRejected` into their own translated message.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Collection

from PIL import Image, UnidentifiedImageError


class ImageRejected(Exception):
    """``reason`` is "format" (not one of the allowed formats), "pixels" (too many) or
    "unreadable" (not an image Pillow can read)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def image_reencode(
    data: bytes,
    *,
    formats: Collection[str],
    max_pixels: int,
    prepare: Callable[[Image.Image], tuple[Image.Image, str]],
    save_options: dict | None = None,
) -> tuple[bytes, str]:
    """Check ``data`` is an image in one of ``formats`` with at most ``max_pixels``, decode it,
    let ``prepare`` turn it into (image, format to write), and return (new file, format)."""
    with warnings.catch_warnings():
        # Pillow warns (then refuses) past its own pixel limit; treat the warning as a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in formats:
                    raise ImageRejected("format")
                if probe.width * probe.height > max_pixels:
                    raise ImageRejected("pixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image, fmt = prepare(image)
                # Pillow writes a JPEG's comment (COM segment) back out from ``info``; a comment
                # can say where a photo was taken as well as EXIF can.
                for key in ("comment", "exif", "xmp"):
                    image.info.pop(key, None)
                out = io.BytesIO()
                image.save(out, format=fmt, **(save_options or {}))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageRejected("pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageRejected("unreadable") from None
    return out.getvalue(), fmt
