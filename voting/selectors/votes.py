"""Reads about PB votes: the register, the live hall screen, results and published receipts.

Nothing here ever returns running totals of an open vote: the only per-bid figures come from a
stored ``TallyRecord``, which exists only after the vote has closed and been counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from budgeting.money import format_pence
from engagement.models import Registration

from ..access import vote_admin_q
from ..models import Ballot, PaperBallot, PBVote, VoteOption, VotingCode


def vote_get(*, pk: int) -> PBVote:
    return PBVote.objects.select_related("event", "round", "area__programme", "tally").get(pk=pk)


def vote_for_ballot(*, pk: int) -> PBVote:
    """The vote alone, for the attendee's ballot requests (the hot path: no joins)."""
    return PBVote.objects.get(pk=pk)


def vote_list(*, user) -> QuerySet[PBVote]:
    """Votes whose admin page the user may open (``voting.access.vote_admin_q``), newest first."""
    return (
        PBVote.objects.filter(vote_admin_q(user))
        .select_related("event", "round", "area")
        .order_by("-created")
    )


def public_vote_list() -> QuerySet[PBVote]:
    return PBVote.objects.filter(source=PBVote.Source.EVENT).exclude(status=PBVote.Status.DRAFT)


def round_votes(*, round_id: int) -> list[PBVote]:
    """A round's votes the public may know of: opened or set to open, cancelled ones only if
    ballots were cast in them (a cancelled vote never shows results, only that it was
    cancelled), oldest first."""
    votes = (
        PBVote.objects.filter(round_id=round_id, source=PBVote.Source.EVENT)
        .exclude(status=PBVote.Status.DRAFT)
        .annotate(ballot_count=Count("ballots"))
        .order_by("created")
    )
    return [v for v in votes if v.status != PBVote.Status.CANCELLED or v.ballot_count]


#: What a results page may show: nothing counted yet, "being checked", the results marked
#: provisional, the confirmed results, or only that the vote was cancelled.
HIDDEN, CHECKING, PROVISIONAL, CONFIRMED, CANCELLED = (
    "hidden",
    "checking",
    "provisional",
    "confirmed",
    "cancelled",
)


def results_visibility(*, vote: PBVote, user) -> str:
    """How much of a vote's results ``user`` may see now (one of the names above). Staff of
    the vote and the programme's second approver see unconfirmed results, marked provisional;
    the public sees "being checked" unless the coordinator chose to announce them on the
    night. A cancelled vote's results are shown to nobody."""
    if vote.status == PBVote.Status.CANCELLED:
        return CANCELLED
    if vote.tally_state != PBVote.TallyState.DONE:
        return HIDDEN
    if vote.results_confirmed_at is not None:
        return CONFIRMED
    if vote.announce_provisional or user.has_perm("voting.see_provisional_results", vote):
        return PROVISIONAL
    return CHECKING


def results_history(*, vote: PBVote) -> list[dict[str, Any]]:
    """Every proposal about the results, newest first, with the bids named: what each change
    proposed instead of what, who proposed it, who approved or rejected it, when and why."""
    titles = dict(vote.options.values_list("project_id", "title"))
    rows = []
    for proposal in vote.proposals.select_related("made_by", "decided_by").order_by(
        "-created", "-pk"
    ):
        rows.append(
            {
                "proposal": proposal,
                "selected": [titles.get(p, p) for p in proposal.selected],
                "replaced": [titles.get(p, p) for p in proposal.replaced],
                "added": [
                    titles.get(p, p) for p in proposal.selected if p not in proposal.replaced
                ],
                "removed": [
                    titles.get(p, p) for p in proposal.replaced if p not in proposal.selected
                ],
            }
        )
    return rows


def vote_options(*, vote: PBVote) -> list[VoteOption]:
    """Ballot options in ballot order with their bids' photos (one query each)."""
    return list(
        vote.options.select_related("bid").prefetch_related("bid__attachments").order_by("position")
    )


def vote_ballot_options(*, vote: PBVote) -> list[VoteOption]:
    """Ballot options in ballot order, without bids or photos: enough to check and record marks
    (review and cast), one query."""
    return list(vote.options.order_by("position"))


@dataclass(frozen=True)
class Register:
    """Reconciliation of codes and ballots: every code and every paper accounted for."""

    codes_printed: int
    codes_issued: int
    codes_void: int
    cast_online: int
    paper_counted: int
    paper_spoilt: int
    paper_awaiting: int
    paper_disputed: int
    imported: int
    paper_on_cards: int = 0  # counted paper ballots handed in with a voting card

    @property
    def codes_unused(self) -> int:
        return max(self.codes_issued - self.cast_online - self.paper_on_cards, 0)

    @property
    def codes_not_handed_out(self) -> int:
        return self.codes_printed - self.codes_issued

    @property
    def counted(self) -> int:
        return self.cast_online + self.paper_counted + self.imported


def vote_register(*, vote: PBVote) -> Register:
    """Three aggregate queries, whatever the size of the vote."""
    code_counts = VotingCode.objects.filter(vote=vote).aggregate(
        printed=Count("pk", filter=~Q(state=VotingCode.State.VOID)),
        issued=Count("pk", filter=Q(state=VotingCode.State.ISSUED)),
        void=Count("pk", filter=Q(state=VotingCode.State.VOID)),
    )
    ballots = Ballot.objects.filter(vote=vote).aggregate(
        online=Count("pk", filter=Q(source=Ballot.Source.ONLINE)),
        paper=Count("pk", filter=Q(source=Ballot.Source.PAPER)),
        paper_on_cards=Count("pk", filter=Q(source=Ballot.Source.PAPER, code_digest__isnull=False)),
        imported=Count("pk", filter=Q(source=Ballot.Source.IMPORTED)),
    )
    papers = PaperBallot.objects.filter(vote=vote).aggregate(
        spoilt=Count("pk", filter=Q(state=PaperBallot.State.SPOILT)),
        awaiting=Count("pk", filter=Q(state=PaperBallot.State.AWAITING_SECOND)),
        disputed=Count("pk", filter=Q(state=PaperBallot.State.DISPUTED)),
    )
    return Register(
        codes_printed=code_counts["printed"],
        codes_issued=code_counts["issued"],
        codes_void=code_counts["void"],
        cast_online=ballots["online"],
        paper_counted=ballots["paper"],
        paper_spoilt=papers["spoilt"],
        paper_awaiting=papers["awaiting"],
        paper_disputed=papers["disputed"],
        imported=ballots["imported"],
        paper_on_cards=ballots["paper_on_cards"],
    )


def vote_live(*, vote: PBVote) -> dict[str, Any]:
    """What the hall screen shows: turnout against the people checked in, and time left.

    Never any per-bid figure: the running totals stay secret until the vote closes.
    """
    ballots = Ballot.objects.filter(vote=vote).count()
    checked_in = 0
    if vote.event_id:
        checked_in = Registration.objects.filter(
            event_id=vote.event_id, checked_in_at__isnull=False
        ).aggregate(people=Coalesce(Sum("party_size"), 0))["people"]
    cards = VotingCode.objects.filter(vote=vote, state=VotingCode.State.ISSUED).count()
    paper = vote.paper_ballots.filter(state=PaperBallot.State.COUNTED).count()
    # Someone handed a card at the issue desk is in the hall, booked or not: the issue desk and
    # the event's check-in count the same people, so the larger is who is present.
    attendance = max(checked_in, cards)
    seconds = vote.seconds_left()
    return {
        # A cancelled vote takes no more ballots: to the hall it is closed.
        "state": "open"
        if vote.is_open()
        else (
            "closed" if vote.is_closed() or vote.status == PBVote.Status.CANCELLED else "waiting"
        ),
        "ballots": ballots,
        "cards_handed_out": cards,
        "paper_keyed": paper,
        "attendance": attendance,
        "turnout_percent": round(100 * ballots / attendance) if attendance else None,
        "seconds_left": seconds,
        "counted": vote.tally_state == PBVote.TallyState.DONE,
    }


def paper_awaiting(*, vote: PBVote) -> QuerySet[PaperBallot]:
    """Paper ballots keyed once, waiting for a different volunteer, by number, with who keyed
    them (so a volunteer sees which they may not key again)."""
    return (
        vote.paper_ballots.filter(state=PaperBallot.State.AWAITING_SECOND)
        .prefetch_related("entries__entered_by")
        .order_by("number")
    )


def paper_disputes(*, vote: PBVote) -> QuerySet[PaperBallot]:
    return (
        vote.paper_ballots.filter(state=PaperBallot.State.DISPUTED)
        .prefetch_related("entries__entered_by")
        .order_by("number")
    )


def receipt_digests(*, vote: PBVote) -> list[str]:
    """The published list: SHA-256 of every online receipt, sorted (so order says nothing)."""
    return sorted(
        Ballot.objects.filter(vote=vote, receipt_digest__isnull=False).values_list(
            "receipt_digest", flat=True
        )
    )


def _pounds(value: Any) -> int | None:
    """Step amounts are in pounds (int, or "a/b" text when not whole) → pence."""
    if value is None:
        return None
    return int(Fraction(value) * 100)


def explain_step(step: dict[str, Any], titles: dict[str, str]) -> str:
    """A translated sentence for one stored tally step (the engine keeps steps as data)."""
    bid = titles.get(step.get("bid") or "", step.get("bid") or "")
    cost = format_pence(_pounds(step.get("cost")))
    left = format_pence(_pounds(step.get("remaining")))
    support = step.get("support")
    kind = step.get("kind")
    detail = step.get("detail") or {}
    if kind == "funded":
        return _("%(bid)s funded: support %(support)s, costs %(cost)s; %(left)s left.") % {
            "bid": bid,
            "support": support,
            "cost": cost,
            "left": left,
        }
    if kind == "partial":
        return _("%(bid)s offered part funding: %(amount)s of %(cost)s.") % {
            "bid": bid,
            "amount": format_pence(_pounds(detail.get("amount"))),
            "cost": cost,
        }
    if kind == "skipped":
        return _("%(bid)s skipped: costs %(cost)s, only %(left)s left.") % {
            "bid": bid,
            "cost": cost,
            "left": left,
        }
    if kind == "stopped":
        return _("%(bid)s does not fit (costs %(cost)s, %(left)s left): funding stops.") % {
            "bid": bid,
            "cost": cost,
            "left": left,
        }
    if kind == "below_threshold":
        return _("%(bid)s not eligible: support %(support)s is below the threshold.") % {
            "bid": bid,
            "support": support,
        }
    if kind == "unaffordable":
        return _("%(bid)s not funded: its supporters' shares cannot cover %(cost)s.") % {
            "bid": bid,
            "cost": cost,
        }
    if kind == "budget_raised":
        return _("Each voter's share of the budget was raised until the money was used.")
    if kind == "completion":
        return _("The money left (%(left)s) went to the most supported bids that fit.") % {
            "left": left
        }
    if kind == "pot":
        return _("Category pot %(category)s: %(left)s.") % {
            "category": detail.get("category") or _("general"),
            "left": left,
        }
    if kind == "comparison":
        from .explanations import comparison_note

        return comparison_note(detail)
    if kind == "transfer":
        return _("%(amount)s moved from the %(category)s pot to the general pot.") % {
            "amount": format_pence(_pounds(detail.get("amount"))),
            "category": detail.get("category"),
        }
    return str(kind)


def vote_reveal(*, vote: PBVote) -> dict[str, Any] | None:
    """What the results reveal screen may show: the funded bids in the order the count chose
    them, the money allocated and the ballots counted, but only for confirmed results
    (``PBVote.objects.publishable()``: counted, approved by a second coordinator, not
    cancelled). A hall sees nothing provisional, even when the coordinator announced
    provisional results on the results page; None until then."""
    if not PBVote.objects.publishable().filter(pk=vote.pk).exists():
        return None
    results = vote_results(vote=vote)
    if results is None:
        return None
    return {
        "funded": results["funded"],
        "spent_pence": results["spent_pence"],
        "left_pence": results["left_pence"],
        "ballots_counted": results["record"].ballots_counted,
    }


def vote_results(*, vote: PBVote) -> dict[str, Any] | None:
    """Funded bids, money allocated and left, the explanation and any override; None until
    the vote has been counted."""
    from .election import vote_outcome

    record = getattr(vote, "tally", None)
    outcome = vote_outcome(vote)
    if record is None or outcome is None:
        return None
    options = vote_options(vote=vote)
    by_id = {o.project_id: o for o in options}
    titles = {o.project_id: o.title for o in options}
    funded = [by_id[p] for p in outcome.selected if p in by_id]
    waiting = vote.proposals.filter(state="proposed").select_related("made_by").first()
    return {
        "record": record,
        "funded": funded,
        "not_funded": [o for o in options if o.project_id not in set(outcome.selected)],
        "spent_pence": outcome.spent_pence,
        "left_pence": vote.budget_pence - outcome.spent_pence,
        "override": outcome.override,
        "count_selected": [titles.get(p, p) for p in record.selected],
        "explanation": [explain_step(s, titles) for s in record.steps],
        "register": vote_register(vote=vote),
        "history": results_history(vote=vote),
        "waiting": waiting,
    }
