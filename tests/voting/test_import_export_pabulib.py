"""import_pabulib → tally → export_pabulib → import again: the same count as the engine on the
file, the selected projects pabulib marks, and a file pabutools can read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pbtally import read_pabulib, tally
from tests.factories import AreaFactory
from tests.pabulib_files import PABULIB as SHARED
from voting.models import Ballot, PBVote

pytestmark = pytest.mark.django_db


GENERATED = """META
key;value
description;Generated test election
country;United Kingdom
unit;Testville
instance;2025
num_projects;4
num_votes;6
budget;1000.50
vote_type;cumulative
rule;greedy
max_sum_points;10
max_points;5
currency;GBP
PROJECTS
project_id;cost;votes;name;category;selected
a;400.25;4;Lights;safety;1
b;600;3;Garden;green;1
c;300;2;Club;youth;0
d;250.25;0;Mural;arts;0
VOTES
voter_id;vote;points
1;a,b;5,5
2;a;4
3;b,c;2,3
4;a,c;1,1
5;b;5
6;a;3
"""


def real_files() -> list[str]:
    return sorted(p.name for p in SHARED.glob("*.pb"))


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def round_trip(path: Path, tmp_path: Path) -> None:
    election = read_pabulib(path)
    expected = tally(election)
    area = AreaFactory()
    vote_id = int(run("import_pabulib", str(path), "--area", area.slug))
    vote = PBVote.objects.get(pk=vote_id)
    assert vote.area == area and vote.status == PBVote.Status.CLOSED
    assert Ballot.objects.filter(vote=vote).count() == election.num_voters

    tallied = json.loads(run("tally", str(vote_id), "--json"))
    from_file = json.loads(run("tally_pabulib", str(path), "--json"))
    assert tallied == from_file
    assert vote.tally.checksum == expected.checksum  # same inputs, byte for byte
    marked = [
        p.id
        for p, extra in zip(election.projects, election.project_extra or [], strict=True)
        if extra.get("selected") == "1"
    ]
    if marked:
        assert sorted(tallied["selected"]) == sorted(marked)
    # A second run returns the stored result unchanged.
    assert json.loads(run("tally", str(vote_id), "--json")) == tallied

    out = tmp_path / "export.pb"
    run("export_pabulib", str(vote_id), str(out))
    again_id = int(run("import_pabulib", str(out)))
    assert json.loads(run("tally", str(again_id), "--json")) == tallied
    assert PBVote.objects.get(pk=again_id).tally.checksum == expected.checksum

    from pabutools.election import parse_pabulib

    instance, profile = parse_pabulib(str(out))
    assert len(instance) == len(election.projects)
    assert profile.num_ballots() == election.num_voters


def test_generated_election_round_trips(tmp_path):
    path = tmp_path / "generated.pb"
    path.write_text(GENERATED, encoding="utf-8")
    round_trip(path, tmp_path)


@pytest.mark.parametrize("name", real_files())
def test_real_election_round_trips(name, tmp_path):
    round_trip(SHARED / name, tmp_path)


def test_bad_files_and_ids_fail_cleanly(tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;100\nrule;magic\nPROJECTS\nproject_id;cost\n"
        "a;10\nVOTES\nvoter_id;vote\n1;a\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        run("import_pabulib", str(bad))
    assert caught.value.returncode == 2 and "magic" in str(caught.value)
    with pytest.raises(CommandError):
        run("import_pabulib", str(tmp_path / "missing.pb"))
    with pytest.raises(CommandError):
        run("import_pabulib", str(bad), "--area", "nowhere")
    with pytest.raises(CommandError):
        run("tally", "999999", "--json")
    assert not PBVote.objects.exists()


COMPARED = """META
key;value
description;Generated approval election counted with the comparison step
num_projects;4
num_votes;5
budget;80
vote_type;approval
rule;equalshares/add1-comparison
currency;GBP
PROJECTS
project_id;cost;name;selected
a;80;Bus shelter;0
b;20;Bins;1
c;60;Mural;0
d;20;Planters;1
VOTES
voter_id;vote
1;a,b
2;a,b,c,d
3;a,b,c,d
4;c
5;a
"""


def test_equal_shares_with_comparison_round_trips(tmp_path):
    path = tmp_path / "compared.pb"
    path.write_text(COMPARED, encoding="utf-8")
    round_trip(path, tmp_path)
    vote = PBVote.objects.order_by("pk").last()
    assert vote.rule == "equalshares/add1-comparison"
    assert "rule;equalshares/add1-comparison" in (tmp_path / "export.pb").read_text()
