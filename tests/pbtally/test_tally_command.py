"""``manage.py tally_pabulib`` end to end, in a subprocess like an operator would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pbtally import read_pabulib, tally
from tests.pabulib_files import PABULIB

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "tally_pabulib", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_json_uses_meta_rule_and_matches_funded_projects() -> None:
    path = PABULIB / "Netherlands_Assen_2024.pb"
    done = run(str(path), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["rule"] == "equalshares/add1"
    funded = []
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() in ("META", "PROJECTS", "VOTES"):
            section, header = line.strip(), None
            continue
        if section == "PROJECTS":
            row = line.split(";")
            if row[0] == "project_id":
                header = row
            elif row[header.index("selected")] == "1":
                funded.append((row[0], int(row[header.index("cost")])))
    assert sorted(out["selected"]) == sorted(pid for pid, _ in funded)
    assert out["spent"] == sum(cost for _, cost in funded)
    assert set(out) == {"rule", "selected", "spent"}


def test_rule_override_and_explain() -> None:
    done = run(
        str(PABULIB / "Netherlands_Assen_2024.pb"), "--rule", "greedy", "--json", "--explain"
    )
    out = json.loads(done.stdout)
    assert out["rule"] == "greedy"
    assert out["steps"][0]["kind"] == "funded"
    assert len(out["checksum"]) == 64


def test_unknown_rule_exits_2() -> None:
    done = run(str(PABULIB / "Netherlands_Assen_2024.pb"), "--rule", "borda", "--json")
    assert done.returncode == 2
    assert "Unknown rule 'borda'" in done.stderr
    assert done.stdout == ""


def test_malformed_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;9\n",
        encoding="utf-8",
    )
    done = run(str(bad), "--json")
    assert done.returncode == 2
    assert "Line 9: vote for unknown project '9'" in done.stderr


def test_module_entry_point_runs_without_django(tmp_path: Path) -> None:
    path = PABULIB / "Poland_Krakow_2024_Grzegorzki.pb"
    done = subprocess.run(
        [sys.executable, "-m", "pbtally", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = tally(read_pabulib(path))
    assert json.loads(done.stdout) == {
        "rule": "greedy",
        "selected": list(expected.selected),
        "spent": int(expected.spent),
    }
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;ten\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pbtally", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert "META budget 'ten' is not a number" in done.stderr


def test_engine_imports_no_django() -> None:
    code = (
        "import sys, pbtally, pbtally.cli; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
