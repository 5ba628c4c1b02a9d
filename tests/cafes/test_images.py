"""Tablecloth photos: only real images, size-limited, no decompression bombs, no metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cafes import services
from cafes.images import clean_photo
from cafes.models import TableclothPhoto

from .factories import cafe_with_tables

pytestmark = pytest.mark.django_db


def jpeg_with_gps(size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 54.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken at 12 Acacia Ave")
    return out.getvalue()


def upload(data: bytes, name="cloth.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_photo_is_reencoded_without_metadata(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = jpeg_with_gps()
    assert b"PhoneMaker" in original and b"Acacia Ave" in original
    table = cafe_with_tables(1).tables.get()
    photo = services.photo_add(
        actor=None, table=table, image=upload(original), description="Sticky notes about parks"
    )
    with photo.image.open("rb") as f:
        stored = f.read()
    assert b"PhoneMaker" not in stored
    assert b"Acacia Ave" not in stored  # the JPEG comment (COM) goes with the rest
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()
        assert image.size == (800, 600)
    assert (photo.width, photo.height) == (800, 600)


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b"GIF89a" + b"\x00" * 40,
        b"%PDF-1.4 fake",
    ],
)
def test_not_a_photo_is_refused(data):
    with pytest.raises(ValidationError):
        clean_photo(upload(data))


def test_gif_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        clean_photo(upload(out.getvalue(), "x.gif", "image/gif"))


def test_too_big_a_file_is_refused(settings):
    settings.CAFE_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="too big"):
        clean_photo(upload(jpeg_with_gps()))


def test_decompression_bomb_is_refused_before_decoding():
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")  # 144 megapixels, a few kB
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError, match="too many pixels"):
        clean_photo(upload(out.getvalue(), "bomb.png", "image/png"))


def test_refused_photo_stores_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    table = cafe_with_tables(1).tables.get()
    with pytest.raises(ValidationError):
        services.photo_add(actor=None, table=table, image=upload(b"junk"), description="x")
    assert not TableclothPhoto.objects.exists()
    assert not any(tmp_path.rglob("*.jpg"))
