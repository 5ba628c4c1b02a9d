"""The locks that keep ballots and the count consistent.

Lock order, everywhere: the ballot table, then the vote row."""

from __future__ import annotations

from django.db import connection

from ..models import Ballot, PBVote


def lock_vote(vote: PBVote) -> PBVote:
    """``SELECT ... FOR UPDATE`` on the vote row (callers that also lock the ballot table take
    that first)."""
    return PBVote.objects.select_for_update().get(pk=vote.pk)


def lock_ballots_against_inserts() -> None:
    """First thing in a transaction that closes a vote or cancels a card: wait for the ballots
    being inserted right now, and hold new ones back until this commits. The one-statement cast
    (``services.ballot_insert``) takes no row locks and relies on this to see the change.

    Lock order, everywhere: the ballot table, then the vote row. Inserting a ballot locks the
    vote row too (``FOR KEY SHARE``, by the foreign key check), so a transaction that held the
    vote row ``FOR UPDATE`` and then waited for the table would deadlock with it (a test
    found exactly that); see also :func:`lock_vote_for_ballot`."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Ballot._meta.db_table} IN SHARE MODE")  # noqa: S608 - no user input


def lock_vote_for_ballot(vote_id: int) -> PBVote:
    """``SELECT ... FOR SHARE``: many ballots at once, but never while the vote is closing.

    The ballot table is locked for inserting first (``ROW EXCLUSIVE``, which ballots share), so
    this takes its locks in the same order as :func:`lock_ballots_against_inserts`."""
    if connection.vendor != "postgresql":
        return PBVote.objects.get(pk=vote_id)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Ballot._meta.db_table} IN ROW EXCLUSIVE MODE")  # noqa: S608 - no user input
    found = list(
        PBVote.objects.raw(
            f"SELECT * FROM {PBVote._meta.db_table} WHERE id = %s FOR SHARE",  # noqa: S608 - no user input
            [vote_id],
        )
    )
    if not found:
        raise PBVote.DoesNotExist
    return found[0]
