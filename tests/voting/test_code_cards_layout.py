"""The code cards PDF read back page by page: whole cards only, each card's QR code beside its
printed code on the same page, the web address on one line, the warning about SITE_URL and the
confirmation before the only copy is deleted."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import segno
from django.urls import reverse
from PIL import Image

from engagement.models import GeneratedDocument
from engagement.services import document_render
from tests.factories import user_with_role
from voting import digests
from voting.services import code_batch_create
from voting.services.cards import QR_MASK

from .voting_helpers import make_vote

pytestmark = pytest.mark.django_db

CODE_RE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}\b")


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _page_text(path: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def _page_qr_matrices(path: Path, page: int, workdir: Path) -> list[tuple]:
    """The QR images on one page, as tuples of module rows (one pixel a module)."""
    prefix = workdir / f"p{page}"
    subprocess.run(
        ["pdfimages", "-png", "-f", str(page), "-l", str(page), str(path), str(prefix)], check=True
    )
    matrices = []
    for image_path in sorted(workdir.glob(f"p{page}-*.png")):
        image = Image.open(image_path).convert("1")
        width, height = image.size
        rows = tuple(
            tuple(image.getpixel((x, y)) == 0 for x in range(width)) for y in range(height)
        )
        matrices.append(rows)
    return matrices


def _expected_matrix(url: str) -> tuple:
    qr = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return tuple(tuple(bool(m) for m in row) for row in qr.matrix_iter(scale=1, border=2))


def _render(vote, size: int, layout: str, tmp_path: Path) -> Path:
    batch = code_batch_create(actor=None, vote=vote, size=size, layout=layout)
    document = document_render(document_id=batch.document_id)
    assert document.status == GeneratedDocument.Status.READY, document.error
    path = tmp_path / f"{layout}.pdf"
    path.write_bytes(Path(document.file.path).read_bytes())
    return path


@pytest.mark.parametrize(("layout", "per_page"), [("a4-10", 10), ("a4-8", 8), ("labels-8", 8)])
def test_every_page_holds_whole_cards_with_their_own_qr_codes(layout, per_page, tmp_path, settings):
    settings.SITE_URL = "https://commonground.example.org"
    vote = make_vote()
    size = 2 * per_page + 3
    path = _render(vote, size, layout, tmp_path)
    vote_url = f"https://commonground.example.org/pb/vote/{vote.pk}/"
    short = f"commonground.example.org/pb/vote/{vote.pk}"

    assert _pages(path) == 3
    seen = []
    for page, expected_count in zip((1, 2, 3), (per_page, per_page, 3), strict=True):
        text = _page_text(path, page)
        codes = CODE_RE.findall(text)
        assert len(codes) == expected_count
        # The web address is printed whole on every card, never broken across lines.
        assert text.count(short) == expected_count
        qrs = _page_qr_matrices(path, page, tmp_path)
        expected = {
            _expected_matrix(f"{vote_url}?code={digests.normalise(code)}") for code in codes
        }
        assert set(qrs) == expected and len(qrs) == expected_count
        seen += codes
    assert len(set(seen)) == size


def test_a_layout_that_does_not_exist_is_refused_in_words():
    from engagement.services import DomainError

    vote = make_vote()
    with pytest.raises(DomainError) as refused:
        code_batch_create(actor=None, vote=vote, size=5, layout="a3-99")
    assert "Choose one of the paper layouts" in str(refused.value.args)


def test_making_cards_warns_when_site_url_is_not_this_address(client, settings):
    vote = make_vote()
    coordinator = user_with_role("coordinator", area=vote.area)
    client.force_login(coordinator)
    manage = reverse("voting:vote_manage", kwargs={"pk": vote.pk})

    settings.SITE_URL = "https://commonground.example.org"
    page = client.get(manage).content.decode()
    assert "data-site-url-warning" in page
    assert "https://commonground.example.org" in page and "http://testserver" in page

    settings.SITE_URL = "http://testserver"
    assert "data-site-url-warning" not in client.get(manage).content.decode()


def test_mark_printed_asks_first_and_says_what_it_deletes(client, tmp_path):
    vote = make_vote()
    coordinator = user_with_role("coordinator", area=vote.area)
    batch = code_batch_create(actor=coordinator, vote=vote, size=2)
    document_render(document_id=batch.document_id)
    client.force_login(coordinator)
    page = client.get(reverse("voting:vote_manage", kwargs={"pk": vote.pk})).content.decode()
    assert "data-confirm=" in page and "the only copy of the codes" in page
