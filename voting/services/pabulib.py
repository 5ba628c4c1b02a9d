"""pabulib files in and out of the database: ``import_pabulib`` and ``export_pabulib``.

An imported election becomes a closed PB vote (source "imported") with one option per project
and one ballot row per voter, written with PostgreSQL COPY. Money is stored in pence (hundredths
of the file's currency unit), so every pabulib amount with at most two decimals round-trips
exactly; the tally sees the same amounts as the file, so its checksum and outcome match
``tally_pabulib`` on the file.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import Area, User
from engagement.services import DomainError, audit_log
from pbtally import RULES, BallotKind, Election, read_pabulib, write_pabulib

from ..ballot_store import money_to_pence, store_ballots
from ..models import Ballot, PBVote, ResultProposal, VoteOption
from ..selectors.election import RULE_FIELDS, vote_election


def _pence(value, what: str) -> int:
    try:
        return money_to_pence(value)
    except (ValueError, ZeroDivisionError):
        raise DomainError(
            _("%(what)s %(value)s has more than two decimal places.")
            % {"what": what, "value": value}
        ) from None


def vote_import_pabulib(
    *, path: str | Path, area: Area | None = None, actor: User | None = None
) -> PBVote:
    """Store a pabulib election as a closed vote; returns it. Raises ``TallyError`` for a file
    the engine cannot read and ``DomainError`` for one we cannot store. All or nothing."""
    election = read_pabulib(path)
    meta = dict(election.meta)
    rule = meta.get("rule", "greedy").strip().lower() or "greedy"
    if rule not in RULES:
        raise DomainError(
            _("Unknown rule %(rule)s; known rules: %(known)s.")
            % {"rule": rule, "known": ", ".join(RULES)}
        )
    rules = election.rules
    params = {f: getattr(rules, f) for f in RULE_FIELDS if getattr(rules, f) not in (None, False)}
    if rule == "greedy-threshold" and meta.get("min_project_score_threshold"):
        params["threshold"] = meta["min_project_score_threshold"]
    budget = _pence(election.budget, _("The budget"))
    costs = [
        _pence(p.cost, _("The cost of project %(id)s") % {"id": p.id}) for p in election.projects
    ]
    extras = election.project_extra or [{} for _p in election.projects]
    weighted = rules.kind in (BallotKind.SCORE, BallotKind.CUMULATIVE)
    title = (meta.get("description") or Path(path).stem)[:200]
    with transaction.atomic():
        vote = PBVote(
            source=PBVote.Source.IMPORTED,
            area=area,
            title=title,
            ballot_type=rules.kind.value,
            rule=rule,
            params=params,
            budget_pence=budget,
            status=PBVote.Status.CLOSED,
            closed_at=timezone.now(),
            meta=meta,
            codes_must_be_issued=False,
            created_by=actor,
        )
        vote.full_clean()
        vote.save()
        VoteOption.objects.bulk_create(
            VoteOption(
                vote=vote,
                position=i,
                project_id=p.id,
                title=(p.name or p.id)[:300],
                cost_pence=cost,
                category=p.category or "",
                extra=extra,
            )
            for i, (p, cost, extra) in enumerate(zip(election.projects, costs, extras, strict=True))
        )
        count = store_ballots(vote.pk, election.ballots, election.points if weighted else None)
        audit_log(
            actor=actor,
            action="vote.import_pabulib",
            subject=vote,
            data={"file": Path(path).name, "ballots": count, "projects": len(costs)},
        )
    return vote


def vote_export_election(vote: PBVote) -> Election:
    """The vote as an election with its pabulib metadata, for writing a file."""
    election = vote_election(vote)
    options = list(vote.options.order_by("position"))
    meta = {k: str(v) for k, v in (vote.meta or {}).items()}
    meta.setdefault("description", vote.title)
    meta.setdefault("country", "United Kingdom")
    meta.setdefault("unit", vote.area.name if vote.area_id else vote.title)
    meta.setdefault("instance", str(vote.created.year))
    meta.setdefault("currency", "GBP")
    meta["rule"] = vote.rule
    rules = election.rules
    if rules.max_choices is not None:
        meta["max_length"] = str(rules.max_choices)
    if rules.min_choices is not None:
        meta["min_length"] = str(rules.min_choices)
    if rules.kind is BallotKind.SCORE:
        meta["min_points"] = str(rules.min_score)
        if rules.max_score is not None:
            meta["max_points"] = str(rules.max_score)
    elif rules.kind is BallotKind.CUMULATIVE:
        if rules.max_points_per_bid is not None:
            meta["max_points"] = str(rules.max_points_per_bid)
        if rules.max_total_points is not None:
            meta["max_sum_points"] = str(rules.max_total_points)
    threshold = (vote.params or {}).get("threshold")
    if vote.rule == "greedy-threshold" and threshold:
        meta["min_project_score_threshold"] = str(threshold)
    changes = list(
        vote.proposals.filter(kind=ResultProposal.Kind.CHANGE, state=ResultProposal.State.APPROVED)
        .order_by("created")
        .values_list("reason", flat=True)
    )
    if changes:
        # ``selected`` stays what the count chose; readers must learn the published result
        # differs and why.
        note = "The count's result was changed by a coordinator afterwards: " + " | ".join(
            " ".join(reason.split()) for reason in changes
        )
        meta["comment"] = "; ".join(filter(None, [meta.get("comment", ""), note]))
    election.meta = meta
    election.project_extra = [
        {k: str(v) for k, v in (o.extra or {}).items() if k != "selected"} for o in options
    ]
    election.voter_ids = [str(i) for i in range(1, election.num_voters + 1)]
    return election


def vote_export_pabulib(*, vote: PBVote, path: str | Path) -> int:
    """Write the vote as a pabulib file (with the ``selected`` column once counted); returns the
    number of ballots written. Ballots are written in a canonical order, never the order cast."""
    election = vote_export_election(vote)
    record = getattr(vote, "tally", None)
    write_pabulib(election, path, selected=record.selected if record is not None else None)
    return election.num_voters


__all__ = ["Ballot", "vote_export_election", "vote_export_pabulib", "vote_import_pabulib"]
