"""Factories for the budgeting app. ``round_dates(phase)`` puts *now* inside a phase."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from budgeting.models import (
    Bid,
    BidRound,
    BidStatus,
    CostLine,
    DueDiligence,
    FundingPot,
    GroupType,
    Phase,
    Priority,
)
from tests.factories import AreaFactory, UserFactory

PHASES_IN_TIME = [
    Phase.UPCOMING,
    Phase.SUBMISSION,
    Phase.REVIEW,
    Phase.SHORTLISTING,
    Phase.AWAITING_VOTE,
    Phase.VOTING,
    Phase.COUNTING,
    Phase.RESULTS,
]
DATE_FIELDS = [
    "submission_opens",
    "submission_closes",
    "review_closes",
    "shortlist_closes",
    "voting_opens",
    "voting_closes",
    "results_at",
]


def round_dates(phase: str, now: dt.datetime | None = None) -> dict:
    """Dates a day apart with *now* in the middle of ``phase`` (DRAFT gives submission dates)."""
    now = now or timezone.now()
    k = PHASES_IN_TIME.index(Phase.SUBMISSION if phase == Phase.DRAFT else phase)
    return {
        name: now + dt.timedelta(days=j - k + 1) - dt.timedelta(hours=12)
        for j, name in enumerate(DATE_FIELDS)
    }


class FundingPotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingPot

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Community pot {n}")
    target_pence = 3_000_000


class BidRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BidRound

    class Params:
        phase = Phase.SUBMISSION

    area = factory.SubFactory(AreaFactory)
    pot = factory.SubFactory(FundingPotFactory, area=factory.SelfAttribute("..area"))
    name = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    published = factory.LazyAttribute(lambda o: o.phase != Phase.DRAFT)
    max_amount_pence = 250_000
    min_amount_pence = 10_000
    max_bids_per_group = 1

    submission_opens = factory.LazyAttribute(lambda o: round_dates(o.phase)["submission_opens"])
    submission_closes = factory.LazyAttribute(lambda o: round_dates(o.phase)["submission_closes"])
    review_closes = factory.LazyAttribute(lambda o: round_dates(o.phase)["review_closes"])
    shortlist_closes = factory.LazyAttribute(lambda o: round_dates(o.phase)["shortlist_closes"])
    voting_opens = factory.LazyAttribute(lambda o: round_dates(o.phase)["voting_opens"])
    voting_closes = factory.LazyAttribute(lambda o: round_dates(o.phase)["voting_closes"])
    results_at = factory.LazyAttribute(lambda o: round_dates(o.phase)["results_at"])


def set_phase(round_: BidRound, phase: str) -> BidRound:
    """Move a saved round to ``phase`` by rewriting its dates."""
    for name, value in round_dates(phase).items():
        setattr(round_, name, value)
    round_.published = phase != Phase.DRAFT
    round_.save()
    return round_


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    round = factory.SubFactory(BidRoundFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")


class BidFactory(factory.django.DjangoModelFactory):
    """A complete draft that meets the default round's rules."""

    class Meta:
        model = Bid
        skip_postgeneration_save = True

    round = factory.SubFactory(BidRoundFactory)
    applicant = factory.SubFactory(UserFactory)
    group_name = factory.Sequence(lambda n: f"Friends of Park {n}")
    group_key = factory.LazyAttribute(lambda o: f"name:{o.group_name.lower().replace(' ', '-')}")
    group_type = GroupType.COMMUNITY_GROUP
    group_constituted = True
    contact_name = "Rita Resident"
    contact_email = "rita@example.org"
    title = factory.Sequence(lambda n: f"Safer park lighting {n}")
    summary = "Solar lights on the path through the park."
    description = "We will put up six solar lights along the path."
    beneficiaries = "Everyone who walks home through the park."
    beneficiaries_count = 400
    location = "Tower Gardens"
    postcode = "PE25 3SA"
    amount_requested_pence = 120_000
    works_with_children = False
    works_with_adults_at_risk = False

    @factory.post_generation
    def costs(self, create, extracted, **kwargs):
        if create and self.amount_requested_pence and extracted is not False:
            CostLine.objects.create(
                bid=self, item="Lights", amount_pence=self.amount_requested_pence
            )


def submitted_bid(**kwargs) -> Bid:
    """A bid already sent (numbered), without going through the service."""
    bid = BidFactory(**kwargs)
    last = Bid.objects.filter(round=bid.round).exclude(number=None).count()
    bid.status = kwargs.get("status", BidStatus.SUBMITTED)
    bid.number = last + 1
    bid.submitted_at = timezone.now()
    bid.save()
    return bid


def diligence_done(bid: Bid) -> DueDiligence:
    return DueDiligence.objects.create(
        bid=bid, group_exists=True, bank_account=True, safeguarding_policy=True
    )
