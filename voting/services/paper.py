"""Paper ballots keyed by volunteers: each counts when two different volunteers key the same
marks and the same voting card; a disagreement waits for a supervisor, who settles it by
choosing one keying or keying the paper again.

A paper ballot is tied to the voting card handed in with it, so nobody votes both on paper and
on a phone. The first keying that names a card claims it (``PaperBallot.card_digest``, unique per
vote): from then on a phone refuses that card (``services.ballots.code_check`` and the
one-statement cast check for the claim), and a card already used on a phone or on another paper
is refused here, in words. The counted paper ballot keeps the card's ballot digest too, so the
one-ballot-per-code unique constraint is the last guard against a phone and a paper at the same
moment. A spoilt paper claims no card: it gives its holder no vote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engagement.models import User
from engagement.services import DomainError, audit_log
from pbtally import BallotKind

from .. import digests
from ..ballot_store import encode
from ..models import Ballot, PaperBallot, PaperEntry, PBVote, VotingCode
from ..selectors.election import ballot_rules
from .ballots import BallotRejected, _excluded_positions, ballot_validate
from .locks import lock_vote_for_ballot

#: How a supervisor settles a disputed paper ballot from the side-by-side page.
SETTLE_CHOICES = ("a", "b")


@dataclass(frozen=True)
class PaperOutcome:
    paper: PaperBallot
    state: str


@dataclass(frozen=True)
class PaperCard:
    """The voting card a keying names: its ballot digest, its last symbols (for people to
    compare) and the bids its holder may not vote for (declared conflicts)."""

    digest: str
    hint: str
    excluded: frozenset[int]


NO_CARD = PaperCard("", "", frozenset())


def _lock_paper(vote: PBVote, number: int) -> PaperBallot:
    # ``of=("self",)``: the model's ordering joins the vote, and locking the vote row FOR
    # UPDATE too made two volunteers keying at once deadlock (and held phones back).
    locking = PaperBallot.objects.select_for_update(of=("self",)).filter(vote=vote)
    for _attempt in range(2):
        paper = locking.filter(number=number).first()
        if paper is not None:
            return paper
        try:
            with transaction.atomic():
                PaperBallot.objects.create(vote=vote, number=number)
        except IntegrityError:
            continue  # another volunteer created it at the same moment: lock theirs
    return locking.get(number=number)


def _card_refused(message: str) -> DomainError:
    return DomainError({"card": [message]})


def _card_free(vote: PBVote, digest: str, hint: str, paper: PaperBallot) -> None:
    """Refuse, in words, a card that has voted on a phone or is on another paper ballot."""
    if Ballot.objects.filter(vote=vote, code_digest=digest).exclude(paper=paper).exists():
        raise _card_refused(
            _(
                "The card ending %(hint)s has already been used to vote on a phone, so this "
                "paper ballot cannot count. Key it as spoilt, with the reason "
                "“card already used”."
            )
            % {"hint": hint}
        )
    other = PaperBallot.objects.filter(vote=vote, card_digest=digest).exclude(pk=paper.pk).first()
    if other is not None:
        raise _card_refused(
            _(
                "The card ending %(hint)s is already on paper ballot %(number)s. Check the "
                "code; if both papers came with this card, key this one as spoilt."
            )
            % {"hint": hint, "number": other.number}
        )


def paper_card(*, vote: PBVote, code: str, paper: PaperBallot) -> PaperCard:
    """The card named by a keying of ``paper``, checked: a card of this vote, handed out, not
    cancelled, and not used on a phone or on another paper ballot. Raises
    :class:`DomainError` on the ``card`` field, in words a volunteer can act on."""
    if not (code or "").strip():
        raise _card_refused(_("Enter the code of the voting card handed in with this ballot."))
    normal = digests.normalise(code)
    if normal is None:
        raise _card_refused(
            _("That is not a voting code. Codes have 13 letters and numbers: ABCD-EFGH-JKMNP.")
        )
    key = digests.vote_key(vote.salt)
    record = VotingCode.objects.filter(vote=vote, digest=digests.code_digest(key, normal)).first()
    hint = normal[-4:]
    if record is None:
        raise _card_refused(_("That card is not for this vote: check the code."))
    if record.state == VotingCode.State.VOID:
        raise _card_refused(
            _(
                "The card ending %(hint)s was cancelled, so this paper ballot cannot count. Key "
                "it as spoilt, with the reason."
            )
            % {"hint": hint}
        )
    if record.state != VotingCode.State.ISSUED and vote.codes_must_be_issued:
        raise _card_refused(
            _(
                "The card ending %(hint)s was never handed out at check-in. Ask the "
                "coordinator before keying this paper ballot."
            )
            % {"hint": hint}
        )
    digest = digests.ballot_digest(key, normal)
    _card_free(vote, digest, hint, paper)
    return PaperCard(digest, hint, _excluded_positions(vote, record.voter_group))


def _blank_refusal(vote: PBVote, choices: Sequence[int], card: PaperCard) -> None:
    """Blanks the vote's rules do not allow, refused in words that say what to do. Anything
    else left blank is keyed as blank: an unticked bid, a score, points or a place not given."""
    rules = ballot_rules(vote)
    if rules.kind is BallotKind.SCORE and rules.score_every_bid:
        chosen = set(choices)
        blank = [
            title
            for position, title in vote.options.order_by("position").values_list(
                "position", "title"
            )
            if position not in chosen and position not in card.excluded
        ]
        if blank:
            raise DomainError(
                _(
                    "This vote needs a score for every bid, and the paper has none for: "
                    "%(bids)s. If the paper really is blank there, key it as spoilt."
                )
                % {"bids": "; ".join(blank)}
            )
    if rules.min_choices and len(choices) < rules.min_choices:
        raise DomainError(
            ngettext(
                "This vote needs at least %(minimum)s bid marked, and the paper has %(count)s. "
                "If that is what the paper says, key it as spoilt.",
                "This vote needs at least %(minimum)s bids marked, and the paper has %(count)s. "
                "If that is what the paper says, key it as spoilt.",
                rules.min_choices,
            )
            % {"minimum": rules.min_choices, "count": len(choices)}
        )


def _paper_marks(
    vote: PBVote,
    choices: Sequence[int],
    points: Sequence[int] | None,
    spoilt: bool,
    reason: str,
    card: PaperCard,
) -> tuple[str, str, str]:
    if spoilt:
        if not reason.strip():
            raise DomainError({"spoilt_reason": [_("Say why the ballot is spoilt.")]})
        return "", "", reason.strip()[:300]
    _blank_refusal(vote, choices, card)
    try:
        stored, stored_points = ballot_validate(
            vote=vote, choices=choices, points=points, excluded=card.excluded
        )
    except BallotRejected as exc:
        if exc.reason != "conflict":
            raise
        raise DomainError(
            _(
                "The holder of this card declared an interest in a bid marked on this paper, "
                "so they may not vote for it. Ask a supervisor."
            )
        ) from None
    return encode(stored), encode(stored_points), ""


def _count_paper(paper: PaperBallot, entry: PaperEntry, actor: User) -> str:
    if entry.spoilt:
        paper.state = PaperBallot.State.SPOILT
        paper.spoilt_reason = entry.spoilt_reason or _("Spoilt")
        paper.card_digest, paper.card_hint = None, ""
    else:
        paper.card_digest, paper.card_hint = entry.card_digest or None, entry.card_hint
        paper.state = PaperBallot.State.COUNTED
        try:
            with transaction.atomic():
                Ballot.objects.create(
                    vote_id=paper.vote_id,
                    source=Ballot.Source.PAPER,
                    choices=entry.choices,
                    points=entry.points,
                    code_digest=paper.card_digest,
                    paper=paper,
                )
        except IntegrityError:
            # A phone cast with this card in the same instant: the phone's ballot stands.
            raise _card_refused(
                _(
                    "The card ending %(hint)s has just been used to vote on a phone, so this "
                    "paper ballot cannot count. Key it as spoilt, with the reason "
                    "“card already used”."
                )
                % {"hint": entry.card_hint}
            ) from None
    paper.save(update_fields=["state", "spoilt_reason", "card_digest", "card_hint", "modified"])
    audit_log(
        actor=actor,
        action=f"paper.{paper.state}",
        subject=paper.vote,
        data={"number": paper.number},
    )
    return paper.state


def _claim_card(paper: PaperBallot, card: PaperCard) -> None:
    """The first keying naming a card holds it for the paper, so a phone refuses it from now
    on (a later keying naming another card changes nothing until the paper is settled)."""
    if not card.digest or paper.card_digest:
        return
    paper.card_digest, paper.card_hint = card.digest, card.hint
    try:
        with transaction.atomic():
            paper.save(update_fields=["card_digest", "card_hint", "modified"])
    except IntegrityError:
        raise _card_refused(_("That card is already on another paper ballot.")) from None


@transaction.atomic
def paper_entry_add(
    *,
    actor: User,
    vote: PBVote,
    number: int,
    card: str = "",
    choices: Sequence[int] = (),
    points: Sequence[int] | None = None,
    spoilt: bool = False,
    spoilt_reason: str = "",
) -> PaperOutcome:
    """Key one paper ballot and the code of the card handed in with it (``card``; a spoilt
    paper needs none). The first keying waits and claims the card; a second keying by a
    *different* volunteer counts the ballot if the two agree on the marks and the card (or
    records it spoilt if both say so), and otherwise sends it to the supervisor queue. Locks the
    paper ballot row, so two volunteers keying the same number at once are served one after the
    other. Refuses (nothing stored) a card that has voted already, and marks the vote's rules
    do not allow, in words."""
    locked = lock_vote_for_ballot(vote.pk)
    if not locked.is_open():
        raise DomainError(_("Paper ballots can be keyed only while the vote is open."))
    if number < 1:
        raise DomainError({"number": [_("Enter the number written on the paper ballot.")]})
    paper = _lock_paper(vote, number)
    if paper.state != PaperBallot.State.AWAITING_SECOND:
        raise DomainError(
            _("Paper ballot %(number)s has already been dealt with (%(state)s).")
            % {"number": number, "state": paper.get_state_display()}
        )
    entries = list(paper.entries.filter(supervisor=False))
    if any(e.entered_by_id == actor.pk for e in entries):
        raise DomainError(
            _("You keyed paper ballot %(number)s already: a different volunteer must key it again.")
            % {"number": number}
        )
    named = NO_CARD if spoilt else paper_card(vote=locked, code=card, paper=paper)
    marks, marks_points, reason = _paper_marks(
        locked, choices, points, spoilt, spoilt_reason, named
    )
    entry = PaperEntry(
        paper=paper,
        entered_by=actor,
        choices=marks,
        points=marks_points,
        spoilt=spoilt,
        spoilt_reason=reason,
        card_digest=named.digest,
        card_hint=named.hint,
    )
    entry.full_clean()
    entry.save()
    _claim_card(paper, named)
    if not entries:
        return PaperOutcome(paper, paper.state)
    if entries[0].same_marks(entry):
        return PaperOutcome(paper, _count_paper(paper, entry, actor))
    paper.state = PaperBallot.State.DISPUTED
    paper.save(update_fields=["state", "modified"])
    audit_log(actor=actor, action="paper.disputed", subject=vote, data={"number": number})
    return PaperOutcome(paper, paper.state)


def _lock_disputed(paper: PaperBallot) -> tuple[PBVote, PaperBallot]:
    locked = lock_vote_for_ballot(paper.vote_id)
    if locked.status == PBVote.Status.CLOSED:
        raise DomainError(_("The vote has closed; this paper ballot was left out of the count."))
    paper = PaperBallot.objects.select_for_update().get(pk=paper.pk)
    if paper.state != PaperBallot.State.DISPUTED:
        raise DomainError(_("This paper ballot is not waiting for a supervisor."))
    return locked, paper


def _settled(paper: PaperBallot, actor: User, entry: PaperEntry, chose: str) -> PaperOutcome:
    entry.full_clean()
    entry.save()
    paper.resolved_by = actor
    paper.save(update_fields=["resolved_by", "modified"])
    audit_log(
        actor=actor,
        action="paper.settled",
        subject=paper.vote,
        data={"number": paper.number, "chose": chose},
    )
    return PaperOutcome(paper, _count_paper(paper, entry, actor))


@transaction.atomic
def paper_resolve(
    *,
    actor: User,
    paper: PaperBallot,
    card: str = "",
    choices: Sequence[int] = (),
    points: Sequence[int] | None = None,
    spoilt: bool = False,
    spoilt_reason: str = "",
) -> PaperOutcome:
    """A supervisor keys a disputed paper ballot again from the paper in hand (or records that
    it is spoilt). Counted once: a settled ballot cannot be settled again. Audit-logged as
    settled by keying again."""
    locked, paper = _lock_disputed(paper)
    named = NO_CARD if spoilt else paper_card(vote=locked, code=card, paper=paper)
    marks, marks_points, reason = _paper_marks(
        locked, choices, points, spoilt, spoilt_reason, named
    )
    entry = PaperEntry(
        paper=paper,
        entered_by=actor,
        choices=marks,
        points=marks_points,
        spoilt=spoilt,
        spoilt_reason=reason,
        supervisor=True,
        card_digest=named.digest,
        card_hint=named.hint,
    )
    return _settled(paper, actor, entry, "rekey")


@transaction.atomic
def paper_settle(*, actor: User, paper: PaperBallot, choice: str) -> PaperOutcome:
    """A supervisor settles a disputed paper ballot by choosing the first keying (``"a"``) or
    the second (``"b"``) as what the paper says. The chosen keying's card is checked again (it
    may have voted on a phone since). Records the decision as the supervisor's entry, counts
    the ballot once, and audit-logs which keying was chosen."""
    if choice not in SETTLE_CHOICES:
        raise DomainError(_("Choose the first keying, the second, or key the paper again."))
    locked, paper = _lock_disputed(paper)
    keyings = list(paper.entries.filter(supervisor=False).order_by("created", "pk"))
    if len(keyings) < 2:  # pragma: no cover - a dispute always has two keyings
        raise DomainError(_("This paper ballot is not waiting for a supervisor."))
    chosen = keyings[SETTLE_CHOICES.index(choice)]
    if not chosen.spoilt:
        _card_free(locked, chosen.card_digest, chosen.card_hint, paper)
    entry = PaperEntry(
        paper=paper,
        entered_by=actor,
        choices=chosen.choices,
        points=chosen.points,
        spoilt=chosen.spoilt,
        spoilt_reason=chosen.spoilt_reason,
        supervisor=True,
        card_digest=chosen.card_digest,
        card_hint=chosen.card_hint,
    )
    return _settled(paper, actor, entry, choice)
