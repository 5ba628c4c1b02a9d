"""Moving ballots between the database and the tally engine, fast.

Ballots are stored one row each with their marks as short text (``"3,7,12"`` option positions,
``"5,4,1"`` points): the same shape as a pabulib ``vote`` column, so loading reuses the engine's
trick of converting each *distinct* string once. A city election of 90,000 ballots has far fewer
distinct ballots than rows, so the load is one query plus dictionary lookups.

Bulk writes use PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``); other databases (SQLite for
``make run``) fall back to ``bulk_create`` in large batches.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from fractions import Fraction

from django.db import connection

from pbtally import Money

from .models import Ballot

Marks = tuple[tuple[int, ...], tuple[int, ...] | None]


def pence_to_money(pence: int) -> Money:
    """Engine money is in pounds (as pabulib files are in currency units): exact, int if whole."""
    value = Fraction(int(pence), 100)
    return value.numerator if value.denominator == 1 else value


def money_to_pence(value: Money | str | int) -> int:
    """Exact pounds (int, Fraction or ``"a/b"``/decimal text) to integer pence."""
    amount = Fraction(value) * 100 if not isinstance(value, Fraction) else value * 100
    if amount.denominator != 1:
        raise ValueError(f"{value} is not a whole number of pence")
    return int(amount)


def encode(numbers: Sequence[int] | None) -> str:
    return ",".join(map(str, numbers)) if numbers else ""


def decode(text: str) -> tuple[int, ...]:
    return tuple(map(int, text.split(","))) if text else ()


def load_ballots(
    vote_id: int, *, weighted: bool
) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]] | None]:
    """Every counted ballot of a vote as (choices per ballot, points per ballot or None).

    One query; identical ballots are grouped by the database and expanded here, so the Python
    work grows with the number of *distinct* ballots.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT choices, points, COUNT(*) FROM {Ballot._meta.db_table} "  # noqa: S608 - no user input
            "WHERE vote_id = %s GROUP BY choices, points ORDER BY choices, points",
            [vote_id],
        )
        rows = cursor.fetchall()
    ballots: list[tuple[int, ...]] = []
    points: list[tuple[int, ...]] = []
    for choices, marks, count in rows:
        row = decode(choices)
        ballots.extend([row] * count)
        if weighted:
            points.extend([decode(marks) if marks else (1,) * len(row)] * count)
    return ballots, (points if weighted else None)


def store_ballots(
    vote_id: int,
    ballots: Iterable[tuple[int, ...]],
    points: Iterable[tuple[int, ...]] | None,
    *,
    source: str = Ballot.Source.IMPORTED,
    batch_size: int = 20_000,
) -> int:
    """Insert ballots without codes (imports). Must run inside the caller's transaction.

    Returns the number stored. Marks are not validated here: the caller has.
    """
    rows = zip(ballots, points, strict=True) if points is not None else ((b, None) for b in ballots)
    if connection.vendor == "postgresql":
        count = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            statement = (
                f"COPY {Ballot._meta.db_table} (id, vote_id, source, choices, points) FROM STDIN"
            )
            with raw.copy(statement) as copy:
                for choices, marks in rows:
                    copy.write_row((uuid.uuid4(), vote_id, source, encode(choices), encode(marks)))
                    count += 1
        return count
    objs: list[Ballot] = []
    count = 0
    for choices, marks in rows:
        objs.append(
            Ballot(vote_id=vote_id, source=source, choices=encode(choices), points=encode(marks))
        )
        if len(objs) >= batch_size:
            Ballot.objects.bulk_create(objs)
            count += len(objs)
            objs = []
    Ballot.objects.bulk_create(objs)
    return count + len(objs)
