"""seed_demo's budgeting step: the Gwent and Merseyside figures, an open Skegness round, and
running it twice changes nothing."""

from django.db.models import Sum

from budgeting.demo import GWENT_SLUG
from budgeting.models import Award, Bid, BidRound, BidStatus, FundingPot, Phase
from engagement.demo import seed_demo


def test_demo_figures_and_idempotence(db):
    seed_demo(log=lambda _line: None)
    gwent = Bid.objects.filter(round__area__programme__slug=GWENT_SLUG)
    assert gwent.count() == 77
    assert gwent.aggregate(total=Sum("amount_requested_pence"))["total"] == 14_900_000
    assert gwent.filter(status=BidStatus.FUNDED).count() == 35
    assert BidRound.objects.filter(area__programme__slug=GWENT_SLUG).count() == 3
    for pot in FundingPot.objects.all():
        assert pot.awarded_pence <= pot.pledged_pence
    skegness = BidRound.objects.get(slug="skegness-community-bids")
    assert skegness.phase_at() == Phase.SUBMISSION
    assert skegness.bids.get().status == BidStatus.SUBMITTED
    counts = (Bid.objects.count(), Award.objects.count(), BidRound.objects.count())
    seed_demo(log=lambda _line: None)
    assert (Bid.objects.count(), Award.objects.count(), BidRound.objects.count()) == counts
