"""Money set-up: a pot in every area of a programme in one step, contributions on a pot before
any round exists, with dates and notes, corrected or removed (audit-logged, never below what
has been awarded), and area choices that name their programme."""

import datetime as dt

import pytest
from django.urls import reverse

from budgeting.forms_setup import PotForm
from budgeting.models import BidStatus, Contribution, FundingPot, Phase
from budgeting.services import (
    award_create,
    contribution_add,
    contribution_remove,
    contribution_update,
    programme_pots_set,
)
from engagement.models import AuditEntry
from engagement.services import DomainError
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role

from .factories import BidRoundFactory, submitted_bid


def test_a_pot_in_every_area_in_one_step_and_again_without_a_second_seed(db):
    programme = ProgrammeFactory()
    areas = [AreaFactory(programme=programme) for _ in range(4)]
    coordinator = user_with_role("coordinator", programme=programme)
    pots = programme_pots_set(
        actor=coordinator,
        programme=programme,
        name="Community pot",
        target_pence=3_000_000,
        seed_pence=500_000,
        seed_funder="Police and Crime Commissioner",
    )
    assert sorted(p.area_id for p in pots) == sorted(a.pk for a in areas)
    assert {(p.target_pence, p.pledged_pence) for p in pots} == {(3_000_000, 500_000)}
    programme_pots_set(
        actor=coordinator,
        programme=programme,
        name="Community pot",
        target_pence=3_500_000,
        seed_pence=600_000,
        seed_funder="Police and Crime Commissioner",
    )
    assert FundingPot.objects.count() == 4
    assert Contribution.objects.count() == 4
    assert set(FundingPot.objects.values_list("target_pence", "pledged_pence")) == {
        (3_500_000, 600_000)
    }
    with pytest.raises(DomainError, match="Say who gives"):
        programme_pots_set(
            actor=coordinator, programme=programme, name="X", target_pence=0, seed_pence=1
        )


def test_contributions_have_dates_and_notes_and_can_be_removed(db):
    area = AreaFactory()
    pot = FundingPot.objects.create(area=area, name="Seed")
    c = contribution_add(
        actor=None,
        pot=pot,
        source="business",
        funder_name="Speke traders",
        pledged_pence=25_000,
        note="Promised at the traders' AGM",
        pledged_on=dt.date(2026, 11, 2),
    )
    assert c.pledged_on == dt.date(2026, 11, 2) and c.received_on is None
    contribution_update(
        actor=None, contribution=c, pledged_pence=25_000, received_pence=10_000, note="Half in"
    )
    c.refresh_from_db()
    assert c.received_on is not None and c.note == "Half in"
    contribution_remove(actor=None, contribution=c)
    pot.refresh_from_db()
    assert (pot.pledged_pence, pot.received_pence) == (0, 0)
    assert AuditEntry.objects.get(action="pot.contribution.remove").data["funder"] == (
        "Speke traders"
    )


def test_a_contribution_cannot_be_removed_or_cut_below_what_was_awarded(db):
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    seed = contribution_add(
        actor=None,
        pot=round_.pot,
        source="pcc",
        funder_name="PCC",
        pledged_pence=200_000,
        received_pence=200_000,
    )
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED, amount_requested_pence=150_000)
    award_create(actor=None, bid=bid)
    with pytest.raises(DomainError, match="less than the £1,500 already awarded"):
        contribution_remove(actor=None, contribution=seed)
    with pytest.raises(DomainError, match="less than the £1,500 already awarded"):
        contribution_update(actor=None, contribution=seed, pledged_pence=100_000, received_pence=0)
    assert Contribution.objects.filter(pk=seed.pk).exists()


def test_area_choices_name_their_programme(db):
    area = AreaFactory(name="Town centre")
    form = PotForm(areas=type(area).objects.filter(pk=area.pk))
    label = list(form.fields["area"].choices)[1][1]
    assert label == f"Town centre ({area.programme.name})"


def test_the_pot_money_page_works_before_any_round(client, db):
    area = AreaFactory()
    pot = FundingPot.objects.create(area=area, name="Seed")
    client.force_login(user_with_role("coordinator", area=area))
    url = reverse("budgeting:pot_money", args=[pot.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"source": "pcc", "funder_name": "PCC", "pledged_pence": "5000", "received_pence": ""},
    )
    assert response.status_code == 302
    pot.refresh_from_db()
    assert pot.pledged_pence == 500_000
    c = pot.contributions.get()
    assert client.post(reverse("budgeting:contribution_remove", args=[c.pk])).status_code == 302
    assert not pot.contributions.exists()
    programme_url = reverse("budgeting:programme_pots", args=[area.programme.slug])
    client.force_login(user_with_role("coordinator", programme=area.programme))
    response = client.post(
        programme_url,
        {
            "name": "Pot",
            "target_pence": "30000",
            "seed_pence": "5000",
            "seed_funder": "PCC",
            "seed_source": "pcc",
        },
    )
    assert response.status_code == 302
    assert "Pot" in client.get(programme_url).content.decode()
