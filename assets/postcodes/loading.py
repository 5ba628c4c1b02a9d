"""Loading the postcode directory, and placing offers on it afterwards.

``postcodes_load`` takes rows from ``readers.read_rows`` and writes them in batches, one
``INSERT ... ON CONFLICT (postcode) DO UPDATE`` per batch, each batch its own transaction: a
2.7-million-row ONSPD never sits in memory or in one huge transaction, an interrupted run can
simply be started again, and running it twice leaves the same table (rows are updated in
place, never duplicated). A postcode that a later file marks terminated gets its date; one that
comes back into use loses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.utils import timezone

from engagement.services import audit_log

from ..geo import normalise_postcode
from .lookup import split
from .models import Postcode
from .readers import PostcodeRow

BATCH_SIZE = 5000
UPDATED_FIELDS = [
    "sector",
    "district",
    "latitude",
    "longitude",
    "terminated_on",
    "source",
    "loaded_at",
]


@dataclass
class LoadResult:
    written: int = 0  # inserted or updated
    terminated: int = 0  # of those, no longer in use
    skipped_terminated: int = 0
    skipped_no_position: int = 0
    skipped_unreadable: list[str] = field(default_factory=list)  # the first few, for the report
    unreadable_count: int = 0
    skipped_northern_ireland: int = 0


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _postcode_rows(
    rows: Iterable[PostcodeRow],
    result: LoadResult,
    *,
    include_terminated: bool,
    include_northern_ireland: bool,
) -> Iterator[Postcode]:
    now = timezone.now()
    for row in rows:
        try:
            normal = normalise_postcode(row.postcode)
        except ValueError:
            normal = ""
        full, sector, district = split(normal) if normal else ("", "", "")
        if not full:
            result.unreadable_count += 1
            if len(result.skipped_unreadable) < 5:
                result.skipped_unreadable.append(row.postcode)
            continue
        if row.latitude is None or row.longitude is None:
            result.skipped_no_position += 1
            continue
        if row.terminated_on and not include_terminated:
            result.skipped_terminated += 1
            continue
        if district.startswith("BT") and not include_northern_ireland:
            result.skipped_northern_ireland += 1
            continue
        result.terminated += 1 if row.terminated_on else 0
        yield Postcode(
            postcode=full,
            sector=sector,
            district=district,
            latitude=row.latitude,
            longitude=row.longitude,
            terminated_on=row.terminated_on,
            source=row.source,
            loaded_at=now,
        )


def postcodes_load(
    *,
    rows: Iterable[PostcodeRow],
    include_terminated: bool = True,
    include_northern_ireland: bool = True,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Insert or update every readable row with a position; returns what was done.

    Idempotent: the same file loaded twice gives the same table. Terminated postcodes are kept
    (an old offer or an old letter may still carry one) with the month they ended, unless
    ``include_terminated`` is False. Writes one audit row at the end."""
    result = LoadResult()
    sources: set[str] = set()
    postcodes = _postcode_rows(
        rows,
        result,
        include_terminated=include_terminated,
        include_northern_ireland=include_northern_ireland,
    )
    for batch in _batches(postcodes, batch_size):
        # The same postcode twice in one statement would make PostgreSQL refuse the batch.
        unique = list({p.postcode: p for p in batch}.values())
        sources.update(p.source for p in unique)
        with transaction.atomic():
            Postcode.objects.bulk_create(
                unique,
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=UPDATED_FIELDS,
            )
        result.written += len(unique)
        if progress:
            progress(result.written)
    audit_log(
        actor=None,
        action="asset.postcodes.import",
        data={
            "sources": sorted(sources),
            "written": result.written,
            "terminated": result.terminated,
        },
    )
    return result


def offers_place(*, replace_points: bool = False) -> int:
    """Give offers the point of their postcode from the directory: individuals at their
    sector's centre, organisations at their own postcode. Only offers with no point unless
    ``replace_points`` (which also replaces points typed in by hand). Returns how many moved."""
    from ..geo import coarse_point, postcode_point
    from ..models import Offer

    offers = Offer.objects.exclude(postcode="")
    if not replace_points:
        offers = offers.filter(latitude__isnull=True)
    moved = 0
    cache: dict[tuple[str, bool], tuple[float, float] | None] = {}
    rows = offers.values_list("pk", "postcode", "offerer_kind", "latitude", "longitude")
    for pk, postcode, offerer_kind, lat, lon in rows.iterator(chunk_size=2000):
        coarse = offerer_kind == "individual"
        key = (postcode, coarse)
        if key not in cache:
            cache[key] = coarse_point(postcode) if coarse else postcode_point(postcode)
        point = cache[key]
        if point is None or point == (lat, lon):
            continue
        Offer.objects.filter(pk=pk).update(latitude=point[0], longitude=point[1])
        moved += 1
    if moved:
        audit_log(actor=None, action="asset.offer.place", data={"count": moved})
    return moved
