"""Code cards: made by the real Celery worker through the shared PDF machinery; the PDF is the
only copy of the codes, coordinators only, and deleted once printed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from django.db.models import Count
from django.urls import reverse

from engagement.models import GeneratedDocument
from engagement.services import document_render
from tests.documents import wait_for_document
from tests.factories import user_with_role
from voting import digests as codelib
from voting.models import VotingCode
from voting.services import ballot_cast, code_batch_create, code_issue

from .voting_helpers import key, make_vote

CODE_RE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}\b")


def pdf_codes(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return CODE_RE.findall(text)


def test_code_cards_pdf_holds_the_only_copy_of_the_codes(client, celery_worker, tmp_path):
    vote = make_vote()
    coordinator = user_with_role("coordinator", area=vote.area)
    batch = code_batch_create(actor=coordinator, vote=vote, size=6)
    document = wait_for_document(batch.document_id)
    assert document.status == GeneratedDocument.Status.READY, document.error

    volunteer = user_with_role("volunteer", area=vote.area)
    download = reverse("voting:code_cards_download", kwargs={"pk": batch.pk})
    client.force_login(volunteer)
    assert client.get(download).status_code == 403
    client.force_login(coordinator)
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))
    printed = pdf_codes(pdf)
    assert len(printed) == 6
    key_ = codelib.vote_key(vote.salt)
    stored = set(VotingCode.objects.filter(batch=batch).values_list("digest", flat=True))
    assert {codelib.code_digest(key_, codelib.normalise(c)) for c in printed} == stored

    # A printed card votes once it is handed out.
    code_issue(actor=volunteer, vote=vote, code=printed[0], eligible=True)
    ballot_cast(vote=vote, code=printed[0], choices=[0], points=None, idempotency_key=key())

    # Rendering again (a failed print) voids the earlier cards not yet handed out.
    document_render(document_id=document.pk)
    states = dict(
        VotingCode.objects.filter(batch=batch).values_list("state").annotate(n=Count("pk"))
    )
    assert states == {"issued": 1, "void": 5, "printed": 6}

    # Printed: the PDF is deleted and cannot be downloaded again.
    path = Path(GeneratedDocument.objects.get(pk=document.pk).file.path)
    client.post(reverse("voting:code_cards_printed", kwargs={"pk": batch.pk}))
    assert not path.exists()
    assert client.get(download).status_code == 404
