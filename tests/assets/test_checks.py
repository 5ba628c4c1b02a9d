"""Safeguarding clearance bound to the checked words, the queue, organisation checks before
anything is published, pausing, and partners keeping to their own register entries."""

import pytest
from django.urls import reverse

from assets.models import Offer, Safeguarding
from assets.services import (
    offer_organisation_check,
    offer_pause,
    offer_safeguarding_check,
    offer_update,
)
from engagement.models import EngagementActivity, PartnerType, Role
from tests.assets.factories import individual_offer, make_offer
from tests.factories import AreaFactory, PartnerFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def coordinator_of(area):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.COORDINATOR, programme=area.programme, area=area)
    return user


def test_clearance_survives_an_edit_that_leaves_the_checked_words_alone():
    offer = make_offer(involves_vulnerable=True)
    coordinator = coordinator_of(offer.area)
    offer = offer_safeguarding_check(actor=coordinator, offer=offer, cleared=True, note="DBS seen")
    offer = offer_update(actor=coordinator, offer=offer, insured=True)
    assert offer.safeguarding == Safeguarding.CLEARED


def test_an_edit_after_clearance_requeues_and_unshares():
    offer = make_offer(title="Football coaching for children")
    coordinator = coordinator_of(offer.area)
    offer = offer_safeguarding_check(actor=coordinator, offer=offer, cleared=True, note="DBS seen")
    assert Offer.objects.public().filter(pk=offer.pk).exists()
    offer = offer_update(
        actor=None, offer=offer, description="Babysit children overnight at my home"
    )
    assert offer.safeguarding == Safeguarding.PENDING
    assert offer.safeguarding_checked_at is None and offer.safeguarding_queued_at is not None
    assert not Offer.objects.public().filter(pk=offer.pk).exists()


def test_queue_lists_waiting_offers_in_scope_with_a_dashboard_count(client):
    area = AreaFactory()
    waiting = make_offer(area=area, title="Youth club helpers")
    make_offer(area=AreaFactory(), title="Youth club elsewhere")
    make_offer(area=area, title="A hall")
    coordinator = coordinator_of(area)
    client.force_login(coordinator)
    page = client.get(reverse("assets:safeguarding_queue")).content.decode()
    assert waiting.title in page and "Youth club elsewhere" not in page and "A hall" not in page
    assert "1 offer waiting for a safeguarding check" in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Safeguarding checks: 1 offer waiting" in dashboard
    detail = client.get(waiting.get_absolute_url()).content.decode()
    assert "waiting for a safeguarding check" in detail
    assert "Public, and in the Open Referral feed" not in detail


def test_a_partner_cannot_open_the_queue(client):
    area = AreaFactory()
    partner = UserFactory()
    RoleAssignmentFactory(
        user=partner, role=Role.PARTNER, programme=area.programme, area=area,
        partner=PartnerFactory(type=PartnerType.HOUSING),
    )  # fmt: skip
    client.force_login(partner)
    assert client.get(reverse("assets:safeguarding_queue")).status_code == 403


def test_nothing_public_or_in_the_feed_until_the_organisation_is_checked(client):
    offer = make_offer(organisation_checked=False)
    coordinator = coordinator_of(offer.area)
    feed = reverse("assets:oruk_services")
    assert not Offer.objects.public().filter(pk=offer.pk).exists()
    assert client.get(feed).json()["contents"] == []
    with pytest.raises(Exception, match="organisation's own contact"):
        offer_organisation_check(
            actor=coordinator, offer=offer, confirmed=True, contact_is_organisations=False
        )
    offer = offer_organisation_check(
        actor=coordinator, offer=offer, confirmed=True, contact_is_organisations=True
    )
    response = client.get(feed)
    assert response["Access-Control-Allow-Origin"] == "*"
    [service] = response.json()["contents"]
    assert service["assured_date"] == offer.organisation_checked_at.date().isoformat()
    assert response.json()["size"] == 1
    # Changing the organisation's contact details needs a fresh check.
    offer_update(actor=None, offer=offer, contact_email="me@home.example.org")
    assert client.get(feed).json()["contents"] == []


def test_organisation_check_through_the_page(client):
    offer = make_offer(organisation_checked=False)
    client.force_login(coordinator_of(offer.area))
    url = reverse("assets:offer_organisation_check", kwargs={"uuid": offer.uuid})
    response = client.post(url, {"confirmed": "on"})
    assert "contact details" in response.content.decode()
    client.post(url, {"confirmed": "on", "contact_is_organisations": "on"})
    assert Offer.objects.public().filter(pk=offer.pk).exists()


def test_my_offers_pause_resume_and_withdraw(client):
    user = UserFactory()
    offer = individual_offer(offered_by=user)
    client.force_login(user)
    page = client.get(reverse("assets:my_offers")).content.decode()
    assert offer.title in page and "Police" in page
    pause = reverse("assets:offer_pause", kwargs={"uuid": offer.uuid})
    client.post(pause, {"paused": "yes", "back": "mine"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PAUSED
    client.post(pause, {"paused": "no"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACTIVE
    client.post(reverse("assets:offer_withdraw", kwargs={"uuid": offer.uuid}))
    detail = client.get(offer.get_absolute_url()).content.decode()
    assert "Withdrawn on" in detail and "listed until" not in detail
    with pytest.raises(Exception, match="Only a listed offer"):
        offer_pause(actor=user, offer=offer, paused=True)


def test_a_partner_edits_only_its_own_register_entries_and_posts_only_as_itself(client):
    area = AreaFactory()
    police = PartnerFactory(type=PartnerType.POLICE)
    housing = PartnerFactory(type=PartnerType.HOUSING)
    user = UserFactory()
    RoleAssignmentFactory(
        user=user, role=Role.PARTNER, programme=area.programme, area=area, partner=housing
    )
    theirs = EngagementActivity.objects.create(
        programme=area.programme, area=area, title="Residents' survey", kind="survey",
        strand="consulting", partner=police,
    )  # fmt: skip
    ours = EngagementActivity.objects.create(
        programme=area.programme, area=area, title="Estate fun day", kind="forum",
        strand="participating", partner=housing,
    )  # fmt: skip
    assert not user.has_perm("engagement.change_activity", theirs)
    assert user.has_perm("engagement.change_activity", ours)
    client.force_login(user)
    edit = reverse("engagement:activity_update", kwargs={"pk": theirs.pk})
    assert client.get(edit).status_code == 403
    response = client.post(
        reverse("engagement:activity_create"),
        {"programme": area.programme.pk, "area": area.pk, "title": "Drugs amnesty",
         "kind": "forum", "strand": "informing", "partner": police.pk},
    )  # fmt: skip
    assert "run by your organisation" in response.content.decode()
    assert not EngagementActivity.objects.filter(title="Drugs amnesty").exists()
