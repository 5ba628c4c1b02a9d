"""Voting codes: printing them on cards, handing them out at check-in, the register.

Plaintext codes exist only while a batch of cards is being rendered: ``code_batch_generate``
(called by the PDF machinery from inside the Celery render task) makes the codes, stores their
digests and hands the plaintext straight to the template. The PDF is the only copy. Download is
for coordinators; ``code_batch_printed`` deletes the file once the cards are printed.

Rendering a batch again (a failed print) voids the codes of the earlier render that were never
handed out, so an old PDF lying around cannot be used to vote.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log, document_request

from .. import digests
from ..models import Ballot, CodeBatch, PBVote, VotingCode
from .card_layout import DEFAULT_LAYOUT, LAYOUTS, paginate
from .locks import lock_ballots_against_inserts

CODE_CARDS = "voting.code_cards"
MAX_BATCH = 5000
# A fixed QR mask: scoring all eight masks took two thirds of the time of a card, and any mask
# scans (the scoring only makes a marginally cleaner pattern).
QR_MASK = 2


def codes_generate(*, vote: PBVote, count: int, batch: CodeBatch | None = None) -> list[str]:
    """Make ``count`` new codes for ``vote`` and store only their digests; return the plaintext.

    The caller must put the plaintext where it is needed (a PDF) and keep it nowhere else. A
    digest collision (astronomically unlikely at 65 bits) is simply drawn again.
    """
    key = digests.vote_key(vote.salt)
    made: dict[str, str] = {}
    while len(made) < count:
        code = digests.new_code()
        made.setdefault(digests.code_digest(key, code), code)
    taken = set(VotingCode.objects.filter(digest__in=list(made)).values_list("digest", flat=True))
    for digest in taken:  # pragma: no cover - needs a 65-bit collision
        del made[digest]
    VotingCode.objects.bulk_create(
        VotingCode(vote=vote, batch=batch, digest=digest) for digest in made
    )
    if len(made) < count:  # pragma: no cover
        return list(made.values()) + codes_generate(vote=vote, count=count - len(made), batch=batch)
    return list(made.values())


@transaction.atomic
def code_batch_create(
    *, actor: User | None, vote: PBVote, size: int, layout: str = DEFAULT_LAYOUT
) -> CodeBatch:
    """Order a print run of ``size`` code cards laid out as ``layout`` (a key of
    ``card_layout.LAYOUTS``); the PDF is made by the Celery render task."""
    if layout not in LAYOUTS:
        raise DomainError({"layout": [_("Choose one of the paper layouts.")]})
    if not 1 <= size <= MAX_BATCH:
        raise DomainError(
            {"size": [_("Print between 1 and %(max)s cards at a time.") % {"max": MAX_BATCH}]}
        )
    if vote.is_closed():
        raise DomainError(_("This vote has closed."))
    batch = CodeBatch(
        vote=vote, size=size, created_by=actor if actor and actor.is_authenticated else None
    )
    batch.full_clean()
    batch.save()
    batch.document = document_request(
        actor=actor, kind=CODE_CARDS, subject=batch, params={"layout": layout}
    )
    batch.save(update_fields=["document", "modified"])
    audit_log(
        actor=actor,
        action="vote.codes.order",
        subject=vote,
        data={"batch": batch.pk, "size": size, "layout": layout},
    )
    return batch


@transaction.atomic
def code_batch_generate(*, batch: CodeBatch) -> list[str]:
    """Codes for one render of a batch's cards (see the module docstring)."""
    batch = (
        CodeBatch.objects.select_for_update(of=("self",)).select_related("vote").get(pk=batch.pk)
    )
    if batch.printed_at is not None:
        raise DomainError(_("These cards were printed and their PDF deleted; order a new batch."))
    voided = VotingCode.objects.filter(batch=batch, state=VotingCode.State.PRINTED).update(
        state=VotingCode.State.VOID
    )
    plaintext = codes_generate(vote=batch.vote, count=batch.size, batch=batch)
    batch.generated_at = timezone.now()
    batch.generations += 1
    batch.save(update_fields=["generated_at", "generations", "modified"])
    audit_log(
        actor=None,
        action="vote.codes.generate",
        subject=batch.vote,
        data={"batch": batch.pk, "size": batch.size, "voided": voided},
    )
    return plaintext


@transaction.atomic
def code_batch_printed(*, actor: User | None, batch: CodeBatch) -> CodeBatch:
    """The cards are printed: delete the PDF, the only copy of the digests. Idempotent."""
    batch = (
        CodeBatch.objects.select_for_update(of=("self",))
        .select_related("document")
        .get(pk=batch.pk)
    )
    document = batch.document
    if document is not None and document.file:
        storage, name = document.file.storage, document.file.name
        document.file = ""
        document.save(update_fields=["file", "modified"])
        transaction.on_commit(lambda: storage.delete(name))
    if batch.printed_at is None:
        batch.printed_at = timezone.now()
        batch.save(update_fields=["printed_at", "modified"])
        audit_log(
            actor=actor, action="vote.codes.printed", subject=batch.vote, data={"batch": batch.pk}
        )
    return batch


@transaction.atomic
def code_issue(
    *, actor: User | None, vote: PBVote, code: str, eligible: bool, voter_group: str = ""
) -> VotingCode:
    """Hand a card over at check-in: the holder has declared they may vote (``eligible``) and,
    if they belong to a group with a bid on the ballot, which group (they will not be able to
    score that bid). The person is not recorded: only that a card went out."""
    normal = digests.normalise(code)
    if normal is None:
        raise DomainError({"code": [_("That is not a voting code: check the card.")]})
    if not eligible:
        raise DomainError(
            {"eligible": [_("Only hand a card to someone who declares they may vote.")]}
        )
    digest = digests.code_digest(digests.vote_key(vote.salt), normal)
    record = VotingCode.objects.select_for_update().filter(vote=vote, digest=digest).first()
    if record is None:
        raise DomainError({"code": [_("That card is not for this vote.")]})
    if record.state == VotingCode.State.VOID:
        raise DomainError({"code": [_("That card has been cancelled: give out another one.")]})
    if record.state == VotingCode.State.ISSUED:
        raise DomainError({"code": [_("That card has already been handed out.")]})
    record.state = VotingCode.State.ISSUED
    record.eligibility_declared = True
    record.voter_group = voter_group.strip()[:200]
    record.save(update_fields=["state", "eligibility_declared", "voter_group"])
    audit_log(
        actor=actor, action="vote.codes.issue", subject=vote, data={"group": bool(voter_group)}
    )
    return record


@transaction.atomic
def code_cancel(*, actor: User | None, vote: PBVote, code: str, reason: str = "") -> VotingCode:
    """Cancel one card (lost, or damaged at the desk) so nobody can vote with it.

    The coordinator types the code (only its digest is stored). Refused, with nothing changed,
    for a code that is not this vote's, a card already cancelled, a closed vote, or a card a
    ballot has already been cast with (that ballot stays in the count). Holds the vote row
    ``FOR UPDATE`` and the ballot table against inserts, so a ballot being cast with the same
    card at that moment either commits first (and the card is refused here) or sees the card
    cancelled (``ballot_cast`` checks the code under the vote's ``FOR SHARE`` lock; the
    one-statement cast reads it after the table lock is released). Audit-logged without the
    code.
    """
    normal = digests.normalise(code)
    if normal is None:
        raise DomainError({"code": [_("That is not a voting code: check the card.")]})
    lock_ballots_against_inserts()  # first: the lock order of services.votes
    vote = PBVote.objects.select_for_update().get(pk=vote.pk)
    if vote.is_closed():
        raise DomainError(_("This vote has closed: cards can no longer be cancelled."))
    key = digests.vote_key(vote.salt)
    record = (
        VotingCode.objects.select_for_update()
        .filter(vote=vote, digest=digests.code_digest(key, normal))
        .first()
    )
    if record is None:
        raise DomainError({"code": [_("That card is not for this vote.")]})
    if record.state == VotingCode.State.VOID:
        raise DomainError({"code": [_("That card has already been cancelled.")]})
    if Ballot.objects.filter(vote=vote, code_digest=digests.ballot_digest(key, normal)).exists():
        raise DomainError(
            {"code": [_("A ballot has already been cast with that card. It stays in the count.")]}
        )
    was = record.state
    record.state = VotingCode.State.VOID
    record.save(update_fields=["state"])
    audit_log(
        actor=actor,
        action="vote.codes.cancel",
        subject=vote,
        data={"was": was, "reason": reason.strip()[:200]},
    )
    return record


@transaction.atomic
def codes_issue_all(*, actor: User | None, vote: PBVote) -> int:
    """Treat every printed card as handed out to an eligible person (for votes where cards go
    only to people whose eligibility was checked when they registered). Audit-logged."""
    count = VotingCode.objects.filter(vote=vote, state=VotingCode.State.PRINTED).update(
        state=VotingCode.State.ISSUED, eligibility_declared=True
    )
    audit_log(actor=actor, action="vote.codes.issue_all", subject=vote, data={"count": count})
    return count


# --- the code cards PDF (engagement.pdf machinery) --------------------------------------------


def card_qr_image(url: str) -> str:
    """The QR code as a data: URI of a one-bit PNG, one pixel a module, drawn unsmoothed.

    Profiled in WeasyPrint: an inline SVG path costs about twice as much to lay out and write
    as a tiny PNG (the path is parsed and stroked per card), and base64 SVG images were the
    slowest of all (120 cards took 38 s).
    """
    import segno

    qr = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return qr.png_data_uri(scale=1, border=2)


def short_address(url: str) -> str:
    """What a person types: the address without its scheme."""
    return url.split("://", 1)[-1].rstrip("/")


def cards_document_context(
    *, vote: object, vote_url: str, codes: list[str], layout: str = DEFAULT_LAYOUT
) -> dict:
    """Template context for the cards PDF from plaintext codes (no database access)."""
    shape = LAYOUTS.get(layout, LAYOUTS[DEFAULT_LAYOUT])
    cards = [
        {"code": digests.grouped(code), "qr": card_qr_image(f"{vote_url}?code={code}")}
        for code in codes
    ]
    for index, card in enumerate(cards):
        card["slot"] = index % shape.per_page
    short_url = short_address(vote_url)
    qr_size = round(min(shape.card_height - 22, shape.card_width * 0.4), 1)
    usable_mm = shape.card_width - 7
    # A web address never breaks across lines: it shrinks to fit instead (0.62 em a character).
    url_pt = round(min(9.0, usable_mm / max(len(short_url), 1) / 0.62 * 2.835), 1)
    return {
        "vote": vote,
        "layout": shape,
        "pages": list(paginate(cards, shape)),
        "slots": [
            (slot, *(round(v, 2) for v in shape.position(slot))) for slot in range(shape.per_page)
        ],
        "marks": _cut_marks(shape),
        "vote_url": vote_url,
        "short_url": short_url,
        "qr_size": qr_size,
        "qr_top": 12,
        "how_top": 12 + (8 if shape.card_width < 97 else 9),
        "text_left": round(4 + qr_size + 3, 1),
        "code_pt": 13 if shape.card_width < 97 else 15,
        "url_pt": url_pt,
    }


def _cut_marks(shape) -> list[tuple[float, float, float, float]]:
    """Short lines in the page margins where the guillotine cuts (x, y, width, height in mm)."""
    if not shape.cut_marks:
        return []
    xs, ys = shape.cut_lines()
    length, gap, weight = 5.0, 1.5, 0.25
    bottom = shape.top + shape.rows * shape.card_height
    right = shape.left + shape.columns * shape.card_width
    marks = []
    for x in xs:
        marks.append((x, shape.top - gap - length, weight, length))
        marks.append((x, bottom + gap, weight, length))
    for y in ys:
        marks.append((shape.left - gap - length, y, length, weight))
        marks.append((right + gap, y, length, weight))
    return [tuple(round(v, 2) for v in mark) for mark in marks]


def _cards_context(batch: CodeBatch, params: dict) -> dict:
    from django.conf import settings
    from django.urls import reverse

    batch = CodeBatch.objects.select_related("vote__event", "vote__area").get(pk=batch.pk)
    start = reverse("voting:vote_start", kwargs={"pk": batch.vote.pk})
    context = cards_document_context(
        vote=batch.vote,
        vote_url=f"{settings.SITE_URL.rstrip('/')}{start}",
        codes=code_batch_generate(batch=batch),
        layout=params.get("layout", DEFAULT_LAYOUT),
    )
    context["batch"] = batch
    return context


def _cards_title(batch: CodeBatch, params: dict) -> str:
    return _("Voting code cards: %(vote)s (%(size)s cards)") % {
        "vote": batch.vote.title,
        "size": batch.size,
    }


def _cards_filename(batch: CodeBatch, params: dict) -> str:
    import secrets

    # An unguessable name as well as the permission check on download.
    return f"code-cards-{batch.pk}-{secrets.token_hex(8)}.pdf"


def register_code_cards() -> None:
    """Called once from ``VotingConfig.ready``."""
    from engagement.pdf import DocumentKind, register_document_kind

    register_document_kind(
        DocumentKind(
            name=CODE_CARDS,
            template="voting/pdf/code_cards.html",
            context=_cards_context,
            title=_cards_title,
            filename=_cards_filename,
            permission="voting.download_code_cards",
        )
    )
