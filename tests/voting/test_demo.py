"""seed_demo's voting step: a closed, counted vote and an open one with printed demo codes."""

from budgeting.models import Award
from engagement.demo import DemoWorld
from engagement.demo_core import seed_core
from voting.demo import seed_voting
from voting.models import Ballot, PBVote, TallyRecord
from voting.services import ballot_cast

from .voting_helpers import key


def seed() -> DemoWorld:
    """The core and this step only, so the test does not depend on other apps' demo steps."""
    world = DemoWorld()
    seed_core(world)
    seed_voting(world)
    return world


def test_demo_votes_and_idempotence(db):
    world = seed()
    closed = PBVote.objects.get(status=PBVote.Status.CLOSED)
    assert closed.status == PBVote.Status.CLOSED and closed.tally_state == PBVote.TallyState.DONE
    assert closed.tally.ballots_counted == 60
    open_vote = PBVote.objects.get(status=PBVote.Status.OPEN)
    assert open_vote.is_open()
    note = next(line for line in world.notes if line.startswith("Demo voting codes"))
    assert f"{{site}}/pb/vote/{open_vote.pk}/" in note
    code = note.splitlines()[1].strip()
    n = open_vote.options.count()
    ballot_cast(
        vote=open_vote, code=code, choices=list(range(n)), points=[3] * n, idempotency_key=key()
    )
    counts = (PBVote.objects.count(), Ballot.objects.count(), TallyRecord.objects.count())
    again = seed()
    assert (PBVote.objects.count(), Ballot.objects.count(), TallyRecord.objects.count()) == counts
    # The same demo codes are printed every time, so a second `make run` can still vote.
    assert again.notes == world.notes
    # The closed vote's winners were funded from the PCC's seed money.
    assert Award.objects.filter(bid__round=closed.round).exists()
