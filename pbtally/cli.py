"""Command-line front end shared by ``manage.py tally_pabulib`` and ``python -m pbtally``.

The management command is the documented interface; the module entry point runs the same code
without Django start-up (about a second of imports), for scripts and benchmarks.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .engine import TallyResult, tally
from .errors import TallyError
from .explain import describe, money
from .model import Election
from .pabulib import read_pabulib
from .rules import RULES, parse_rule, rule_from_meta


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of both front ends."""
    parser.add_argument("file", help="path to a .pb file")
    parser.add_argument("--rule", help="override the META rule: " + ", ".join(RULES))
    parser.add_argument(
        "--threshold",
        help="greedy-threshold minimum support, e.g. 1000 or 40%% (default: META "
        "min_project_score_threshold)",
    )
    parser.add_argument("--seed", help="lottery seed for the last tie-break")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--explain", action="store_true", help="with --json: include the steps")


def tally_file(
    path: str, rule: str | None = None, threshold: str | None = None, seed: str | None = None
) -> tuple[Election, TallyResult]:
    """Read ``path`` and tally it with its META rule, or ``rule``; raises :class:`TallyError`."""
    election = read_pabulib(path)
    if threshold is not None:
        spec = parse_rule(
            rule or election.meta.get("rule", "greedy-threshold"), threshold=threshold
        )
    else:
        spec = rule_from_meta(election.meta, rule)
    return election, tally(election, spec, seed=seed)


def summary(result: TallyResult, explain: bool = False) -> dict[str, Any]:
    """``{"rule", "selected", "spent"}`` (plus steps and audit fields with ``explain``)."""
    spent = result.spent
    out: dict[str, Any] = {
        "rule": result.rule,
        "selected": list(result.selected),
        "spent": int(spent) if spent == int(spent) else float(spent),
    }
    if explain:
        full = result.as_dict()
        out.update(
            steps=full["steps"],
            checksum=result.checksum,
            seed=result.seed,
            engine_version=result.engine_version,
        )
    return out


def write_report(election: Election, result: TallyResult, options: dict, out: TextIO) -> None:
    """Print JSON (``options["json"]``) or one English line per step."""
    if options.get("json"):
        text = json.dumps(summary(result, options.get("explain", False)), ensure_ascii=False)
        out.write(text + "\n")  # one call per line: Django's OutputWrapper adds no 2nd newline
        return
    currency = election.meta.get("currency", "")
    currency = f"{currency} " if currency else ""
    for step in result.steps:
        out.write(describe(step, currency) + "\n")
    out.write(
        f"{result.rule}: {len(result.selected)} funded, {money(result.spent, currency)} "
        f"spent of {money(result.budget, currency)}; inputs sha256 {result.checksum}; "
        f"engine {result.engine_version}\n"
    )


def main(argv: Sequence[str] | None = None, prog: str = "python -m pbtally") -> int:
    """``python -m pbtally FILE [--rule RULE] [--json]``; 2 on a bad rule or file.

    ``manage.py tally_pabulib`` lands here too, without Django start-up (see manage.py)."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        election, result = tally_file(
            options["file"], options["rule"], options["threshold"], options["seed"]
        )
    except TallyError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    write_report(election, result, options, sys.stdout)
    return 0
