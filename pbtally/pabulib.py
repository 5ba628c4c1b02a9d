"""Read and write pabulib ``.pb`` files (https://pabulib.org/format).

A file has three ``;``-separated sections: META (``key;value``), PROJECTS (``project_id;cost;...``)
and VOTES (``voter_id;vote;...`` with ``vote`` a comma-separated list of project ids, best first
for ordinal ballots, and ``points`` parallel to it for cumulative/scoring ballots). Fields may be
double-quoted CSV-style.

Speed matters: Wroclaw 2020 has ~90,000 vote lines, and parsing dominates a greedy tally. Section
boundaries are found with one regex over the whole text, and a vote line is handled with a plain
``str.split`` unless it contains a quote; project ids are mapped to indices with a dict lookup done
by ``map`` at C speed.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

from .errors import PabulibError
from .model import BallotKind, BallotRules, Election, Money, Project, to_money

_SECTION = re.compile(r"^[ \t]*(META|PROJECTS|VOTES)[ \t;]*$", re.MULTILINE)
_SECTION_ANY_CASE = re.compile(
    r"^[ \t]*(META|PROJECTS|VOTES)[ \t;]*$", re.MULTILINE | re.IGNORECASE
)
_CORE_PROJECT = ("project_id", "cost", "name", "category")
_CORE_VOTE = ("voter_id", "vote", "points")


def read_pabulib(path: str | Path, *, keep_extra: bool = False) -> Election:
    """Parse the file at ``path``; see :func:`parse_pabulib`."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PabulibError("unreadable", path=str(path), reason=str(exc)) from exc
    return parse_pabulib(text, keep_extra=keep_extra)


def parse_pabulib(text: str, *, keep_extra: bool = False) -> Election:
    """Parse pabulib text into an :class:`Election`.

    Project columns other than id/cost/name/category (``votes``, ``score``, ``selected``, ...) are
    always kept in ``project_extra``. Voter columns other than id/vote/points are kept in
    ``voter_extra`` only with ``keep_extra`` (needed to write the file back unchanged, not to
    tally), because building 100,000 dicts would double the parse time.
    """
    # The parse allocates ~10 containers per ballot and no cycles; the cyclic GC would otherwise
    # rescan the growing heap many times over (measured: 2x slower on Wroclaw 2020).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, keep_extra)
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse(text: str, keep_extra: bool) -> Election:
    sections = _split_sections(text)
    for name in ("META", "PROJECTS", "VOTES"):
        if name not in sections:
            raise PabulibError("missing_section", section=name)
    meta = _parse_meta(*sections["META"])
    projects, extra = _parse_projects(*sections["PROJECTS"])
    if "budget" not in meta:
        raise PabulibError("missing_budget")
    try:
        budget: Money = to_money(meta["budget"])
    except ValueError:
        raise PabulibError("bad_meta_number", field="budget", value=meta["budget"]) from None
    rules = rules_from_meta(meta)
    ballots, points, voter_ids, voter_extra = _parse_votes(
        *sections["VOTES"],
        projects,
        weighted=rules.kind in (BallotKind.CUMULATIVE, BallotKind.SCORE),
        keep_extra=keep_extra,
    )
    return Election(
        projects=projects,
        ballots=ballots,
        budget=budget,
        rules=rules,
        points=points,
        meta=meta,
        voter_ids=voter_ids,
        project_extra=extra,
        voter_extra=voter_extra,
    )


def rules_from_meta(meta: dict[str, str]) -> BallotRules:
    """Map pabulib META keys (vote_type, min/max_length, max_points...) to :class:`BallotRules`."""

    def number(key: str) -> int | None:
        value = meta.get(key, "").strip()
        if not value:
            return None
        try:
            return int(float(value))
        except ValueError:
            raise PabulibError("bad_meta_number", field=key, value=value) from None

    try:
        kind = BallotKind.parse(meta.get("vote_type", "approval"))
    except ValueError:
        kind = BallotKind.APPROVAL
    max_points = number("max_points")
    if kind is BallotKind.SCORE:
        return BallotRules(
            kind=kind,
            min_score=number("min_points") or 0,
            max_score=max_points,
            max_choices=number("max_length"),
            min_choices=number("min_length"),
        )
    return BallotRules(
        kind=kind,
        max_choices=number("max_length"),
        min_choices=number("min_length"),
        max_points_per_bid=max_points,
        max_total_points=number("max_sum_points"),
        ordinal_places=number("max_length") if kind is BallotKind.ORDINAL else None,
    )


def _split_sections(text: str) -> dict[str, tuple[list[str], int]]:
    """Map section name to (its lines after the marker, 1-based line number of the first)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    found = list(_SECTION.finditer(text))
    if len(found) < 3:  # the case-insensitive scan is twice as slow, so only as a fallback
        found = list(_SECTION_ANY_CASE.finditer(text))
    marks = [(text.count("\n", 0, m.start()), m.group(1).upper()) for m in found]
    if not marks:
        raise PabulibError("missing_section", section="META")
    if any(line.strip() for line in lines[: marks[0][0]]):
        raise PabulibError("no_section", line=1)
    out: dict[str, tuple[list[str], int]] = {}
    for i, (start, name) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(lines)
        out[name] = (lines[start + 1 : end], start + 2)
    return out


def _rows(lines: list[str]) -> list[list[str]]:
    """CSV-parse a small section (META, PROJECTS); quoted fields may hold ``;`` or newlines."""
    return [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=";") if row]


def _parse_meta(lines: list[str], first: int) -> dict[str, str]:
    rows = _rows(lines)
    meta: dict[str, str] = {}
    for row in rows[1:]:  # first row is the "key;value" header
        meta[row[0].strip()] = row[1].strip() if len(row) > 1 else ""
    return meta


def _parse_projects(lines: list[str], first: int) -> tuple[list[Project], list[dict[str, str]]]:
    rows = _rows(lines)
    if not rows:
        raise PabulibError("missing_column", section="PROJECTS", column="project_id")
    header = [h.strip() for h in rows[0]]
    for column in ("project_id", "cost"):
        if column not in header:
            raise PabulibError("missing_column", section="PROJECTS", column=column)
    projects: list[Project] = []
    extras: list[dict[str, str]] = []
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=first + 1):
        if len(row) != len(header):
            raise PabulibError("bad_row", line=n, expected=len(header), found=len(row))
        record = dict(zip(header, row, strict=True))
        pid = record["project_id"].strip()
        if pid in seen:
            raise PabulibError("duplicate_project", line=n, project=pid)
        seen.add(pid)
        try:
            cost = to_money(record["cost"])
        except ValueError:
            raise PabulibError("bad_number", line=n, field="cost", value=record["cost"]) from None
        category = record.get("category") or None
        projects.append(Project(pid, cost, category, record.get("name", "")))
        extras.append({k: v for k, v in record.items() if k not in _CORE_PROJECT})
    return projects, extras


VotesParse = tuple[
    list[tuple[int, ...]], list[tuple[int, ...]] | None, list[str], list[dict[str, str]] | None
]


def _parse_votes(
    lines: list[str],
    first: int,
    projects: list[Project],
    *,
    weighted: bool,
    keep_extra: bool,
) -> VotesParse:
    """Parse vote lines column-wise; anything unusual falls back to the line-by-line parser.

    The fast path splits every line, transposes with ``zip`` and converts each *distinct* vote
    string once (choose-1 elections have as many distinct votes as projects), so the per-line
    Python work is a split and two dict lookups. The slow path reports the exact bad line.
    """
    if not lines:
        raise PabulibError("missing_column", section="VOTES", column="vote")
    header = [h.strip() for h in next(csv.reader([lines[0]], delimiter=";"))]
    if "vote" not in header:
        raise PabulibError("missing_column", section="VOTES", column="vote")
    body = lines[1:]
    while body and not body[-1].strip():
        body.pop()
    width = len(header)
    used = max(header.index(c) for c in _CORE_VOTE if c in header) + 1
    joined = "\n".join(body)
    # Cheap whole-section checks keep the fast path honest: no quotes, and the right number of
    # separators overall (a short line also fails the indexing below).
    if keep_extra or '"' in joined or joined.count(";") != (width - 1) * len(body):
        return _parse_votes_slow(lines, first, projects, header, weighted, keep_extra)
    try:
        columns = list(zip(*[line.split(";", used) for line in body], strict=True))
    except ValueError:
        return _parse_votes_slow(lines, first, projects, header, weighted, keep_extra)
    if not columns:
        columns = [()] * (used + 1)
    index = {p.id: i for i, p in enumerate(projects)}.__getitem__
    votes = columns[header.index("vote")]
    try:
        table = {v: tuple(map(index, v.split(","))) if v else () for v in set(votes)}
        ballots = list(map(table.__getitem__, votes))
        points = None
        if weighted and "points" in header:
            marks = columns[header.index("points")]
            ptable = {m: tuple(map(int, m.split(","))) if m else () for m in set(marks)}
            points = list(map(ptable.__getitem__, marks))
            if any(len(b) != len(p) for b, p in zip(ballots, points, strict=True)):
                raise ValueError
    except (KeyError, ValueError):
        return _parse_votes_slow(lines, first, projects, header, weighted, keep_extra)
    if "voter_id" in header:
        voter_ids = list(columns[header.index("voter_id")])
    else:
        voter_ids = [str(i) for i in range(1, len(ballots) + 1)]
    return ballots, points, voter_ids, None


def _parse_votes_slow(
    lines: list[str],
    first: int,
    projects: list[Project],
    header: list[str],
    weighted: bool,
    keep_extra: bool,
) -> VotesParse:
    """Line-by-line parser: handles quotes and spaces, and names the line of any error."""
    i_vote = header.index("vote")
    i_voter = header.index("voter_id") if "voter_id" in header else None
    i_points = header.index("points") if "points" in header and weighted else None
    lookup = {p.id: i for i, p in enumerate(projects)}
    ballots: list[tuple[int, ...]] = []
    points: list[tuple[int, ...]] = []
    voter_ids: list[str] = []
    extras: list[dict[str, str]] = []
    for n, line in enumerate(lines[1:], start=first + 1):
        if not line.strip():
            continue
        row = next(csv.reader([line], delimiter=";"))
        if len(row) != len(header):
            raise PabulibError("bad_row", line=n, expected=len(header), found=len(row))
        ids = [pid.strip() for pid in row[i_vote].split(",") if pid.strip()]
        for pid in ids:
            if pid not in lookup:
                raise PabulibError("unknown_project", line=n, project=pid)
        ballots.append(tuple(lookup[pid] for pid in ids))
        voter_ids.append(row[i_voter] if i_voter is not None else str(len(ballots)))
        if i_points is not None:
            text = row[i_points]
            try:
                marks = tuple(int(m) for m in text.split(",") if m.strip())
            except ValueError:
                raise PabulibError("bad_number", line=n, field="points", value=text) from None
            if len(marks) != len(ids):
                raise PabulibError("points_mismatch", line=n, votes=len(ids), points=len(marks))
            points.append(marks)
        if keep_extra:
            extras.append({h: v for h, v in zip(header, row, strict=True) if h not in _CORE_VOTE})
    return (
        ballots,
        points if i_points is not None else None,
        voter_ids,
        extras if keep_extra else None,
    )


def format_pabulib(election: Election, selected: Iterable[str] | None = None) -> str:
    """Serialise ``election`` in pabulib format; :func:`parse_pabulib` reads it back unchanged.

    META keeps its keys (``num_projects``, ``num_votes`` and ``budget`` are refreshed); PROJECTS
    starts ``project_id;cost`` and keeps extra columns; ``selected`` (if given) sets the 0/1
    column. VOTES has ``voter_id;vote`` plus ``points`` for cumulative/scoring ballots.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta.update(
        num_projects=str(len(election.projects)),
        num_votes=str(election.num_voters),
        budget=_money_text(election.budget),
        vote_type=election.rules.kind.value,
    )
    out.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())

    extras = election.project_extra or [{} for _ in election.projects]
    chosen = None if selected is None else set(selected)
    extra_cols: list[str] = []
    for record in extras:
        extra_cols += [k for k in record if k not in extra_cols and k != "selected"]
    has_name = any(p.name for p in election.projects)
    has_category = any(p.category for p in election.projects)
    has_selected = chosen is not None or any("selected" in r for r in extras)
    header = ["project_id", "cost", *extra_cols]
    header += ["name"] * has_name + ["category"] * has_category + ["selected"] * has_selected
    out.write("PROJECTS\n")
    writer.writerow(header)
    for project, record in zip(election.projects, extras, strict=True):
        row = [project.id, _money_text(project.cost), *(record.get(k, "") for k in extra_cols)]
        row += [project.name] * has_name + [project.category or ""] * has_category
        if has_selected:
            row.append(
                record.get("selected", "") if chosen is None else str(int(project.id in chosen))
            )
        writer.writerow(row)

    weighted = election.points is not None and election.rules.kind in (
        BallotKind.CUMULATIVE,
        BallotKind.SCORE,
    )
    voter_extra = election.voter_extra
    vcols: list[str] = []
    for record in voter_extra or []:
        vcols += [k for k in record if k not in vcols]
    out.write("VOTES\n")
    writer.writerow(["voter_id", "vote", *(["points"] if weighted else []), *vcols])
    ids = [p.id for p in election.projects]
    voter_ids = election.voter_ids or [str(i) for i in range(1, election.num_voters + 1)]
    for v, ballot in enumerate(election.ballots):
        row = [voter_ids[v], ",".join(ids[c] for c in ballot)]
        if weighted:
            row.append(",".join(map(str, election.points[v])))  # type: ignore[index]
        if voter_extra is not None:
            row += [voter_extra[v].get(k, "").replace("\n", " ") for k in vcols]
        writer.writerow(row)
    return out.getvalue()


def write_pabulib(
    election: Election, path: str | Path, selected: Iterable[str] | None = None
) -> None:
    """Write :func:`format_pabulib` output to ``path`` (UTF-8)."""
    Path(path).write_text(format_pabulib(election, selected), encoding="utf-8")


def _money_text(value: Money) -> str:
    """Exact decimal text for an amount (pabulib budgets such as ``1538904.42``)."""
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 50
        text = str(Decimal(value.numerator) / Decimal(value.denominator))
    if Fraction(text) != value:  # not a terminating decimal: keep the exact ratio
        return f"{value.numerator}/{value.denominator}"
    return text
