"""What a gunicorn worker needs to check and record a ballot, remembered between requests.

At a PB event every phone posts to the same vote within minutes. The parts of a vote that a
ballot is checked against are fixed when the vote is created (``services.votes.vote_create``
copies the shortlist onto the ballot and no service changes the ballot type, the rule's
parameters, the budget, the options or the salt afterwards; the admin shows them read-only), so
each worker reads them once instead of three queries per ballot.

What does change — open or closed, the time window, which cards are handed out or cancelled — is
never taken from here: the one-statement cast (``services.ballot_insert``) checks it in the
database, under the vote's lock, and also checks that the fixed parts still match this copy
(``fingerprint``), so a vote edited behind the services' back is never cast against a stale copy.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from pbtally import Project

from .. import digests
from ..models import PBVote, VoteOption
from .election import vote_projects

#: Votes remembered per worker process: a PB event has one or two at a time.
MEMO_SIZE = 32


@dataclass(frozen=True)
class BallotContext:
    vote: PBVote  # as read when remembered: use only its fixed fields (see the module docstring)
    options: tuple[VoteOption, ...]  # in ballot order
    projects: tuple[Project, ...]  # the same, as the tally engine checks ballots against them
    positions: frozenset[str]  # the options' positions as posted (``forms_voting.quick_ticks``)
    key: bytes  # the vote's HMAC key (``digests.vote_key``)
    params_json: str  # the parameters as stored, to compare in the database

    @property
    def fingerprint(self) -> dict:
        """The fixed fields, as the one-statement cast compares them with the row."""
        return {
            "ballot_type": self.vote.ballot_type,
            "budget": self.vote.budget_pence,
            "params": self.params_json,
            "salt": self.vote.salt,
        }


_memo: OrderedDict[int, BallotContext] = OrderedDict()
_lock = threading.Lock()


def ballot_context(*, vote_id: int) -> BallotContext | None:
    """The vote's ballot context, from this process's memo or two queries; ``None`` if there is
    no such vote. Says nothing about whether the vote is open."""
    with _lock:
        found = _memo.get(vote_id)
        if found is not None:
            _memo.move_to_end(vote_id)
            return found
    vote = PBVote.objects.filter(pk=vote_id).first()
    if vote is None:
        return None
    options = tuple(vote.options.order_by("position"))
    context = BallotContext(
        vote=vote,
        options=options,
        projects=tuple(vote_projects(vote, options)),
        positions=frozenset(str(o.position) for o in options),
        key=digests.vote_key(vote.salt),
        params_json=json.dumps(vote.params or {}),
    )
    with _lock:
        _memo[vote_id] = context
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return context


def ballot_context_forget(*, vote_id: int) -> None:
    """Drop a copy found out of date (or, in tests, start afresh)."""
    with _lock:
        _memo.pop(vote_id, None)


def ballot_context_clear() -> None:
    """Forget every vote (tests, between cases)."""
    with _lock:
        _memo.clear()
