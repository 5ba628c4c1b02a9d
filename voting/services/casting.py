"""Casting a posted ballot: the one entry point for the ballot page, the offline queue and any
other client.

It decides the path: the one-statement insert for the common case
(:mod:`voting.services.one_statement`), which only ever accepts a real, handed-out code, and
the full :func:`ballot_cast` for everything else, which decides and explains every refusal. The
guessing limiter comes in only once a code has turned out not to be one
(:func:`code_check_guarded`), so a blocked address can still cast with a real card.
Reading the posted fields is the caller's
(``voting.forms.read_posted_ballot``), so this module knows nothing of forms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from django.utils.translation import gettext as _

from ..models import PBVote, VoteOption
from ..selectors.ballot_context import ballot_context_forget
from ..selectors.votes import vote_ballot_options, vote_for_ballot
from .ballots import BallotRejected, CastResult, CodeCheck, PostedBallot, ballot_cast, code_check
from .limits import guess_failed, guesses_blocked
from .one_statement import ballot_cast_in_one_statement

#: Refusals that count towards the guessing limit: a code that is not one.
GUESS_REASONS = ("malformed", "unknown")


class BallotReader(Protocol):
    def __call__(
        self,
        data: Mapping,
        *,
        vote: PBVote,
        options: Sequence[VoteOption],
        excluded: frozenset[int] = ...,
        positions: frozenset[str] | None = ...,
    ) -> PostedBallot | None: ...


def code_check_guarded(*, vote: PBVote, code: str, client_ip: str) -> CodeCheck:
    """``code_check`` with the guessing limiter: a wrong code counts against ``client_ip`` for
    this vote, or, once that address is over the limit, is refused as "blocked" (429). A real
    code is never refused by the limiter: it is looked up first."""
    try:
        return code_check(vote=vote, code=code)
    except BallotRejected as exc:
        if exc.reason not in GUESS_REASONS:
            raise
        if guesses_blocked(client_ip, vote.pk):
            raise too_many_guesses() from None
        guess_failed(client_ip, vote.pk, exc.reason)
        raise


def too_many_guesses() -> BallotRejected:
    return BallotRejected(
        _("Too many wrong codes from here. Wait ten minutes, or ask a volunteer."), "blocked"
    )


def ballot_vote(*, vote_id: int) -> PBVote:
    """The vote a ballot is cast on; ``PBVote.DoesNotExist`` for votes still being set up and
    for imported elections, which take no ballots."""
    vote = vote_for_ballot(pk=vote_id)
    if vote.status == PBVote.Status.DRAFT or vote.source != PBVote.Source.EVENT:
        raise PBVote.DoesNotExist
    # A cancelled vote stays public only if people voted in it (to say it was cancelled).
    if vote.status == PBVote.Status.CANCELLED and not vote.ballots.exists():
        raise PBVote.DoesNotExist
    return vote


def ballot_submit(*, vote_id: int, data: Mapping, client_ip: str, read: BallotReader) -> CastResult:
    """Cast the ballot posted as ``data``. Returns the receipt; raises :class:`BallotRejected`
    (nothing stored) with the reason, after counting a wrong code against ``client_ip``.

    Safe to repeat with the same idempotency key (see :func:`ballot_cast`)."""
    quick = ballot_cast_in_one_statement(vote_id=vote_id, data=data, read=read)
    if quick is not None:
        return quick
    vote = ballot_vote(vote_id=vote_id)
    options = vote_ballot_options(vote=vote)
    check = code_check_guarded(vote=vote, code=data.get("code", ""), client_ip=client_ip)
    posted = read(data, vote=vote, options=options, excluded=check.excluded)
    if posted is None:
        raise BallotRejected(_("Some answers on the ballot need checking."), "malformed")
    result = ballot_cast(
        vote=vote,
        code=check.code,
        choices=posted.choices,
        points=posted.points,
        idempotency_key=posted.idempotency_key,
        options=options,
    )
    if not result.repeated and not check.record.voter_group:
        # The one statement should have taken this ballot: the worker's copy of the vote may be
        # out of date (edited outside the services), so read it afresh next time.
        ballot_context_forget(vote_id=vote_id)
    return result
