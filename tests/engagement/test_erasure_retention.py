"""Erasure and retention reach everything that names a person: generated PDFs, staff's records
of work (a paper ballot keyed), and individuals' asset offers whose consent has ended."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cafes.services.planning import HOST_PACK
from engagement.models import AuditEntry, GeneratedDocument, Registration, Role, User
from engagement.services.people import STAND_IN_EMAIL
from engagement.services.retention import registrations_anonymise
from tests.cafes.factories import CafeFactory
from tests.engagement.factories import RegistrationFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def host_pack_naming(cafe, name: str) -> GeneratedDocument:
    document = GeneratedDocument.objects.create(
        kind=HOST_PACK,
        content_type=ContentType.objects.get_for_model(cafe),
        object_id=str(cafe.pk),
        params_key="x",
        status=GeneratedDocument.Status.READY,
    )
    document.file.save("host-pack.pdf", ContentFile(f"seating: {name}".encode()))
    return document


def test_erasing_an_account_discards_the_host_packs_that_name_them(
    client, login, django_capture_on_commit_callbacks
):
    resident = user_with_role(None, name="Rita Resident")
    cafe = CafeFactory()
    RegistrationFactory(
        event=cafe.event, user=resident, name="Rita Resident", checked_in_at=timezone.now()
    )
    document = host_pack_naming(cafe, "Rita Resident")
    storage, name = document.file.storage, document.file.name
    login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("engagement:my_data_erase"), {"confirm": "on"})
    assert response.status_code == 302
    assert not GeneratedDocument.objects.filter(pk=document.pk).exists()
    assert not storage.exists(name)


def test_retention_discards_host_packs_and_writes_an_audit_row(django_capture_on_commit_callbacks):
    cafe = CafeFactory()
    RegistrationFactory(event=cafe.event, name="Ava Hughes", checked_in_at=timezone.now())
    document = host_pack_naming(cafe, "Ava Hughes")
    later = timezone.now() + dt.timedelta(days=800)
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_anonymise(now=later) == 1
    assert Registration.objects.get().name == ""
    assert not GeneratedDocument.objects.filter(pk=document.pk).exists()
    run = AuditEntry.objects.get(action="retention.run")
    assert run.data == {"registrations_anonymised": 1}
    assert AuditEntry.objects.get(action="registrations.anonymise").data["count"] == 1
    # Nothing left to do: the nightly run still says it ran.
    assert registrations_anonymise(now=later) == 0
    assert AuditEntry.objects.filter(action="retention.run").count() == 2


def test_staff_who_keyed_a_paper_ballot_can_erase_their_account(client, login):
    from tests.voting.voting_helpers import issued_codes, make_vote
    from voting.models import PaperEntry
    from voting.services.paper import paper_entry_add

    vote = make_vote()
    coordinator = user_with_role(Role.COORDINATOR, area=vote.area)
    (card,) = issued_codes(vote, 1)
    paper_entry_add(actor=coordinator, vote=vote, number=7, card=card, choices=[0])
    login(coordinator)
    response = client.post(reverse("engagement:my_data_erase"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=coordinator.pk).exists()
    entry = PaperEntry.objects.get()
    assert entry.entered_by.email == STAND_IN_EMAIL and not entry.entered_by.is_active
    assert not entry.entered_by.has_usable_password()


def test_individual_offers_are_anonymised_once_consent_has_ended_and_the_grace_has_passed(
    settings,
):
    from assets.models import Offer
    from assets.services.offers import offers_sweep
    from tests.assets.factories import individual_offer

    settings.ASSET_LAPSED_CONSENT_GRACE_DAYS = 30
    offer = individual_offer(offerer_name="Sam Brown", contact_email="sam@example.org")
    ended = offer.consent_until
    offers_sweep(today=ended + dt.timedelta(days=10))
    offer.refresh_from_db()
    assert offer.offerer_name == "Sam Brown"  # within the grace period: they may still renew
    assert offers_sweep(today=ended + dt.timedelta(days=31))["anonymised"] == 1
    offer.refresh_from_db()
    assert (offer.offerer_name, offer.contact_email, offer.postcode, offer.description) == (
        "",
        "",
        "",
        "",
    )
    assert offer.status == Offer.Status.EXPIRED
    assert AuditEntry.objects.get(action="asset.offer.anonymise").data == {"count": 1}
    assert offers_sweep(today=ended + dt.timedelta(days=32))["anonymised"] == 0


def test_a_reviewers_declared_conflicts_outlive_their_erased_account():
    from budgeting.models import ConflictDeclaration
    from budgeting.services import conflict_declare
    from engagement.privacy import erasers
    from tests.budgeting.factories import submitted_bid

    bid, other = submitted_bid(), submitted_bid()
    first = user_with_role(Role.COORDINATOR, area=bid.round.area)
    second = user_with_role(Role.COORDINATOR, area=bid.round.area)
    for reviewer in (first, second):
        conflict_declare(actor=reviewer, bid=bid, reason="I coach at the club", reviewer=reviewer)
    conflict_declare(actor=first, bid=other, reason="My sister runs it", reviewer=first)
    for reviewer in (first, second):
        for erase in erasers().values():
            erase(reviewer)
    kept = ConflictDeclaration.objects.order_by("bid_id")
    assert [(c.bid_id, c.reviewer.email) for c in kept] == sorted(
        [(bid.pk, STAND_IN_EMAIL), (other.pk, STAND_IN_EMAIL)]
    )
