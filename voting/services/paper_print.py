"""The printable paper ballot of a vote: the bids in the ballot's drawn order with the words of
the phone ballot, how to mark the paper under the vote's rules, a box for the ballot number and
one for the voting card's code. Standard, large-print and easy-read versions, in English or
Welsh.

Rendered on request (one or a few pages, no secret in it) with the project's WeasyPrint set-up
(``engagement.pdf.render_pdf``: local files only). Each bid is one unbreakable block, so a page
break never splits a bid from its box.
"""

from __future__ import annotations

from django.conf import settings

from budgeting.models import Bid
from engagement.pdf import render_pdf
from pbtally import BallotKind

from ..models import PBVote
from ..selectors.ballot_context import ballot_context
from ..selectors.election import ballot_rules

#: The versions on offer: standard, large print and easy read.
VERSIONS = ("standard", "large", "easy")
TEMPLATE = "voting/pdf/paper_ballot.html"


def paper_ballot_language(requested: str | None, current: str | None) -> str:
    """The language asked for if it is one of the site's, else the page's, else the default."""
    codes = [code for code, _name in settings.LANGUAGES]
    for language in (requested, (current or "")[:2]):
        if language in codes:
            return language
    return settings.LANGUAGE_CODE[:2]


def paper_ballot_context(*, vote: PBVote, version: str = "standard") -> dict:
    """Template context for the paper ballot (two queries after the ballot context)."""
    context = ballot_context(vote_id=vote.pk)
    options = list(context.options) if context is not None else list(vote.options.all())
    groups = dict(
        Bid.objects.filter(pk__in=[o.bid_id for o in options if o.bid_id]).values_list(
            "pk", "group_name"
        )
    )
    rules = ballot_rules(vote)
    kind = rules.kind
    weighted = kind in (BallotKind.SCORE, BallotKind.CUMULATIVE, BallotKind.ORDINAL)
    return {
        "vote": vote,
        "version": version if version in VERSIONS else "standard",
        "bids": [
            {"option": option, "group": groups.get(option.bid_id, ""), "number": n}
            for n, option in enumerate(options, start=1)
        ],
        "kind": kind.value,
        "rules": rules,
        "numbered_box": weighted,
        "ordinal_places": min(
            int(rules.ordinal_places or rules.max_choices or 3), max(len(options), 1)
        ),
        "score_blank_ok": not rules.score_every_bid,
    }


def paper_ballot_pdf(*, vote: PBVote, version: str, language: str) -> tuple[bytes, int]:
    """The paper ballot PDF and its page count."""
    return render_pdf(TEMPLATE, paper_ballot_context(vote=vote, version=version), language=language)
