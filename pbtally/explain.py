"""Structured explanation of a tally, one :class:`Step` per decision.

Steps are data, not prose, so the web layer can translate and format them ("bid 7 funded: 412
points; £2,400 left"). :func:`describe` is the plain English rendering used by the command line
and logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .model import Money


class StepKind(StrEnum):
    FUNDED = "funded"  #: bid funded in full
    PARTIAL = "partial"  #: bid offered the remaining money (partial funding policy)
    SKIPPED = "skipped"  #: bid did not fit the money left; later bids were still tried
    STOPPED = "stopped"  #: bid did not fit and the policy stops funding here
    BELOW_THRESHOLD = "below_threshold"  #: support under the greedy-threshold minimum
    UNAFFORDABLE = "unaffordable"  #: equal shares: supporters' remaining shares cannot pay it
    BUDGET_RAISED = "budget_raised"  #: add1: final virtual per-voter budget
    COMPLETION = "completion"  #: start of greedy completion after equal shares
    POT = "pot"  #: start of a category pot
    TRANSFER = "transfer"  #: a pot's leftover moved to the general pool
    COMPARISON = "comparison"  #: equal shares compared with greedy; which outcome was kept


@dataclass(frozen=True, slots=True)
class Step:
    """One decision. ``support`` is votes/points/score total; ``remaining`` is money left after.

    ``detail`` holds kind-specific values, e.g. ``tie_break`` ("supporters", "cost" or
    "lottery": what put this bid ahead of an equally supported one), ``max_payment`` (equal
    shares: most any supporter paid), ``amount`` (partial funding), ``category`` (pots).
    """

    kind: StepKind
    bid: str | None = None
    support: int | Fraction | None = None
    cost: Money | None = None
    remaining: Money | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (exact fractions become strings)."""

        def plain(value: Any) -> Any:
            if isinstance(value, Fraction):
                return value.numerator if value.denominator == 1 else str(value)
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        return {
            "kind": self.kind.value,
            "bid": self.bid,
            "support": plain(self.support),
            "cost": plain(self.cost),
            "remaining": plain(self.remaining),
            "detail": {k: plain(v) for k, v in self.detail.items()},
        }


def money(value: Money | None, currency: str = "") -> str:
    """Format an exact amount with thousands separators (two decimals when not whole)."""
    if value is None:
        return ""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{currency}{float(value):,.2f}"
    return f"{currency}{int(value):,}"


def describe(step: Step, currency: str = "") -> str:
    """Plain English sentence for ``step`` (the web layer renders its own translations)."""
    bid, left = step.bid, money(step.remaining, currency)
    cost = money(step.cost, currency)
    support = "" if step.support is None else f"{step.support} support"
    tie = step.detail.get("tie_break")
    tie_note = f" (tie broken by {tie})" if tie else ""
    match step.kind:
        case StepKind.FUNDED:
            extra = ""
            if "max_payment" in step.detail:
                extra = (
                    f"; each supporter paid at most {money(step.detail['max_payment'], currency)}"
                )
            return f"bid {bid} funded: {support}, costs {cost}{extra}; {left} left{tie_note}"
        case StepKind.PARTIAL:
            amount = money(step.detail.get("amount"), currency)
            return f"bid {bid} partly funded: {amount} of {cost}; {left} left"
        case StepKind.SKIPPED:
            return f"bid {bid} skipped: costs {cost}, only {left} left{tie_note}"
        case StepKind.STOPPED:
            return f"bid {bid} does not fit (costs {cost}, {left} left): funding stops"
        case StepKind.BELOW_THRESHOLD:
            need = step.detail.get("threshold")
            return f"bid {bid} not eligible: {support}, below the threshold of {need}"
        case StepKind.UNAFFORDABLE:
            return f"bid {bid} not funded: its supporters' remaining shares cannot cover {cost}"
        case StepKind.BUDGET_RAISED:
            per_voter = money(step.detail.get("per_voter"), currency)
            return (
                f"virtual budget raised to {per_voter} per voter ({step.detail.get('runs')} runs)"
            )
        case StepKind.COMPLETION:
            return f"greedy completion with {left} left"
        case StepKind.POT:
            return f"pot {step.detail.get('category')}: {left}"
        case StepKind.COMPARISON:
            d = step.detail
            return (
                f"{d.get('prefer_equal_shares')} voters prefer the equal shares outcome, "
                f"{d.get('prefer_greedy')} the greedy one ({d.get('measure')}): "
                f"kept {d.get('kept')}"
            )
        case StepKind.TRANSFER:
            return (
                f"{money(step.detail.get('amount'), currency)} moved from pot "
                f"{step.detail.get('category')} to the general pool"
            )
    return step.kind.value  # pragma: no cover - exhaustive above
