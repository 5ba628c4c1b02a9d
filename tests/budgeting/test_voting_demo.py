"""seed_demo's voting step: a closed, counted vote and an open one with printed demo codes."""

from budgeting.demo_voting import seed_voting
from budgeting.models import Ballot, PBVote, TallyRecord
from budgeting.services import ballot_cast
from engagement.demo import DemoWorld
from engagement.demo_core import seed_core

from .voting_helpers import key


def seed() -> DemoWorld:
    """The core and this step only, so the test does not depend on other apps' demo steps."""
    world = DemoWorld()
    seed_core(world)
    seed_voting(world)
    return world


def test_demo_votes_and_idempotence(db):
    world = seed()
    closed = PBVote.objects.get(title="Skegness decides 2024")
    assert closed.status == PBVote.Status.CLOSED and closed.tally_state == PBVote.TallyState.DONE
    assert closed.tally.ballots_counted == 60
    open_vote = PBVote.objects.get(title="Skegness decides 2025")
    assert open_vote.is_open()
    (label, where, shown) = next(line for line in world.logins if line[0] == "PB vote demo codes")
    code = shown.removeprefix("codes: ").split(", ")[0]
    n = open_vote.options.count()
    ballot_cast(
        vote=open_vote, code=code, choices=list(range(n)), points=[3] * n, idempotency_key=key()
    )
    counts = (PBVote.objects.count(), Ballot.objects.count(), TallyRecord.objects.count())
    seed()
    assert (PBVote.objects.count(), Ballot.objects.count(), TallyRecord.objects.count()) == counts
