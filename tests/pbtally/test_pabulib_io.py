"""pabulib reader/writer: real files, quoting, errors with line numbers, and round trips."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbtally import (
    BallotKind,
    Election,
    PabulibError,
    Project,
    format_pabulib,
    parse_pabulib,
    read_pabulib,
    tally,
    write_pabulib,
)
from pbtally.model import BallotRules
from tests.pabulib_files import PABULIB

SMALL = [f for f in sorted(PABULIB.glob("*.pb")) if f.stat().st_size < 2_000_000]

SAMPLE = (
    "META\r\nkey;value\r\nbudget;1000.50\r\nvote_type;cumulative\r\nrule;greedy\r\n"
    "max_sum_points;5\r\nPROJECTS\r\nproject_id;cost;name;category\r\n"
    '1;600;"Park; ""green"" corner";env\r\n2;400.25;Lights;\r\n'
    "VOTES\r\nvoter_id;vote;points;age\r\na;1,2;3,2;40\r\nb;2;5;\r\n"
)


def same(a: Election, b: Election) -> None:
    assert a.projects == b.projects
    assert a.ballots == b.ballots
    assert a.points == b.points
    assert a.budget == b.budget
    assert a.rules == b.rules
    assert a.voter_ids == b.voter_ids
    assert a.project_extra == b.project_extra
    assert a.voter_extra == b.voter_extra


def test_parses_quotes_crlf_decimals_and_points() -> None:
    election = parse_pabulib(SAMPLE, keep_extra=True)
    assert election.budget == Fraction(2001, 2)
    assert election.projects[0] == Project("1", 600, "env", 'Park; "green" corner')
    assert election.projects[1].cost == Fraction(160_100, 400)
    assert election.projects[1].category is None
    assert election.rules.kind is BallotKind.CUMULATIVE
    assert election.rules.max_total_points == 5
    assert election.ballots == [(0, 1), (1,)]
    assert election.points == [(3, 2), (5,)]
    assert election.voter_ids == ["a", "b"]
    assert election.voter_extra == [{"age": "40"}, {"age": ""}]


def test_fast_and_careful_paths_agree() -> None:
    quoted = SAMPLE.replace("a;1,2;3,2;40", 'a;"1,2";3,2;40')
    fast = parse_pabulib(SAMPLE.replace('"Park; ""green"" corner"', "Park"))
    careful = parse_pabulib(quoted.replace('"Park; ""green"" corner"', "Park"))
    same(fast, careful)


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        (
            "PROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n",
            "missing_section",
            {"section": "META"},
        ),
        (
            "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n"
            "1;1\n2;7\n",
            "unknown_project",
            {"line": 10, "project": "7"},
        ),
        (
            "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;five\nVOTES\nvoter_id;vote\n",
            "bad_number",
            {"line": 6, "field": "cost", "value": "five"},
        ),
        (
            "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n"
            "1;1;x\n",
            "bad_row",
            {"line": 9, "expected": 2, "found": 3},
        ),
        (
            "META\nkey;value\nvote_type;cumulative\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n"
            "VOTES\nvoter_id;vote;points\n1;1;2,3\n",
            "points_mismatch",
            {"line": 10, "votes": 1, "points": 2},
        ),
        (
            "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;name\n1;x\nVOTES\nvoter_id;vote\n",
            "missing_column",
            {"section": "PROJECTS", "column": "cost"},
        ),
        (
            "META\nkey;value\nrule;greedy\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n",
            "missing_budget",
            {},
        ),
        (
            "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n1;6\nVOTES\n"
            "voter_id;vote\n",
            "duplicate_project",
            {"line": 7, "project": "1"},
        ),
    ],
)
def test_malformed_files_say_what_and_where(text: str, code: str, params: dict) -> None:
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text)
    assert caught.value.code == code
    assert caught.value.params == params
    assert str(caught.value)  # a plain English message for logs and the CLI


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PabulibError) as caught:
        read_pabulib(tmp_path / "missing.pb")
    assert caught.value.code == "unreadable"


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.stem)
def test_real_files_round_trip(path: Path, tmp_path: Path) -> None:
    original = read_pabulib(path, keep_extra=True)
    out = tmp_path / path.name
    write_pabulib(original, out)
    again = read_pabulib(out, keep_extra=True)
    same(original, again)
    assert tally(again).selected == tally(original).selected
    text = out.read_text(encoding="utf-8")
    assert text.startswith("META\nkey;value\n")
    assert "\nPROJECTS\nproject_id;cost;" in text
    assert "\nVOTES\nvoter_id;vote" in text


def test_writer_marks_selected_projects() -> None:
    election = parse_pabulib(SAMPLE)
    back = parse_pabulib(format_pabulib(election, selected=["2"]))
    assert back.project_extra == [{"selected": "0"}, {"selected": "1"}]


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


@st.composite
def elections(draw: st.DrawFn) -> Election:
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Za-z0-9./_-]{1,8}", fullmatch=True),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    projects = [
        Project(
            pid,
            draw(st.integers(0, 10**9)),
            draw(st.one_of(st.none(), names.filter(bool))),
            draw(names),
        )
        for pid in ids
    ]
    kind = draw(st.sampled_from([BallotKind.APPROVAL, BallotKind.CUMULATIVE, BallotKind.ORDINAL]))
    ballots = draw(
        st.lists(st.lists(st.integers(0, len(ids) - 1), unique=True).map(tuple), max_size=8)
    )
    points = None
    if kind is BallotKind.CUMULATIVE:
        points = [tuple(draw(st.integers(0, 9)) for _ in b) for b in ballots]
    budget = draw(
        st.one_of(
            st.integers(0, 10**10),
            st.fractions(0, 10**6, max_denominator=100).filter(lambda f: 100 % f.denominator == 0),
        )
    )
    return Election(
        projects=projects,
        ballots=ballots,
        budget=budget.numerator
        if isinstance(budget, Fraction) and budget.denominator == 1
        else budget,
        rules=BallotRules(kind=kind),
        points=points,
        meta={"description": draw(names), "vote_type": kind.value, "budget": "0"},
        voter_ids=[f"v{i}" for i in range(len(ballots))],
        project_extra=[{} for _ in projects],
    )


@settings(max_examples=80, deadline=None)
@given(elections())
def test_generated_elections_round_trip(election: Election) -> None:
    again = parse_pabulib(format_pabulib(election))
    assert again.projects == election.projects
    assert again.ballots == election.ballots
    assert again.points == election.points
    assert again.budget == election.budget
    assert again.rules.kind == election.rules.kind
