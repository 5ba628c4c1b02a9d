"""What a round's public pages say about its votes (registered with
``budgeting.round_votes`` when the app starts): voting open with a link to the ballot, then a
link to the results, in words that match what the results page itself shows."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from budgeting.round_votes import RoundVoteLink

from .models import PBVote
from .selectors.votes import round_votes


def _link(vote: PBVote) -> RoundVoteLink:
    ballot = reverse("voting:vote_start", kwargs={"pk": vote.pk})
    results = reverse("voting:vote_results", kwargs={"pk": vote.pk})
    name = f"{vote.title} ({vote.split_note})" if vote.split and vote.split_note else vote.title
    if vote.status == PBVote.Status.CANCELLED:
        text = _("The vote “%(vote)s” was cancelled and decided nothing. The reason: %(reason)s")
        return RoundVoteLink(
            "cancelled", text % {"vote": name, "reason": vote.cancel_reason}, results, _("More")
        )
    if vote.is_open():
        text = _("Voting is open: “%(vote)s”.") % {"vote": name}
        return RoundVoteLink("open", text, ballot, _("Vote now"))
    if not vote.is_closed():
        when = (
            formats.date_format(timezone.localtime(vote.opens_at), "j F Y, H:i")
            if (vote.opens_at)
            else ""
        )
        text = (
            _("The vote “%(vote)s” opens on %(when)s.") % {"vote": name, "when": when}
            if when
            else _("The vote “%(vote)s” will open at the PB event.") % {"vote": name}
        )
        return RoundVoteLink("upcoming", text, ballot, _("About the vote"))
    if vote.tally_state != PBVote.TallyState.DONE:
        text = _("Voting has closed: the votes of “%(vote)s” are being counted.") % {"vote": name}
        return RoundVoteLink("counting", text, results, _("Results"))
    if vote.results_confirmed_at is None:
        if vote.announce_provisional:
            text = _("The provisional results of “%(vote)s” are published; they are being checked.")
        else:
            text = _("The votes of “%(vote)s” have been counted; the results are being checked.")
        return RoundVoteLink("checking", text % {"vote": name}, results, _("Results"))
    text = _("The results of “%(vote)s” are confirmed.") % {"vote": name}
    return RoundVoteLink("results", text, results, _("See the results"))


def round_vote_links_for(round) -> list[RoundVoteLink]:
    return [_link(vote) for vote in round_votes(round_id=round.pk)]
