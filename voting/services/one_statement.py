"""Casting an ordinary ballot in one SQL statement: the fast path of ``ballot_cast``.

Hundreds of phones cast within minutes at a PB event, so the common case — a handed-out card
with no declared conflict, a well-formed ballot, an open vote, a first attempt — is one
``INSERT ... SELECT`` instead of a transaction of five statements. The marks are checked in
Python against the worker's copy of the ballot (``voting.selectors.ballot_context``); the
statement then inserts the ballot only if, in the database at that moment,

- the vote is open (``PBVote.is_open``, written in SQL: keep the two alike), and its fixed
  fields still match the copy the marks were checked against;
- the card is handed out (or need not be), has no declared conflict of interest;
- no ballot has that card's digest yet (the one-ballot-per-code unique index,
  ``ON CONFLICT DO NOTHING``), and no paper ballot holds the card (``services.paper``).

Anything else — a closed vote, an unknown, void or unissued card, a card with a declared
conflict, a retry of a ballot already cast, marks that break the rules — inserts nothing here
and returns ``None``; the caller then runs the full ``ballot_cast``, which decides and explains.
So this path only ever *accepts* a ballot the full path would accept.

Why no row locks are needed. ``vote_close`` and ``code_cancel`` take ``LOCK TABLE ballot IN
SHARE MODE`` in their transaction (``voting.services.locks.lock_ballots_against_inserts``).
That lock waits for every insert in flight to commit, and holds back every new one until they
commit. PostgreSQL takes a statement's table locks while parsing it, *before* the snapshot it reads
with, so an insert held back this way reads the vote as closed (or the card as cancelled) once
it runs: closing never misses an accepted ballot, and a cancelled card never votes. The full
path keeps its ``FOR SHARE`` lock on the vote row, which ``vote_close`` also waits for.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import connection

from .. import digests
from ..ballot_store import encode
from ..models import Ballot, PaperBallot, PBVote, VotingCode
from ..selectors.ballot_context import ballot_context
from .ballots import BallotRejected, CastResult, ballot_validate

if TYPE_CHECKING:
    from .casting import BallotReader

_STATEMENT = """
INSERT INTO {ballot}
    (id, vote_id, source, choices, points, code_digest, idempotency_key, receipt_digest)
SELECT %(ballot_id)s, vote.id, 'online', %(choices)s, %(points)s, %(ballot_digest)s,
       %(idempotency_key)s, %(receipt_digest)s
FROM {vote} AS vote JOIN {card} AS card ON card.vote_id = vote.id
WHERE vote.id = %(vote)s AND card.digest = %(code_digest)s
  AND vote.source = 'event'
  AND (vote.status = 'open' OR (vote.status = 'scheduled' AND vote.opens_at <= now()))
  AND (vote.closes_at IS NULL OR vote.closes_at > now())
  AND vote.ballot_type = %(ballot_type)s AND vote.budget_pence = %(budget)s
  AND vote.salt = %(salt)s AND vote.params = %(params)s::jsonb
  AND card.voter_group = ''
  AND (card.state = 'issued' OR (card.state = 'printed' AND NOT vote.codes_must_be_issued))
  AND NOT EXISTS (SELECT 1 FROM {paper} AS paper
                  WHERE paper.vote_id = vote.id AND paper.card_digest = %(ballot_digest)s)
ON CONFLICT (vote_id, code_digest) WHERE code_digest IS NOT NULL DO NOTHING
"""


@lru_cache(maxsize=1)
def _statement() -> str:
    return _STATEMENT.format(
        ballot=Ballot._meta.db_table,
        vote=PBVote._meta.db_table,
        card=VotingCode._meta.db_table,
        paper=PaperBallot._meta.db_table,
    )


def ballot_cast_in_one_statement(
    *, vote_id: int, data: Mapping, read: BallotReader
) -> CastResult | None:
    """Cast the ballot posted as ``data`` (the ballot form's fields, read by ``read``) if it is
    the common case; ``None`` (and nothing written) otherwise: then call the full
    ``ballot_cast``."""
    if connection.vendor != "postgresql":
        return None
    context = ballot_context(vote_id=vote_id)
    if context is None:
        return None
    posted = read(data, vote=context.vote, options=context.options, positions=context.positions)
    if posted is None:
        return None
    code, idempotency_key = posted.code, posted.idempotency_key
    choices, points = posted.choices, posted.points
    try:
        stored_choices, stored_points = ballot_validate(
            vote=context.vote,
            choices=choices,
            points=points,
            options=context.options,
            projects=context.projects,
        )
    except BallotRejected:
        return None
    receipt = digests.receipt_for(context.key, code)
    params = {
        **context.fingerprint,
        "vote": vote_id,
        "code_digest": digests.code_digest(context.key, code),
        "ballot_id": uuid.uuid4(),
        "choices": encode(stored_choices),
        "points": encode(stored_points),
        "ballot_digest": digests.ballot_digest(context.key, code),
        "idempotency_key": idempotency_key,
        "receipt_digest": digests.receipt_digest(receipt),
    }
    with connection.cursor() as cursor:
        cursor.execute(_statement(), params)
        inserted = cursor.rowcount == 1
    return CastResult(receipt, repeated=False) if inserted else None
