"""Benchmark the PB tally engine against pabutools; prints ratios measured in this one run.

    .venv/bin/python bench/tally.py [--pabulib ../shared/pabulib] [--voters 130000]

1. Greedy on Poland_Wroclaw_2020.pb (89,419 ballots): the whole ``manage.py tally_pabulib``
   command, Python and Django start-up included, against pabutools' parse + greedy; also the
   same code as ``python -m pbtally`` (no Django start-up).
2. Equal shares with add1 on Poland_Swiecie_2023.pb: our parse + tally against pabutools'
   parse + MES with budget-increase completion (step: one unit per voter). Same outcome.
3. A synthetic 130,000-ballot approval election: greedy and equal shares/add1.

Every timed run is a fresh subprocess, so peak memory (max RSS) is per run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

OURS = """
import json, resource, sys, time
t0 = time.perf_counter()
from pbtally import read_pabulib, tally
election = read_pabulib(sys.argv[1])
t1 = time.perf_counter()
result = tally(election, sys.argv[2])
t2 = time.perf_counter()
print(json.dumps({"parse": t1 - t0, "tally": t2 - t1, "selected": sorted(result.selected),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PABUTOOLS = """
import json, resource, sys, time
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import (exhaustion_by_budget_increase, greedy_utilitarian_welfare,
                             method_of_equal_shares)
t0 = time.perf_counter()
instance, profile = parse_pabulib(sys.argv[1])
t1 = time.perf_counter()
if sys.argv[2] == "greedy":
    out = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
else:
    out = exhaustion_by_budget_increase(instance, profile, method_of_equal_shares,
                                        {"sat_class": Cost_Sat},
                                        budget_step=profile.num_ballots())
t2 = time.perf_counter()
print(json.dumps({"parse": t1 - t0, "rule": t2 - t1, "selected": sorted(p.name for p in out),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [PY, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    return json.loads(done.stdout)


def command(path: Path, rule: str) -> tuple[float, dict, float]:
    """Wall time, output and peak RSS (MB) of the management command."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    start = time.perf_counter()
    done = subprocess.run(
        [
            "/usr/bin/time",
            "-f",
            "%M",
            PY,
            "manage.py",
            "tally_pabulib",
            str(path),
            "--rule",
            rule,
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    wall = time.perf_counter() - start
    rss_kb = int(done.stderr.strip().splitlines()[-1])
    return wall, json.loads(done.stdout), rss_kb / 1024


def module_command(path: Path, rule: str) -> tuple[float, dict]:
    """Wall time and output of ``python -m pbtally`` (the same code, no Django)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [PY, "-m", "pbtally", str(path), "--rule", rule, "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - start, json.loads(done.stdout)


def django_startup() -> float:
    """Wall time of the same command with nothing to tally (``--help``): start-up alone."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    start = time.perf_counter()
    subprocess.run(
        [PY, "manage.py", "tally_pabulib", "--help"],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - start


def synthetic(path: Path, voters: int, seed: int = 2024) -> None:
    """An approval election shaped like a city PB: 60 bids, popularity skewed, 1-8 ticks."""
    rng = random.Random(seed)
    projects = 60
    costs = [rng.choice([20, 50, 100, 150, 250, 400, 800]) * 1000 for _ in range(projects)]
    weights = [1 / (i + 1) ** 0.8 for i in range(projects)]
    lines = [
        "META",
        "key;value",
        "description;synthetic benchmark",
        f"num_projects;{projects}",
        f"num_votes;{voters}",
        f"budget;{sum(costs) // 4}",
        "vote_type;approval",
        "rule;equalshares/add1",
        "PROJECTS",
        "project_id;cost;name",
    ]
    lines += [f"{i};{c};Synthetic bid {i}" for i, c in enumerate(costs)]
    lines += ["VOTES", "voter_id;vote"]
    for v in range(voters):
        picks = set(rng.choices(range(projects), weights, k=rng.randint(1, 8)))
        lines.append(f"{v};{','.join(map(str, sorted(picks)))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pabulib", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "pabulib"
    )
    parser.add_argument("--voters", type=int, default=130_000)
    args = parser.parse_args()
    peaks: list[float] = []

    wroclaw = args.pabulib / "Poland_Wroclaw_2020.pb"
    print(f"== greedy, {wroclaw.name}")
    theirs = child(PABUTOOLS, str(wroclaw), "greedy")
    startup = django_startup()
    wall, out, rss = command(wroclaw, "greedy")
    engine = child(OURS, str(wroclaw), "greedy")
    peaks += [rss, engine["rss_mb"]]
    pabu = theirs["parse"] + theirs["rule"]
    same = sorted(out["selected"]) == theirs["selected"]
    print(f"pabutools parse+greedy      {pabu:8.3f} s  (parse {theirs['parse']:.3f})")
    print(
        f"our whole command           {wall:8.3f} s  (Django start-up alone {startup:.3f} s; "
        f"engine parse {engine['parse']:.3f} + greedy {engine['tally']:.3f})"
    )
    print(f"ratio whole command         {pabu / wall:8.1f}x   same outcome: {same}")
    bare, out = module_command(wroclaw, "greedy")
    same = sorted(out["selected"]) == theirs["selected"]
    print(
        f"python -m pbtally   {bare:8.3f} s  whole process, no Django: "
        f"{pabu / bare:.1f}x   same outcome: {same}"
    )
    print(f"ratio engine (parse+tally)  {pabu / (engine['parse'] + engine['tally']):8.1f}x")

    swiecie = args.pabulib / "Poland_Swiecie_2023.pb"
    print(f"== equalshares/add1, {swiecie.name}")
    theirs = child(PABUTOOLS, str(swiecie), "equalshares/add1")
    ours = child(OURS, str(swiecie), "equalshares/add1")
    wall, out, rss = command(swiecie, "equalshares/add1")
    peaks += [ours["rss_mb"], rss]
    pabu = theirs["parse"] + theirs["rule"]
    mine = ours["parse"] + ours["tally"]
    same = ours["selected"] == theirs["selected"] == sorted(out["selected"])
    print(f"pabutools parse+MES+budget increase {pabu:8.3f} s")
    print(f"our parse+equal shares add1         {mine:8.3f} s  (whole command {wall:.3f} s)")
    print(f"ratio                               {pabu / mine:8.1f}x   same outcome: {same}")

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "synthetic.pb"
        synthetic(big, args.voters)
        print(f"== synthetic approval election, {args.voters:,} ballots, 60 bids")
        for rule in ("greedy", "equalshares/add1"):
            start = time.perf_counter()
            run = child(OURS, str(big), rule)
            total = time.perf_counter() - start
            peaks.append(run["rss_mb"])
            print(
                f"{rule:18} parse {run['parse']:.3f} s, tally {run['tally']:.3f} s, "
                f"process {total:.3f} s, peak {run['rss_mb']:.0f} MB, "
                f"{len(run['selected'])} funded"
            )
    print(f"== peak memory of any of our runs: {max(peaks):.0f} MB")


if __name__ == "__main__":
    main()
