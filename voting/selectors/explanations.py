"""The count in plain words: the rule as people say it, every bid's support, what each category
pot did, and for every bid the count left out a sentence saying why.

Everything is worked out from the steps the tally engine stored with the count
(``TallyRecord.steps``), never recomputed, so the words always match the count that was run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgeting.money import format_pence

from ..models import BallotType, PBVote, TallyRecord, VoteOption

GENERAL = None  #: the ``category`` of the general pot in the engine's steps


def pence(value: Any) -> int | None:
    """Step amounts are pounds (an int, or "a/b" text when not whole) → pence, rounded down."""
    if value is None:
        return None
    return int(Fraction(value) * 100)


def money(value: Any) -> str:
    return format_pence(pence(value))


@dataclass
class BidLine:
    option: VoteOption
    support: int | str | None = None
    funded: bool = False
    reason: str = ""


@dataclass
class PotLine:
    name: str  #: the category, or "" for the general pot
    budget_pence: int
    spent_pence: int = 0
    moved_pence: int = 0  #: left unspent and moved to the general pot
    funded: list[str] = field(default_factory=list)

    @property
    def left_pence(self) -> int:
        return self.budget_pence - self.spent_pence - self.moved_pence


@dataclass
class Explained:
    rule: str
    support_label: str
    bids: list[BidLine]
    pots: list[PotLine]
    left_pence: int
    notes: list[str]  #: the completion and the comparison, in words


def rule_in_words(rule: str, ballot_type: str) -> str:
    """The counting rule as a resident would say it."""
    total = {
        BallotType.SCORE: _("highest total score first"),
        BallotType.CUMULATIVE: _("most points first"),
        BallotType.ORDINAL: _("most ranking points first"),
    }.get(ballot_type, _("most votes first"))
    if rule == "greedy":
        return _("%(order)s, skipping bids that no longer fit") % {"order": total}
    if rule == "greedy-no-skip":
        return _("%(order)s, stopping at the first bid that does not fit") % {"order": total}
    if rule == "greedy-threshold":
        return _("%(order)s, only bids whose support reached the threshold") % {"order": total}
    words = _(
        "equal shares: every voter gets an equal share of the money, and a bid is funded when "
        "its supporters' shares can pay for it"
    )
    if rule in ("equalshares/add1", "equalshares/add1-comparison", "equalshares/add1u"):
        words = _("%(rule)s; the shares are raised £1 at a time while the outcome fits") % {
            "rule": words
        }
    if rule == "equalshares/add1u":
        words = _("%(rule)s; money left then goes to the most supported bids that fit") % {
            "rule": words
        }
    if rule == "equalshares/add1-comparison":
        words = _(
            "%(rule)s; the outcome is then compared with funding %(order)s, and kept unless more "
            "voters prefer that"
        ) % {"rule": words, "order": total}
    return words


def _support_label(ballot_type: str) -> str:
    return {
        BallotType.SCORE: _("Total score"),
        BallotType.CUMULATIVE: _("Points"),
        BallotType.ORDINAL: _("Ranking points"),
    }.get(ballot_type, _("Votes"))


def _reason(step: dict[str, Any], pot: str | None, titles: dict[str, str]) -> str:
    """Why the bid of ``step`` was not funded, in one sentence."""
    kind = step.get("kind")
    detail = step.get("detail") or {}
    values = {
        "cost": money(step.get("cost")),
        "left": money(step.get("remaining")),
        "support": step.get("support"),
        "pot": pot or "",
    }
    if kind == "skipped":
        if pot:
            return (
                _("Needed %(cost)s, only %(left)s was left in the %(pot)s pot when its turn came.")
                % values
            )
        return _("Needed %(cost)s, only %(left)s was left when its turn came.") % values
    if kind == "stopped":
        return (
            _(
                "Needed %(cost)s, only %(left)s was left when its turn came, and this rule stops "
                "at the first bid that does not fit."
            )
            % values
        )
    if kind == "below_threshold":
        return _("Its support (%(support)s) did not reach the threshold of %(threshold)s.") % {
            **values,
            "threshold": detail.get("threshold"),
        }
    if kind == "unaffordable":
        if not step.get("support"):
            return _("Nobody supported it.")
        paid_for = [titles.get(p, p) for p in detail.get("paid_for") or []]
        had = money(detail.get("supporters_had"))
        if paid_for:
            return _(
                "Its supporters' share had already paid for %(bids)s; what they had left "
                "(%(had)s) could not cover its %(cost)s."
            ) % {**values, "bids": get_text_list(paid_for, _("and")), "had": had}
        return _("Its supporters' shares came to %(had)s, less than its %(cost)s.") % {
            **values,
            "had": had,
        }
    return _("The count did not reach it.")


def comparison_note(detail: dict[str, Any]) -> str:
    mes, greedy = detail.get("prefer_equal_shares", 0), detail.get("prefer_greedy", 0)
    values = {"mes": f"{mes:,}", "greedy": f"{greedy:,}"}
    if detail.get("measure") == "exclusion":
        how = _("a voter prefers the outcome that funds at least one bid they voted for")
    else:
        how = _("a voter prefers the outcome that funds more of the bids they voted for")
    if detail.get("kept") == "greedy":
        said = ngettext(
            "%(greedy)s voter prefers the outcome of funding the most supported bids first, "
            "%(mes)s the equal shares one, so that outcome was kept",
            "%(greedy)s voters prefer the outcome of funding the most supported bids first, "
            "%(mes)s the equal shares one, so that outcome was kept",
            greedy,
        )
    else:
        said = ngettext(
            "%(mes)s voter prefers this outcome, %(greedy)s the one funding the most supported "
            "bids first, so equal shares was kept",
            "%(mes)s voters prefer this outcome, %(greedy)s the one funding the most supported "
            "bids first, so equal shares was kept",
            mes,
        )
    return _("%(said)s (%(how)s).") % {"said": said % values, "how": how}


def _raised_note(detail: dict[str, Any]) -> str:
    start, end = detail.get("start_per_voter"), detail.get("per_voter")
    if start is None or Fraction(start) == Fraction(end):
        return _("Each voter's share was %(end)s.") % {"end": money(end)}
    return _(
        "Each voter's share started at %(start)s and was raised to %(end)s while the outcome "
        "still fitted the money."
    ) % {"start": money(start), "end": money(end)}


def results_explained(
    *, vote: PBVote, record: TallyRecord, options: Sequence[VoteOption]
) -> Explained:
    """Every bid with its support and, when the count left it out, why; the category pots."""
    titles = {o.project_id: o.title for o in options}
    lines = {o.project_id: BidLine(o) for o in options}
    pot_budgets = (record.params or {}).get("pots") or {}
    pots: dict[str | None, PotLine] = {}
    if pot_budgets:
        for name, amount in (pot_budgets.get("budgets") or {}).items():
            pots[name] = PotLine(name, pence(amount) or 0)
    last_step: dict[str, tuple[dict[str, Any], str | None]] = {}
    notes: list[str] = []
    current: str | None = GENERAL
    for step in record.steps:
        kind, bid = step.get("kind"), step.get("bid")
        detail = step.get("detail") or {}
        if kind == "pot":
            current = detail.get("category")
            if current is None and pots:
                pots[None] = PotLine("", pence(step.get("remaining")) or 0)
            continue
        if kind == "transfer" and detail.get("category") in pots:
            pots[detail["category"]].moved_pence += pence(detail.get("amount")) or 0
            continue
        if kind == "comparison":
            notes.append(comparison_note(detail))
            continue
        if kind == "budget_raised":
            notes.append(_raised_note(detail))
            continue
        if bid is None or bid not in lines:
            continue
        lines[bid].support = step.get("support")
        if kind in ("funded", "partial"):
            lines[bid].funded = True
            if current in pots:
                pots[current].spent_pence += pence(detail.get("amount") or step.get("cost")) or 0
                pots[current].funded.append(titles.get(bid, bid))
        last_step[bid] = (step, current)
    for bid, line in lines.items():
        if not line.funded and bid in last_step:
            step, pot = last_step[bid]
            line.reason = _reason(step, _("general") if pot is None and pots else pot, titles)
        elif not line.funded:
            line.reason = _("The count did not reach it.")
    return Explained(
        rule=rule_in_words(record.rule, vote.ballot_type),
        support_label=_support_label(vote.ballot_type),
        bids=sorted(lines.values(), key=lambda b: (not b.funded, b.option.position)),
        pots=[pots[k] for k in pots if k is not None] + ([pots[None]] if None in pots else []),
        left_pence=record.left_pence,
        notes=notes,
    )


def category_results(*, record: TallyRecord, options: Sequence[VoteOption]) -> list[PotLine]:
    """Per category pot: its budget, what the count spent from it, what moved on, and its
    funded bids (for dashboards, PDFs and 360Giving). Empty when the round had no pots."""
    vote = record.vote
    return results_explained(vote=vote, record=record, options=options).pots
