import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from assets.forms import OfferImportRowForm
from assets.geo import POSTCODE_CENTRES
from assets.models import Match, Need, Offer, OfferReminder, Safeguarding, Subcategory
from assets.privacy import erase_offers, export_offers
from assets.services import (
    contact_log_add,
    match_create,
    match_update,
    offer_confirm,
    offer_confirm_token,
    offer_create,
    offer_from_token,
    offer_safeguarding_check,
    offer_update,
    offer_withdraw,
    offers_expire,
    offers_export_csv,
    offers_import_csv,
    offers_sweep,
    subcategory_create,
)
from assets.tasks import offer_reminder_send_task
from engagement.models import AuditEntry
from tests.assets.factories import NeedFactory, individual_offer, make_offer
from tests.factories import AreaFactory, UserFactory, user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_organisation_offer_is_stored_with_expiry_point_keywords_and_audit():
    actor = UserFactory()
    offer = make_offer(actor=actor, tags=["Kitchen", "parking"])
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACTIVE
    assert offer.expires_on == TODAY() + dt.timedelta(days=180)
    assert (offer.latitude, offer.longitude) == POSTCODE_CENTRES["PE25 3"]
    assert offer.category == "physical"  # chosen from the kind
    assert "Kitchen" in offer.keywords and "Venue" in offer.keywords
    assert offer.search_vector is not None
    assert offer.recorded_by == actor
    assert AuditEntry.objects.filter(action="asset.offer.create", object_id=str(offer.pk)).exists()


def test_an_exact_map_point_is_kept_for_an_organisation():
    offer = make_offer(latitude=53.1432, longitude=0.3401)
    assert (offer.latitude, offer.longitude) == (53.1432, 0.3401)


def test_individual_offer_is_never_public_and_nothing_is_stored():
    with pytest.raises(ValidationError, match="never shown publicly"):
        individual_offer(is_public=True)
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("consent_until", "message"),
    [
        (None, "until when"),
        (dt.date(2000, 1, 1), "already passed"),
        (dt.date.today() + dt.timedelta(days=800), "at most 730 days"),
    ],
)
def test_individual_offer_needs_a_sensible_consent_end(consent_until, message):
    area = AreaFactory()
    with pytest.raises(ValidationError, match=message):
        offer_create(
            actor=None,
            area=area,
            offerer_kind="individual",
            offerer_name="Jo",
            kind="time",
            title="Dog walking",
            contact_email="jo@example.org",
            consent_until=consent_until,
        )
    assert not Offer.objects.exists()


def test_consent_and_offer_lengths_are_the_settings_at_call_time(settings):
    settings.ASSET_CONSENT_MAX_DAYS = 30
    settings.ASSET_OFFER_VALID_DAYS = 20
    with pytest.raises(ValidationError, match="at most 30 days"):
        individual_offer(consent_until=TODAY() + dt.timedelta(days=60))
    assert make_offer().expires_on == TODAY() + dt.timedelta(days=20)


def test_individual_is_placed_at_postcode_centre_not_exact_point_and_consent_recorded():
    offer = individual_offer(
        share_with=["police", "voluntary"], latitude=53.14321, longitude=0.34012
    )
    assert (offer.latitude, offer.longitude) == POSTCODE_CENTRES["PE25 2"]
    assert offer.audiences == ["police", "voluntary"]
    assert offer.consent_given_at is not None
    assert offer.expires_on <= offer.consent_until


def test_organisations_carry_no_consent_fields():
    offer = make_offer(share_with=["police"], consent_until=TODAY() + dt.timedelta(days=9))
    assert offer.audiences == [] and offer.consent_until is None


@pytest.mark.parametrize("postcode", ["not a postcode", "12345", "PE25 3ABC"])
def test_bad_postcode_is_refused(postcode):
    with pytest.raises(ValidationError, match="UK postcode"):
        make_offer(postcode=postcode)
    assert not Offer.objects.exists()


def test_postcode_is_normalised():
    assert make_offer(postcode="pe253ab").postcode == "PE25 3AB"
    assert make_offer(postcode="dn21").postcode == "DN21"


def test_contact_by_email_needs_an_address():
    with pytest.raises(ValidationError, match="email address"):
        make_offer(contact_email="", contact_preference="email")
    offer = make_offer(contact_email="", contact_preference="coordinator")
    assert offer.pk


def test_subcategory_must_match_category_and_programme():
    sub = Subcategory.objects.get(slug="sports-clubs", programme=None)
    with pytest.raises(ValidationError, match="subcategory"):
        make_offer(category="physical", subcategory=sub)
    other = subcategory_create(
        actor=UserFactory(), programme=AreaFactory().programme, category="physical", name="Boats"
    )
    with pytest.raises(ValidationError, match="subcategory"):
        make_offer(category="physical", subcategory=other)


def test_subcategory_create_refuses_duplicates_and_blank_names():
    area = AreaFactory()
    subcategory_create(actor=None, programme=area.programme, category="cultural", name="Choirs")
    with pytest.raises(ValidationError, match="already exists"):
        subcategory_create(actor=None, programme=area.programme, category="cultural", name="choirs")
    with pytest.raises(ValidationError):
        subcategory_create(actor=None, programme=area.programme, category="cultural", name="!!")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Football coaching for children on Saturdays", True),
        ("Reading with young people at the library", True),
        ("Befriending adults at risk of loneliness", True),
        ("Lawn mower to lend", False),
    ],
)
def test_offers_involving_children_or_adults_at_risk_are_flagged(text, flagged):
    offer = make_offer(title=text)
    expected = Safeguarding.PENDING if flagged else Safeguarding.NOT_NEEDED
    assert offer.safeguarding == expected


def test_safeguarding_check_is_recorded_and_audited():
    coordinator = UserFactory()
    offer = make_offer(involves_vulnerable=True)
    assert offer.safeguarding == Safeguarding.PENDING and not offer.is_shareable
    with pytest.raises(ValidationError, match="what was checked"):
        offer_safeguarding_check(actor=coordinator, offer=offer, cleared=True, note="  ")
    offer = offer_safeguarding_check(
        actor=coordinator, offer=offer, cleared=True, note="DBS certificate seen"
    )
    assert offer.safeguarding == Safeguarding.CLEARED and offer.is_shareable
    assert offer.safeguarding_checked_by == coordinator
    assert AuditEntry.objects.filter(action="asset.offer.safeguarding").count() == 1
    # The clearance was for those words: new ones send it back to the queue, unshared.
    offer = offer_update(actor=coordinator, offer=offer, description="For children too")
    assert offer.safeguarding == Safeguarding.PENDING and not offer.is_shareable


def test_update_records_fresh_consent_when_sharing_changes():
    offer = individual_offer(share_with=["police"])
    first = offer.consent_given_at
    offer = offer_update(actor=None, offer=offer, title="Sewing lessons")
    assert offer.consent_given_at == first
    offer = offer_update(actor=None, offer=offer, share_with=["police", "health"])
    assert offer.consent_given_at > first
    assert offer.audiences == ["police", "health"]
    entry = AuditEntry.objects.filter(action="asset.offer.update").first()
    assert entry.data["consent_changed"] is True


def test_update_reindexes_search_text():
    offer = make_offer(title="Minibus")
    offer = offer_update(actor=None, offer=offer, title="Projector", tags=["cinema"])
    assert Offer.objects.filter(pk=offer.pk, keywords__contains="cinema").exists()
    assert list(offer.tags.values_list("slug", flat=True)) == ["cinema"]


def test_confirm_restarts_the_window_and_reactivates_expired_offers():
    offer = make_offer()
    Offer.objects.filter(pk=offer.pk).update(
        expires_on=TODAY() - dt.timedelta(days=1), status=Offer.Status.EXPIRED
    )
    offer = offer_confirm(actor=None, offer=offer)
    assert offer.status == Offer.Status.ACTIVE
    assert offer.expires_on == TODAY() + dt.timedelta(days=180)


def test_confirm_can_extend_an_individuals_consent_and_refuses_withdrawn():
    offer = individual_offer(consent_until=TODAY() + dt.timedelta(days=10))
    assert offer.expires_on == TODAY() + dt.timedelta(days=10)
    offer = offer_confirm(actor=None, offer=offer, consent_until=TODAY() + dt.timedelta(days=300))
    assert offer.expires_on == TODAY() + dt.timedelta(days=180)
    offer_withdraw(actor=None, offer=offer)
    offer_withdraw(actor=None, offer=offer)  # idempotent
    assert AuditEntry.objects.filter(action="asset.offer.withdraw").count() == 1
    with pytest.raises(ValidationError, match="withdrawn"):
        offer_confirm(actor=None, offer=offer)


def test_confirm_token_round_trip_and_tampering():
    offer = make_offer()
    token = offer_confirm_token(offer)
    assert offer_from_token(token) == offer
    with pytest.raises(ValidationError, match="not valid"):
        offer_from_token(token[:-2] + "xx")


def test_expire_is_idempotent_and_ends_lapsed_consent():
    overdue = make_offer()
    lapsed = individual_offer()
    fresh = make_offer()
    Offer.objects.filter(pk=overdue.pk).update(expires_on=TODAY() - dt.timedelta(days=1))
    Offer.objects.filter(pk=lapsed.pk).update(consent_until=TODAY() - dt.timedelta(days=1))
    assert offers_expire() == 2
    assert offers_expire() == 0
    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert statuses == {overdue.pk: "expired", lapsed.pk: "expired", fresh.pk: "active"}


def test_sweep_twice_sends_one_reminder_per_expiry_date():
    soon = make_offer(contact_email="soon@example.org")
    make_offer(contact_email="later@example.org")
    no_email = make_offer(contact_email="", contact_preference="coordinator")
    Offer.objects.filter(pk__in=[soon.pk, no_email.pk]).update(
        expires_on=TODAY() + dt.timedelta(days=5)
    )
    assert offers_sweep() == {"reminded": 1, "expired": 0, "anonymised": 0}
    assert offers_sweep() == {"reminded": 0, "expired": 0, "anonymised": 0}
    assert mail.outbox == []  # queued, not sent inline
    assert run_outbox_tasks() == 1
    reminder = OfferReminder.objects.get(offer=soon)
    for _twice in range(2):  # a redelivered message: the task finds it sent and stops
        assert offer_reminder_send_task.apply(args=[reminder.pk]).get() == "sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["soon@example.org"]
    assert mail.outbox[0].subject == f"Is your offer still available? {soon.title}"
    token = re.search(r"/assets/confirm/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert offer_from_token(token) == soon
    # Re-confirmed: the next expiry date gets its own reminder in due course.
    soon = offer_confirm(actor=None, offer=soon)
    later = soon.expires_on - dt.timedelta(days=3)
    assert offers_sweep(today=later)["reminded"] == 2  # this one and the "later" offer
    assert OfferReminder.objects.filter(offer=soon).count() == 2


def test_a_refused_address_stops_neither_the_other_reminders_nor_the_expiry(settings):
    refused = make_offer(contact_email="refused@example.org")
    welsh = make_offer(
        contact_email="cymraeg@example.org", offered_by=UserFactory(preferred_language="cy")
    )
    overdue = make_offer()
    Offer.objects.filter(pk__in=[refused.pk, welsh.pk]).update(
        expires_on=TODAY() + dt.timedelta(days=5)
    )
    Offer.objects.filter(pk=overdue.pk).update(expires_on=TODAY() - dt.timedelta(days=1))
    settings.EMAIL_BACKEND = "tests.engagement.failing_mail.RefusingBackend"
    assert offers_sweep() == {"reminded": 2, "expired": 1, "anonymised": 0}
    run_outbox_tasks()
    assert [m.to for m in mail.outbox] == [["cymraeg@example.org"]]
    assert mail.outbox[0].subject.startswith("Ydy eich cynnig ar gael o hyd?")  # in Welsh
    failed = OfferReminder.objects.get(offer=refused)
    assert failed.status == "failed" and failed.attempts == 5
    assert failed.error.startswith("SMTPRecipientsRefused") and "refused@" in failed.error
    assert OfferReminder.objects.get(offer=welsh).status == "sent"
    assert Offer.objects.get(pk=overdue.pk).status == "expired"
    assert offers_sweep() == {"reminded": 0, "expired": 0, "anonymised": 0}


def test_match_lifecycle_with_contact_log():
    coordinator = UserFactory()
    need = NeedFactory()
    offer = make_offer(area=need.area)
    match = match_create(actor=coordinator, need=need, offer=offer)
    assert match_create(actor=coordinator, need=need, offer=offer) == match
    contact_log_add(actor=coordinator, match=match, method="phone", note="Spoke to Mary")
    match.refresh_from_db()
    assert match.status == Match.Status.CONTACTED
    with pytest.raises(ValidationError, match="cannot become"):
        match_update(actor=coordinator, match=match, status=Match.Status.DONE)
    match_update(actor=coordinator, match=match, status=Match.Status.AGREED)
    match = match_update(actor=coordinator, match=match, status="done", outcome="Hall booked")
    assert match.done_at is not None
    need.refresh_from_db()
    assert need.status == Need.Status.MET
    assert AuditEntry.objects.filter(action__startswith="asset.match").count() == 4


def test_match_refuses_other_programmes_inactive_and_unchecked_offers():
    need = NeedFactory()
    with pytest.raises(ValidationError, match="different programmes"):
        match_create(actor=None, need=need, offer=make_offer())
    flagged = make_offer(area=need.area, involves_vulnerable=True)
    with pytest.raises(ValidationError, match="safeguarding"):
        match_create(actor=None, need=need, offer=flagged)
    withdrawn = offer_withdraw(actor=None, offer=make_offer(area=need.area))
    with pytest.raises(ValidationError, match="active"):
        match_create(actor=None, need=need, offer=withdrawn)
    assert not Match.objects.exists()


CSV_HEADER = (
    "title,kind,offerer_kind,offerer_name,description,category,subcategory,tags,contact_email,"
    "postcode,frequency,insured,share_with,consent_until\n"
)


def _csv(*rows: str) -> bytes:
    return (CSV_HEADER + "\n".join(rows) + "\n").encode()


def test_import_creates_every_row_when_all_are_good():
    area = AreaFactory()
    until = (TODAY() + dt.timedelta(days=200)).isoformat()
    result = offers_import_csv(
        row_form=OfferImportRowForm,
        actor=UserFactory(),
        area=area,
        data=_csv(
            "Village hall,venue,group,Hall committee,Seats 80,,venues-and-rooms,hall;parking,"
            "hall@example.org,PE25 1AA,Recurring,yes,,",
            f"Gardening help,Time,Individual,Sam Lee,,,,garden,sam@example.org,PE25,,no,"
            f"police;council,{until}",
        ),
    )
    assert result.ok and result.created == 2
    hall = Offer.objects.get(title="Village hall")
    assert hall.subcategory.slug == "venues-and-rooms" and hall.category == "physical"
    assert hall.frequency == "recurring" and hall.insured
    sam = Offer.objects.get(offerer_name="Sam Lee")
    assert sam.audiences == ["police", "council"] and not sam.is_public


def test_import_reports_every_bad_row_and_stores_nothing():
    area = AreaFactory()
    result = offers_import_csv(
        row_form=OfferImportRowForm,
        actor=UserFactory(),
        area=area,
        data=_csv(
            "Good hall,venue,group,Hall committee,,,,,hall@example.org,PE25 1AA,,,,",
            "Bad kind,spaceship,group,X,,,,,x@example.org,,,,,",
            "Bad postcode,time,group,Y,,,,,y@example.org,nowhere,,maybe,,",
            "No consent,time,individual,Zed,,,,,z@example.org,,,,police,",
        ),
    )
    assert not result.ok and result.created == 0
    found = {(e.line, e.column) for e in result.errors}
    assert found >= {(3, "kind"), (4, "postcode"), (4, "insured"), (5, "consent_until")}
    assert not Offer.objects.exists()


def test_import_refuses_missing_columns_and_non_utf8():
    area = AreaFactory()
    result = offers_import_csv(
        actor=None, area=area, row_form=OfferImportRowForm, data=b"title,kind\nHall,venue\n"
    )
    assert "offerer_kind" in result.errors[0].column
    result = offers_import_csv(
        actor=None, area=area, row_form=OfferImportRowForm, data="title\n\xe9\n".encode("latin-1")
    )
    assert "UTF-8" in result.errors[0].message
    assert not Offer.objects.exists()


def test_export_audits_each_individuals_offer_and_defuses_formulas():
    partner = UserFactory()
    individual_offer(offerer_name="=HYPERLINK(1)")
    make_offer()
    body = offers_export_csv(actor=partner, offers=Offer.objects.all())
    assert "'=HYPERLINK(1)" in body
    assert AuditEntry.objects.filter(action="asset.offer.export", actor=partner).count() == 1


def test_personal_data_export_and_erase():
    user = UserFactory(email="jean@example.org")
    offer = individual_offer(offered_by=user)
    org = make_offer(offered_by=user, contact_email="jean@example.org")
    assert [o["title"] for o in export_offers(user)["offers"]] == [org.title, offer.title] or [
        o["title"] for o in export_offers(user)["offers"]
    ] == [offer.title, org.title]
    erase_offers(user)
    offer.refresh_from_db()
    org.refresh_from_db()
    assert offer.offerer_name == "" and offer.contact_email == "" and offer.status == "withdrawn"
    assert offer.offered_by is None and org.offered_by is None and org.contact_email == ""
    assert export_offers(user) == {"offers": []}


def test_needs_can_be_recorded_per_role():
    coordinator = user_with_role("coordinator")
    need = NeedFactory(created_by=coordinator)
    assert need.status == Need.Status.OPEN
