"""Paper ballots keyed by volunteers: each counts when two different volunteers key the same
marks; a disagreement waits for a supervisor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from engagement.models import User
from engagement.services import DomainError, audit_log

from ..ballot_store import encode
from ..models import Ballot, PaperBallot, PaperEntry, PBVote
from .ballots import ballot_validate
from .locks import lock_vote_for_ballot


@dataclass(frozen=True)
class PaperOutcome:
    paper: PaperBallot
    state: str


def _lock_paper(vote: PBVote, number: int) -> PaperBallot:
    for _attempt in range(2):
        paper = PaperBallot.objects.select_for_update().filter(vote=vote, number=number).first()
        if paper is not None:
            return paper
        try:
            with transaction.atomic():
                PaperBallot.objects.create(vote=vote, number=number)
        except IntegrityError:
            continue  # another volunteer created it at the same moment: lock theirs
    return PaperBallot.objects.select_for_update().get(vote=vote, number=number)


def _paper_marks(
    vote: PBVote, choices: Sequence[int], points: Sequence[int] | None, spoilt: bool, reason: str
) -> tuple[str, str, str]:
    if spoilt:
        if not reason.strip():
            raise DomainError({"spoilt_reason": [_("Say why the ballot is spoilt.")]})
        return "", "", reason.strip()[:300]
    stored, stored_points = ballot_validate(vote=vote, choices=choices, points=points)
    return encode(stored), encode(stored_points), ""


def _count_paper(paper: PaperBallot, entry: PaperEntry, actor: User) -> str:
    if entry.spoilt:
        paper.state = PaperBallot.State.SPOILT
        paper.spoilt_reason = entry.spoilt_reason or _("Spoilt")
    else:
        Ballot.objects.create(
            vote_id=paper.vote_id,
            source=Ballot.Source.PAPER,
            choices=entry.choices,
            points=entry.points,
            paper=paper,
        )
        paper.state = PaperBallot.State.COUNTED
    paper.save(update_fields=["state", "spoilt_reason", "modified"])
    audit_log(
        actor=actor,
        action=f"paper.{paper.state}",
        subject=paper.vote,
        data={"number": paper.number},
    )
    return paper.state


@transaction.atomic
def paper_entry_add(
    *,
    actor: User,
    vote: PBVote,
    number: int,
    choices: Sequence[int] = (),
    points: Sequence[int] | None = None,
    spoilt: bool = False,
    spoilt_reason: str = "",
) -> PaperOutcome:
    """Key one paper ballot. The first keying waits; a second keying by a *different* volunteer
    counts the ballot if the two agree (or records it spoilt if both say so), and otherwise sends
    it to the supervisor queue. Locks the paper ballot row, so two volunteers keying the same
    number at once are served one after the other."""
    locked = lock_vote_for_ballot(vote.pk)
    if not locked.is_open():
        raise DomainError(_("Paper ballots can be keyed only while the vote is open."))
    if number < 1:
        raise DomainError({"number": [_("Enter the number written on the paper ballot.")]})
    marks, marks_points, reason = _paper_marks(vote, choices, points, spoilt, spoilt_reason)
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
    entry = PaperEntry(
        paper=paper,
        entered_by=actor,
        choices=marks,
        points=marks_points,
        spoilt=spoilt,
        spoilt_reason=reason,
    )
    entry.full_clean()
    entry.save()
    if not entries:
        return PaperOutcome(paper, paper.state)
    if entries[0].same_marks(entry):
        return PaperOutcome(paper, _count_paper(paper, entry, actor))
    paper.state = PaperBallot.State.DISPUTED
    paper.save(update_fields=["state", "modified"])
    audit_log(actor=actor, action="paper.disputed", subject=vote, data={"number": number})
    return PaperOutcome(paper, paper.state)


@transaction.atomic
def paper_resolve(
    *,
    actor: User,
    paper: PaperBallot,
    choices: Sequence[int] = (),
    points: Sequence[int] | None = None,
    spoilt: bool = False,
    spoilt_reason: str = "",
) -> PaperOutcome:
    """A supervisor looks at a disputed paper ballot and records what it says (or that it is
    spoilt). Counted once: a resolved ballot cannot be resolved again."""
    locked = lock_vote_for_ballot(paper.vote_id)
    if locked.status == PBVote.Status.CLOSED:
        raise DomainError(_("The vote has closed; this paper ballot was left out of the count."))
    paper = PaperBallot.objects.select_for_update().get(pk=paper.pk)
    if paper.state != PaperBallot.State.DISPUTED:
        raise DomainError(_("This paper ballot is not waiting for a supervisor."))
    marks, marks_points, reason = _paper_marks(locked, choices, points, spoilt, spoilt_reason)
    entry = PaperEntry.objects.create(
        paper=paper,
        entered_by=actor,
        choices=marks,
        points=marks_points,
        spoilt=spoilt,
        spoilt_reason=reason,
        supervisor=True,
    )
    paper.resolved_by = actor
    paper.save(update_fields=["resolved_by", "modified"])
    return PaperOutcome(paper, _count_paper(paper, entry, actor))
