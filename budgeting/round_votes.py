"""What a round's public pages say about its vote, without budgeting knowing about voting.

Community bids know nothing of PB voting (an import contract), yet a round's page must follow
its vote: "voting is open" with a link to the ballot while it is open, a link to the results
after. The voting app registers a provider here when it starts (``VotingConfig.ready``); the
round's pages show whatever the providers give, in words they already hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


#: What the round's pages show for one vote: ``state`` for the page's own choices (e.g.
#: the shortlist is public once a vote has opened), ``text`` and ``link_text`` in words.
@dataclass(frozen=True)
class RoundVoteLink:
    state: str  # "upcoming", "open", "counting", "checking", "results", "cancelled"
    text: str
    url: str
    link_text: str


#: States in which a vote has opened: the shortlist it votes on is public by then.
STARTED = frozenset({"open", "counting", "checking", "results", "cancelled"})

_providers: list[Callable[[object], list[RoundVoteLink]]] = []


def register_round_vote_provider(provider: Callable[[object], list[RoundVoteLink]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def round_vote_links(round) -> list[RoundVoteLink]:
    """Every registered provider's links for ``round``, in order."""
    return [link for provider in _providers for link in provider(round)]
