"""Domain exceptions of the tally engine.

The engine must not import Django, so messages are not wrapped in ``gettext_lazy`` here. Every
exception instead carries a stable machine ``code`` and a ``params`` dict: the Django layer maps
``code`` to a translatable message and formats it with ``params``. ``str(exc)`` is a plain English
fallback for logs and the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class TallyError(Exception):
    """Base class: ``code`` identifies the problem, ``params`` fill the message template."""

    #: English templates by code; the web layer keeps its own translatable copies keyed by code.
    templates: Mapping[str, str] = {}

    def __init__(self, code: str, message: str | None = None, **params: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = params
        if message is None:
            template = self.templates.get(code, code)
            try:
                message = template.format(**params)
            except (KeyError, IndexError):  # a template/param mismatch must not hide the error
                message = f"{template} {params!r}"
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class BallotError(TallyError):
    """A ballot breaks the rules of its ballot type (raised by ``validate_ballot``)."""

    templates = {
        "unknown_bid": "Unknown bid {bid!r}.",
        "duplicate_bid": "Bid {bid!r} appears more than once.",
        "too_many_choices": "Too many choices: {count} given, at most {maximum} allowed.",
        "too_few_choices": "Too few choices: {count} given, at least {minimum} required.",
        "points_mismatch": "The ballot has {choices} bids but {points} point values.",
        "points_not_integer": "Points for bid {bid!r} must be a whole number.",
        "negative_points": "Points for bid {bid!r} must not be negative ({points} given).",
        "points_over_bid_limit": (
            "Bid {bid!r} was given {points} points, more than the {maximum} allowed per bid."
        ),
        "points_over_total": "{total} points were spread, more than the {maximum} allowed.",
        "score_out_of_range": (
            "Score {score} for bid {bid!r} is outside the range {minimum}-{maximum}."
        ),
        "missing_score": "Bid {bid!r} was not scored; every bid must be scored.",
        "over_budget": "The chosen bids cost {total}, more than the budget of {budget}.",
        "unexpected_points": "This ballot type takes no points.",
    }


class PabulibError(TallyError):
    """A ``.pb`` file could not be read; ``params`` carry the line number when known."""

    templates = {
        "no_section": "Line {line}: data before any META, PROJECTS or VOTES section.",
        "missing_section": "The file has no {section} section.",
        "missing_column": "The {section} section has no {column!r} column.",
        "bad_number": "Line {line}: {field} {value!r} is not a number.",
        "bad_meta_number": "META {field} {value!r} is not a number.",
        "unknown_project": "Line {line}: vote for unknown project {project!r}.",
        "duplicate_project": "Line {line}: project {project!r} is listed twice.",
        "bad_row": "Line {line}: expected {expected} fields, found {found}.",
        "points_mismatch": "Line {line}: {votes} votes but {points} points.",
        "missing_budget": "META has no budget.",
        "unreadable": "Cannot read {path}: {reason}.",
    }


class RuleError(TallyError):
    """The rule or its parameters are unknown or inconsistent with the election."""

    templates = {
        "unknown_rule": "Unknown rule {rule!r}; known rules: {known}.",
        "unknown_policy": "Unknown funding policy {policy!r}; known: {known}.",
        "bad_threshold": "Invalid threshold {threshold!r}.",
        "no_threshold": "Rule greedy-threshold needs a threshold.",
        "bad_utility": "Unknown utility {utility!r}; known: cost, score.",
        "bad_comparison": (
            "Unknown comparison {comparison!r}; known: none, satisfaction, exclusion."
        ),
        "bad_category_budget": "Category budgets ({total}) exceed the budget ({budget}).",
        "unknown_category": "Category {category!r} has a pot but no bids.",
    }
