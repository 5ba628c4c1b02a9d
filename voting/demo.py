"""Demo PB votes in Skegness: one closed and counted (results to look at), one open with printed
demo codes (to try the ballot on a phone). Idempotent: looked up by natural keys; codes are made
only for a vote that has none, and printed to the seed_demo output then (never stored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid

from django.urls import reverse
from django.utils import timezone

from budgeting.models import Bid, BidRound, BidStatus, ContributionSource, FundingPot, GroupType
from budgeting.services.pots import contribution_add
from engagement.demo import DemoWorld, demo_step
from engagement.models import Event

from . import digests as code_format
from .digests import grouped
from .models import PBVote, ResultProposal, VotingCode
from .services.ballots import ballot_cast
from .services.cards import code_issue, codes_generate
from .services.counting import vote_tally
from .services.results import result_proposal_approve, results_confirm_propose
from .services.votes import vote_close, vote_create, vote_open

IDEAS = [
    ("Seafront CCTV survey", "Residents map the dark spots on the seafront.", 90_000),
    ("Teen boxing nights", "Friday night boxing sessions for 12 to 17 year olds.", 150_000),
    ("Safe walk home scheme", "Volunteer walkers for night-time workers.", 120_000),
    ("Park lighting", "Six solar lights on the path through Tower Gardens.", 200_000),
    ("Youth café", "A weekly drop-in café run by young people.", 110_000),
    ("Neighbourhood watch signs", "New signs and a launch event on three streets.", 40_000),
]


def _round(area, slug: str, name: str, closes: dt.datetime, opens: dt.datetime) -> BidRound:
    pot, _ = FundingPot.objects.get_or_create(
        area=area, name=f"{area.name} PB event pot", defaults={"target_pence": 500_000}
    )
    day = dt.timedelta(days=1)
    round_, created = BidRound.objects.get_or_create(
        slug=slug,
        defaults={
            "area": area,
            "pot": pot,
            "name": name,
            "published": True,
            "submission_opens": opens - 30 * day,
            "submission_closes": opens - 20 * day,
            "review_closes": opens - 10 * day,
            "shortlist_closes": opens - 5 * day,
            "voting_opens": opens,
            "voting_closes": closes,
            "results_at": closes + day,
            "max_amount_pence": 250_000,
        },
    )
    if created:
        # The PCC's seed money, received, so the vote's budget fits the pot and the winning
        # bids can be funded from it.
        contribution_add(
            actor=None,
            pot=pot,
            source=ContributionSource.PCC,
            funder_name="Lincolnshire Police and Crime Commissioner",
            pledged_pence=500_000,
            received_pence=500_000,
        )
        for number, (title, summary, pence) in enumerate(IDEAS, start=1):
            Bid.objects.create(
                round=round_,
                number=number,
                status=BidStatus.SHORTLISTED,
                ballot_position=number,
                group_name=f"{title} group",
                group_type=GroupType.COMMUNITY_GROUP,
                title=title,
                summary=summary,
                amount_requested_pence=pence,
                submitted_at=opens - 25 * day,
            )
    return round_


def _event(world: DemoWorld, area, slug: str, title: str, starts: dt.datetime) -> Event:
    event, _ = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": Event.Kind.PB_EVENT,
            "programme": area.programme,
            "area": area,
            "title": title,
            "purpose": "Residents hear the shortlisted bids and vote on which get funded.",
            "venue_name": "Embassy Theatre, Skegness",
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=3),
            "capacity": 200,
            "status": Event.Status.COMPLETED
            if starts + dt.timedelta(hours=3) < timezone.now()
            else Event.Status.PUBLISHED,
            "created_by": world.users.get("coordinator"),
        },
    )
    return event


def _vote(world, area, starts: dt.datetime) -> PBVote:
    # Named by the month it is held in, so the demo never shows "2025" held today; the slugs
    # carry the day, so an earlier vote never finds this one's round or event.
    title = f"Skegness decides, {starts:%B %Y}"
    existing = PBVote.objects.filter(title=title, area=area).first()
    if existing is not None:
        return existing
    key = f"{starts:%Y-%m-%d}"
    round_ = _round(
        area,
        f"skegness-pb-{key}",
        f"Skegness PB event, {starts:%B %Y}",
        starts + dt.timedelta(hours=3),
        starts,
    )
    event = _event(world, area, f"skegness-pb-event-{key}", title, starts)
    vote = vote_create(
        actor=world.users.get("coordinator"),
        event=event,
        round=round_,
        title=title,
        ballot_type="scoring",
        rule="greedy",
        budget_pence=400_000,
        params={"min_score": 0, "max_score": 5},
        eligibility_note="Aged 11 or over and living, working or studying in Skegness.",
    )
    return vote_open(actor=None, vote=vote)


@demo_step(25)
def seed_voting(world: DemoWorld) -> None:
    area = world.areas.get("skegness")
    if area is None:
        return
    now = timezone.now().replace(second=0, microsecond=0)

    closed = _vote(world, area, now - dt.timedelta(days=200))
    if closed.status != PBVote.Status.CLOSED:
        rng = random.Random(2024)
        codes = codes_generate(vote=closed, count=60)
        n = closed.options.count()
        for code in codes:
            code_issue(actor=None, vote=closed, code=code, eligible=True)
            scores = [rng.choice([0, 1, 2, 3, 4, 5, 5, 4]) for _ in range(n)]
            ballot_cast(
                vote=closed,
                code=code,
                choices=list(range(n)),
                points=scores,
                idempotency_key=uuid.uuid4(),
            )
        vote_close(actor=None, vote=closed)
    if not hasattr(closed, "tally") or closed.tally_state != PBVote.TallyState.DONE:
        vote_tally(vote_id=closed.pk)
    approver = world.users.get("coordinator.skegness")
    if closed.results_confirmed_at is None and approver is not None:
        # Four eyes: one coordinator proposes confirming, the Skegness coordinator approves.
        waiting = closed.proposals.filter(state=ResultProposal.State.PROPOSED).first()
        if waiting is None:
            waiting = results_confirm_propose(actor=world.users["coordinator"], vote=closed)
        result_proposal_approve(actor=approver, proposal=waiting)

    open_vote = _vote(world, area, now - dt.timedelta(hours=1))
    demo_codes = [_demo_code(open_vote, i) for i in range(DEMO_CODES)]
    key = code_format.vote_key(open_vote.salt)
    for code in demo_codes:
        digest = code_format.code_digest(key, code)
        if not VotingCode.objects.filter(vote=open_vote, digest=digest).exists():
            VotingCode.objects.create(vote=open_vote, digest=digest)
            code_issue(actor=None, vote=open_vote, code=code, eligible=True)
    path = reverse("voting:vote_start", kwargs={"pk": open_vote.pk})
    world.notes.append(
        f"Demo voting codes for “{open_vote.title}”, open now at {{site}}{path}\n"
        + "\n".join(f"  {grouped(c)}" for c in demo_codes)
    )


DEMO_CODES = 5


def _demo_code(vote: PBVote, index: int) -> str:
    """Demo-only codes derived from the vote, so every ``seed_demo`` run can print the same ones.
    Real codes come from ``codes_generate`` (the OS's CSPRNG) and are never stored in clear."""
    digest = hashlib.sha256(f"common-ground-demo:{vote.salt}:{index}".encode()).digest()
    return "".join(
        code_format.ALPHABET[b % len(code_format.ALPHABET)]
        for b in digest[: code_format.CODE_LENGTH]
    )
