"""Template tags for the count in words and the money on a ballot (read-only selectors)."""

from __future__ import annotations

from django import template

from ..models import PBVote
from ..selectors.election import category_pots
from ..selectors.explanations import Explained, results_explained, rule_in_words

register = template.Library()


@register.simple_tag
def vote_explained(vote: PBVote, results: dict | None) -> Explained | None:
    """The results in plain words (``voting.selectors.explanations``); None before the count."""
    if not results:
        return None
    options = list(vote.options.order_by("position"))
    return results_explained(vote=vote, record=results["record"], options=options)


@register.simple_tag
def vote_money(vote: PBVote) -> dict:
    """What a ballot says about the money: the total, each category pot and the rest."""
    pots = category_pots(vote)
    ringfenced = sum(pots.values())
    return {
        "budget_pence": vote.budget_pence,
        "pots": list(pots.items()),
        "rest_pence": max(vote.budget_pence - ringfenced, 0),
    }


@register.simple_tag
def vote_rule_in_words(vote: PBVote) -> str:
    return rule_in_words(vote.rule, vote.ballot_type)
