"""Greedy funding: bids in order of support until the money runs out.

Support is the total of marks (votes, points or scores), never support per pound: that is what
the pabulib ``greedy`` rules and UK PB events do. The order is fixed up front by
:func:`support_order`; the funding policy decides what happens when a bid does not fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from .explain import Step, StepKind
from .model import Money, Project
from .rules import FundingPolicy

TIE_CRITERIA = ("supporters", "cost", "lottery")


def support_order(
    candidates: Iterable[int],
    support: Sequence[int],
    supporters: Sequence[int],
    projects: Sequence[Project],
    lottery: Sequence[str],
) -> tuple[list[int], dict[int, str]]:
    """Sort by support, then the documented tie-break; say which criterion split each tie.

    Tie-break: more supporters, then lower cost, then the seeded lottery. The returned dict maps
    a bid to the criterion that put it ahead of the next bid with equal support.
    """

    def key(c: int) -> tuple[int, int, Money, str]:
        return (-support[c], -supporters[c], projects[c].cost, lottery[c])

    order = sorted(candidates, key=key)
    reasons: dict[int, str] = {}
    for a, b in zip(order, order[1:], strict=False):
        ka, kb = key(a), key(b)
        if ka[0] == kb[0]:
            reasons[a] = next(
                name for name, x, y in zip(TIE_CRITERIA, ka[1:], kb[1:], strict=True) if x != y
            )
    return order, reasons


def run_greedy(
    order: Sequence[int],
    budget: Money,
    projects: Sequence[Project],
    support: Sequence[int],
    policy: FundingPolicy,
    reasons: dict[int, str],
    steps: list[Step],
) -> tuple[list[int], dict[int, Money], Money]:
    """Fund ``order`` within ``budget``; returns (funded, partial amounts, money left)."""
    remaining = budget
    funded: list[int] = []
    partial: dict[int, Money] = {}
    for c in order:
        project = projects[c]
        detail = {"tie_break": reasons[c]} if c in reasons else {}
        if project.cost <= remaining:
            remaining -= project.cost
            funded.append(c)
            steps.append(
                Step(StepKind.FUNDED, project.id, support[c], project.cost, remaining, detail)
            )
            continue
        if policy is FundingPolicy.SKIP:
            steps.append(
                Step(StepKind.SKIPPED, project.id, support[c], project.cost, remaining, detail)
            )
            continue
        if policy is FundingPolicy.PARTIAL and remaining > 0:
            partial[c] = remaining
            funded.append(c)
            detail = {**detail, "amount": remaining}
            remaining = Fraction(0) if isinstance(remaining, Fraction) else 0
            steps.append(
                Step(StepKind.PARTIAL, project.id, support[c], project.cost, remaining, detail)
            )
        else:
            steps.append(
                Step(StepKind.STOPPED, project.id, support[c], project.cost, remaining, detail)
            )
        break
    return funded, partial, remaining
