"""Every real pabulib election in the shared folder: the engine funds what was really funded.

Files are read in place from ``../shared/pabulib`` (never copied into the repository). The
``selected`` column records the real outcome. A file without that column (Toulouse 2019) is
checked against the file's own ``score``/``votes`` columns instead: our support totals must match
them and the selection must be the greedy order over those published totals.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbtally import BallotKind, Election, read_pabulib, tally
from tests.pabulib_files import PABULIB, REAL_FILES

FILES = REAL_FILES
SMALL = [f for f in FILES if f.stat().st_size < 2_000_000]  # Wroclaw 2020 is for the bench


def test_shared_folder_has_elections() -> None:
    assert len(FILES) >= 7


def published(election: Election, column: str) -> dict[str, str]:
    assert election.project_extra is not None
    return {
        p.id: extra[column]
        for p, extra in zip(election.projects, election.project_extra, strict=True)
        if column in extra
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_engine_selects_what_was_funded(path: Path) -> None:
    election = read_pabulib(path)
    result = tally(election)  # the rule named in META
    assert result.rule == election.meta["rule"]
    selected = published(election, "selected")
    if selected:
        assert set(result.selected) == {pid for pid, flag in selected.items() if flag == "1"}
    else:
        totals = published(election, "score") or published(election, "votes")
        order = sorted(totals, key=lambda pid: -int(totals[pid]))
        cost = {p.id: p.cost for p in election.projects}
        left, expected = election.budget, set()
        for pid in order:  # independent plain greedy over the published totals
            if cost[pid] <= left:
                expected.add(pid)
                left -= cost[pid]
        assert set(result.selected) == expected
    assert result.spent <= election.budget
    assert result.spent == sum(p.cost for p in election.projects if p.id in result.selected)


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.stem)
def test_support_totals_match_published_columns(path: Path) -> None:
    election = read_pabulib(path)
    result = tally(election, "greedy")
    support = {s.bid: s.support for s in result.steps if s.bid is not None}
    column = "score" if election.rules.kind.weighted else "votes"
    if election.rules.kind is BallotKind.ORDINAL:
        column = "score"
    for pid, value in published(election, column).items():
        assert support[pid] == int(value), pid


def test_wroclaw_2020_with_overridden_rule_is_fast_and_consistent() -> None:
    path = PABULIB / "Poland_Wroclaw_2020.pb"
    election = read_pabulib(path)
    skip = tally(election, "greedy")
    stop = tally(election, "greedy-no-skip")
    assert election.num_voters == 89_419
    # Eight 2,000,000 bids exhaust the 16,000,000 budget, so both policies agree here.
    assert skip.selected == stop.selected
    assert skip.spent == stop.spent == 16_000_000
