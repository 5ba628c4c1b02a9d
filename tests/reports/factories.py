"""A small programme with something of everything, for the report selectors and views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from assets.models import Match
from budgeting.models import Bid, BidStatus, Phase
from budgeting.services import award_create, award_revoke, contribution_add
from engagement.models import Area, Event, Programme, Registration, Role
from tests.assets.factories import NeedFactory, make_offer
from tests.budgeting.factories import BidFactory, BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role


@dataclass
class World:
    programme: Programme
    north: Area
    south: Area
    bids: list[Bid] = field(default_factory=list)


def came(event: Event, party_size: int = 1, **kwargs) -> Registration:
    return RegistrationFactory(
        event=event, party_size=party_size, checked_in_at=timezone.now(), **kwargs
    )


def report_world(*, bids: int = 3) -> World:
    """North: a World Café (3 + 1 people came, 1 no-show), a round with ``bids`` shortlisted
    bids (£1,200 each), 2 funded and then 1 revoked, £5,000 from the PCC and £3,000 from a
    business; two offers, one matched. South: a PB event (3 people). Outside the scope or the
    default view: a future café, a draft bid, a withdrawn bid."""
    programme = ProgrammeFactory(name="Safer Shires", funder_name="PCC")
    north = AreaFactory(programme=programme, name="North", slug="north", population=10_000)
    south = AreaFactory(programme=programme, name="South", slug="south", population=5_000)
    world = World(programme=programme, north=north, south=south)
    past = timezone.now() - dt.timedelta(days=10)
    cafe = EventFactory(area=north, kind=Event.Kind.WORLD_CAFE, starts_at=past, title="Café")
    came(cafe, party_size=3)
    came(cafe, source=Registration.Source.WALK_IN)
    RegistrationFactory(event=cafe)  # booked, did not come
    pb = EventFactory(area=south, kind=Event.Kind.PB_EVENT, starts_at=past, title="PB night")
    for _i in range(3):
        came(pb)
    future = EventFactory(area=north, kind=Event.Kind.WORLD_CAFE, title="Next café")
    RegistrationFactory(event=future)
    user_with_role(Role.VOLUNTEER, area=north)
    user_with_role(Role.TABLE_HOST, area=south)
    user_with_role(Role.COORDINATOR, programme=programme)  # staff, not a resident helper
    round_ = BidRoundFactory(area=north, phase=Phase.RESULTS)
    contribution_add(
        actor=None,
        pot=round_.pot,
        source="pcc",
        funder_name="PCC",
        pledged_pence=500_000,
        received_pence=500_000,
    )
    contribution_add(
        actor=None,
        pot=round_.pot,
        source="business",
        funder_name="Seafront traders",
        pledged_pence=300_000,
        received_pence=100_000,
    )
    for i in range(bids):
        world.bids.append(
            submitted_bid(
                round=round_,
                status=BidStatus.SHORTLISTED,
                group_name=f"Group {i}",
                title=f"Idea {i}",
            )
        )
    BidFactory(round=round_, title="Still a draft")
    submitted_bid(round=round_, status=BidStatus.WITHDRAWN, title="Withdrawn")
    award_create(actor=None, bid=world.bids[0], check_phase=False)
    revoked = award_create(actor=None, bid=world.bids[1], check_phase=False)
    award_revoke(actor=None, award=revoked, reason="The group folded.")
    matched = make_offer(area=north, title="Hall")
    make_offer(area=north, title="Minibus", kind="equipment")
    Match.objects.create(need=NeedFactory(area=north), offer=matched, status=Match.Status.DONE)
    return world
