import pytest

from budgeting.services import contribution_add
from tests.factories import user_with_role

from .factories import BidRoundFactory


@pytest.fixture
def open_round(db):
    return BidRoundFactory()


@pytest.fixture
def coordinator(open_round):
    return user_with_role("coordinator", area=open_round.area)


def fund(pot, pence, *, received=None):
    return contribution_add(
        actor=None,
        pot=pot,
        source="pcc",
        funder_name="Police and Crime Commissioner",
        pledged_pence=pence,
        received_pence=pence if received is None else received,
    )
