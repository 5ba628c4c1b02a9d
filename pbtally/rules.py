"""Rule specifications: which rule, with which parameters, parsed from pabulib names.

Rule names follow pabulib's META ``rule`` field:

``greedy``
    fund bids in order of total support (votes, points or score total; never per pound),
    skipping bids that no longer fit.
``greedy-no-skip``
    the same, but stop at the first bid that does not fit.
``greedy-threshold``
    greedy over the bids whose support reaches a threshold: an absolute support
    (pabulib META ``min_project_score_threshold``) or a percentage of the largest possible
    average mark (``"40%"``: average score at least 40% of the maximum score).
``equalshares``
    the Method of Equal Shares alone.
``equalshares/add1``
    MES completed by raising the per-voter budget one unit at a time while the outcome fits the
    real budget (this is what the pabulib elections marked ``equalshares/add1`` used: Assen 2024
    left money unspent rather than fund a further bid greedily).
``equalshares/add1u``
    ``add1`` followed by greedy (by support) for what is left (Peters' "Add1U").
``equalshares/add1-comparison``
    ``add1``, then the comparison step of the equalshares.net tool: keep the equal-shares
    outcome unless more voters prefer the greedy outcome (by satisfaction, the number of funded
    bids a voter supports, or by exclusion, whether a voter has any funded bid at all).

Equal shares options (equalshares.net computation tool): ``integral_endowment`` starts every
voter's share at a whole currency unit (rounded down); ``stop_when_exhaustive=False`` keeps
raising the share past outcomes that already leave no affordable bid, for as long as the
outcome fits the budget (Wieliczka's Green Million 2023 went from 151 zł to 313 zł that way).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from .errors import RuleError
from .model import Money, to_money

RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "equalshares",
    "equalshares/add1",
    "equalshares/add1u",
    "equalshares/add1-comparison",
)

Completion = Literal["none", "add1", "add1u"]
Utility = Literal["cost", "score"]
Comparison = Literal["none", "satisfaction", "exclusion"]
COMPARISONS = ("none", "satisfaction", "exclusion")


class FundingPolicy(StrEnum):
    """What greedy does when the next bid does not fit the money left."""

    SKIP = "skip"  #: pass over it and try cheaper bids further down
    STOP = "stop"  #: stop funding altogether
    PARTIAL = "partial"  #: offer the bid the remainder, then stop


@dataclass(frozen=True, slots=True)
class CategoryPots:
    """Ring-fenced budgets per bid category.

    Each pot is tallied on its own bids with the chosen rule. With ``leftover="pool"`` what a pot
    does not spend moves to the general pool (the budget not assigned to any pot), which then
    funds the remaining bids of every category greedily (skip policy). With ``"keep"`` leftovers
    stay unspent and the general pool only funds uncategorised bids.
    """

    budgets: Mapping[str, Money]
    leftover: Literal["pool", "keep"] = "pool"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule and its parameters; ``canonical()`` is the form hashed into the checksum."""

    name: Literal["greedy", "equalshares"] = "greedy"
    policy: FundingPolicy = FundingPolicy.SKIP
    threshold: Money | None = None
    threshold_fraction: Fraction | None = None
    completion: Completion = "none"
    utility: Utility | None = None
    pots: CategoryPots | None = field(default=None)
    integral_endowment: bool = False
    stop_when_exhaustive: bool = True
    comparison: Comparison = "none"

    @property
    def label(self) -> str:
        """The pabulib-style rule name of this spec."""
        if self.name == "equalshares":
            if self.completion == "none":
                return "equalshares"
            if self.completion == "add1" and self.comparison != "none":
                return "equalshares/add1-comparison"
            return f"equalshares/{self.completion}"
        if self.threshold is not None or self.threshold_fraction is not None:
            return "greedy-threshold"
        return "greedy-no-skip" if self.policy is FundingPolicy.STOP else "greedy"

    def canonical(self) -> dict[str, object]:
        """JSON-safe, order-independent description (exact numbers as strings)."""
        pots = None
        if self.pots is not None:
            pots = {
                "budgets": {k: str(v) for k, v in sorted(self.pots.budgets.items())},
                "leftover": self.pots.leftover,
            }
        options: dict[str, object] = {}
        # Only options that differ from the defaults, so earlier counts keep their checksums.
        if self.integral_endowment:
            options["integral_endowment"] = True
        if not self.stop_when_exhaustive:
            options["stop_when_exhaustive"] = False
        if self.comparison != "none":
            options["comparison"] = self.comparison
        return {
            **options,
            "rule": self.label,
            "policy": self.policy.value,
            "threshold": None if self.threshold is None else str(self.threshold),
            "threshold_fraction": (
                None if self.threshold_fraction is None else str(self.threshold_fraction)
            ),
            "completion": self.completion,
            "utility": self.utility,
            "pots": pots,
        }


def parse_threshold(text: str) -> tuple[Money | None, Fraction | None]:
    """``"1000"`` -> absolute support; ``"40%"`` -> fraction 2/5 of the largest average mark."""
    raw = text.strip()
    try:
        if raw.endswith("%"):
            fraction = Fraction(raw[:-1].strip()) / 100
            if not 0 <= fraction <= 1:
                raise ValueError
            return None, fraction
        value = to_money(raw)
    except (ValueError, ZeroDivisionError):
        raise RuleError("bad_threshold", threshold=text) from None
    if value < 0:
        raise RuleError("bad_threshold", threshold=text)
    return value, None


def parse_rule(name: str, *, threshold: str | None = None, **options: object) -> RuleSpec:
    """Build a :class:`RuleSpec` from a pabulib rule name (see module docstring).

    ``threshold`` is required for ``greedy-threshold``. Other keyword options (``policy``,
    ``utility``, ``pots``) are passed to the spec; a ``policy`` may be given as a string.
    """
    key = name.strip().lower()
    if key not in RULES:
        raise RuleError("unknown_rule", rule=name, known=", ".join(RULES))
    policy = options.pop("policy", None)
    if isinstance(policy, str):
        try:
            policy = FundingPolicy(policy)
        except ValueError:
            known = ", ".join(p.value for p in FundingPolicy)
            raise RuleError("unknown_policy", policy=policy, known=known) from None
    utility = options.get("utility")
    if utility is not None and utility not in ("cost", "score"):
        raise RuleError("bad_utility", utility=utility)
    comparison = options.get("comparison")
    if comparison is not None and comparison not in COMPARISONS:
        raise RuleError("bad_comparison", comparison=comparison)
    if key == "equalshares/add1-comparison":
        spec = RuleSpec(name="equalshares", completion="add1", comparison="satisfaction")
        if comparison == "none":
            options.pop("comparison")
    elif key.startswith("equalshares"):
        completion = key.partition("/")[2] or "none"
        spec = RuleSpec(name="equalshares", completion=completion)  # type: ignore[arg-type]
    else:
        spec = RuleSpec(
            policy=FundingPolicy.STOP if key == "greedy-no-skip" else FundingPolicy.SKIP
        )
        if key == "greedy-threshold":
            if threshold is None:
                raise RuleError("no_threshold")
            absolute, fraction = parse_threshold(threshold)
            spec = replace(spec, threshold=absolute, threshold_fraction=fraction)
    if policy is not None:
        spec = replace(spec, policy=policy)
    return replace(spec, **options)  # type: ignore[arg-type]


def rule_from_meta(meta: Mapping[str, str], override: str | None = None) -> RuleSpec:
    """The rule a pabulib file says it used (or ``override``), with its META threshold."""
    name = override or meta.get("rule", "greedy")
    threshold = meta.get("min_project_score_threshold") or None
    if name.strip().lower() != "greedy-threshold":
        threshold = None
    return parse_rule(name, threshold=threshold)
