"""Paper ballots as the supervisor compares them: both keyings of a disputed paper side by
side, bid by bid, with the differences marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..ballot_store import decode
from ..models import BallotType, PaperBallot, PaperEntry, PBVote, VoteOption
from .votes import paper_disputes, vote_ballot_options


@dataclass(frozen=True)
class CompareRow:
    label: str
    first: str
    second: str

    @property
    def differs(self) -> bool:
        return self.first != self.second


@dataclass(frozen=True)
class Dispute:
    paper: PaperBallot
    keyings: tuple[PaperEntry, PaperEntry]
    rows: list[CompareRow]

    @property
    def differences(self) -> int:
        return sum(row.differs for row in self.rows)


def entry_marks(vote: PBVote, entry: PaperEntry) -> dict[int, str]:
    """What one keying says about each bid (by position), in words; bids left out are blank."""
    choices, points = decode(entry.choices), decode(entry.points)
    if vote.ballot_type == BallotType.ORDINAL:
        return {c: _("choice %(n)s") % {"n": n} for n, c in enumerate(choices, start=1)}
    if points:
        return {c: str(p) for c, p in zip(choices, points, strict=False)}
    return dict.fromkeys(choices, _("ticked"))


def _side(vote: PBVote, entry: PaperEntry, options: Sequence[VoteOption]) -> list[str]:
    card = _("ending %(hint)s") % {"hint": entry.card_hint} if entry.card_hint else _("none")
    if entry.spoilt:
        spoilt = _("yes: %(reason)s") % {"reason": entry.spoilt_reason}
        return [card, spoilt] + [_("(spoilt)")] * len(options)
    marks = entry_marks(vote, entry)
    return [card, _("no")] + [marks.get(o.position, _("blank")) for o in options]


def dispute_compare(
    vote: PBVote, paper: PaperBallot, options: Sequence[VoteOption]
) -> Dispute | None:
    keyings = [e for e in paper.entries.all() if not e.supervisor][:2]
    if len(keyings) < 2:
        return None
    labels = [_("Voting card"), _("Spoilt")] + [o.title for o in options]
    first, second = (_side(vote, e, options) for e in keyings)
    rows = [CompareRow(*values) for values in zip(labels, first, second, strict=True)]
    return Dispute(paper, (keyings[0], keyings[1]), rows)


def paper_dispute_list(*, vote: PBVote) -> list[Dispute]:
    """Every disputed paper ballot of the vote, by number, compared row by row. Two queries
    plus the options."""
    options = vote_ballot_options(vote=vote)
    found = (dispute_compare(vote, paper, options) for paper in paper_disputes(vote=vote))
    return [d for d in found if d is not None]
