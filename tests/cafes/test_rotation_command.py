"""The plan_rotation management command, run as an organiser would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "plan_rotation", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
        timeout=120,
        check=False,
    )


def test_json_plan_with_hosts() -> None:
    done = run("--tables", "5", "--size", "4", "--rounds", "4", "--hosts", "--seed", "7", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"rounds", "hosts", "repeats"}
    assert out["hosts"] == [1, 2, 3, 4, 5]
    assert len(out["rounds"]) == 4
    met: dict[frozenset[int], int] = {}
    for rnd in out["rounds"]:
        assert len(rnd) == 5
        assert sorted(p for table in rnd for p in table) == list(range(1, 21))
        for i, table in enumerate(rnd, start=1):
            assert table[0] == i  # host i stays at table i
            for pair in combinations(table, 2):
                met[frozenset(pair)] = met.get(frozenset(pair), 0) + 1
    assert out["repeats"] == sum(n - 1 for n in met.values()) == 0
    again = run("--tables", "5", "--size", "4", "--rounds", "4", "--hosts", "--seed", "7", "--json")
    assert again.stdout == done.stdout, "deterministic for a seed"


def test_the_original_social_golfer_problem_has_no_repeats() -> None:
    """32 golfers, 8 groups of 4, 10 weeks: everyone meets 30 of the other 31 exactly once."""
    done = run("--tables", "8", "--size", "4", "--rounds", "10", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert len(out["rounds"]) == 10
    met: dict[frozenset[int], int] = {}
    for rnd in out["rounds"]:
        assert sorted(len(t) for t in rnd) == [4] * 8
        assert sorted(p for t in rnd for p in t) == list(range(1, 33))
        for table in rnd:
            for pair in combinations(table, 2):
                met[frozenset(pair)] = met.get(frozenset(pair), 0) + 1
    assert out["repeats"] == 0
    assert set(met.values()) == {1} and len(met) == 10 * 8 * 6


def test_json_plan_with_fewer_people_than_seats() -> None:
    done = run("--tables", "4", "--size", "4", "--rounds", "3", "--people", "14", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["hosts"] == []
    for rnd in out["rounds"]:
        assert sorted(len(t) for t in rnd) == [3, 3, 4, 4]
        assert sorted(p for t in rnd for p in t) == list(range(1, 15))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tables", "0", "--size", "4", "--rounds", "3"], "--tables must be at least 1"),
        (["--tables", "3", "--size", "6", "--rounds", "3"], "at most 5"),
        (["--tables", "3", "--size", "4", "--rounds", "3", "--people", "13"], "do not fit"),
        (["--tables", "3", "--size", "4", "--rounds", "0"], "--rounds must be at least 1"),
    ],
)
def test_bad_arguments_give_a_clear_error(args: list[str], message: str) -> None:
    done = run(*args, "--json")
    assert done.returncode != 0
    assert "CommandError" in done.stderr
    assert message in done.stderr
