import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assets.models import ContactLogEntry, Match, Need, Offer, OfferReminder
from assets.services import offer_confirm_token, offers_sweep
from assets.tasks import offers_sweep_task
from engagement.models import AuditEntry, PartnerType, Role
from tests.assets.factories import NeedFactory, individual_offer, make_offer
from tests.factories import (
    AreaFactory,
    PartnerFactory,
    RoleAssignmentFactory,
    UserFactory,
    user_with_role,
)
from tests.outbox import run_outbox_tasks, wait_until_sent

pytestmark = pytest.mark.django_db


def police_partner(area):
    user = UserFactory()
    RoleAssignmentFactory(
        user=user,
        role=Role.PARTNER,
        programme=area.programme,
        area=area,
        partner=PartnerFactory(type=PartnerType.POLICE),
    )
    return user


def test_directory_shows_only_public_offers_to_anonymous(client):
    area = AreaFactory()
    make_offer(area=area, title="Public hall")
    make_offer(area=area, title="Private van", is_public=False)
    individual_offer(area=area, title="Jean's sewing")
    response = client.get(reverse("assets:offer_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Public hall" in body and "Private van" not in body and "sewing" not in body


def test_search_form_filters_and_reports_unknown_postcodes(client):
    area = AreaFactory()
    make_offer(area=area, title="Minibus with driver", kind="equipment")
    make_offer(area=area, title="Church hall")
    response = client.get(reverse("assets:offer_list"), {"q": "minibus", "near": "PE25 3AB"})
    body = response.content.decode()
    assert "Minibus with driver" in body and "Church hall" not in body
    assert "km away" in body
    response = client.get(reverse("assets:offer_list"), {"near": "ZZ99 9ZZ"})
    assert "We could not find the postcode ZZ99 9ZZ" in response.content.decode()


def test_map_page_carries_points_as_json_and_the_list(client):
    make_offer(title="Public hall")
    response = client.get(reverse("assets:offer_map"))
    body = response.content.decode()
    points = json.loads(re.search(r'id="offer-map-points"[^>]*>(.*?)</script>', body).group(1))
    assert points[0]["offers"][0]["title"] == "Public hall" and points[0]["lat"]
    assert "leaflet/leaflet.js" in body and "Public hall" in body
    assert "<script>" not in body  # no inline scripts (CSP)


def test_partner_viewing_an_individuals_offer_is_audited(client):
    area = AreaFactory()
    offer = individual_offer(area=area, share_with=["police"])
    partner = police_partner(area)
    client.force_login(partner)
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    assert "shared with you in confidence" in response.content.decode()
    assert (
        AuditEntry.objects.filter(
            action="asset.offer.view", actor=partner, object_id=str(offer.pk)
        ).count()
        == 1
    )
    # Another partner type gets a 404, not the offer.
    council = UserFactory()
    RoleAssignmentFactory(
        user=council,
        role=Role.PARTNER,
        programme=area.programme,
        area=area,
        partner=PartnerFactory(type=PartnerType.COUNCIL),
    )
    client.force_login(council)
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_anonymous_is_asked_to_sign_in_for_a_private_offer(client):
    offer = make_offer(is_public=False)
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_resident_offers_something_with_the_fast_form(client):
    area = AreaFactory()
    user = UserFactory(email="rita@example.org")
    client.force_login(user)
    until = (timezone.localdate() + dt.timedelta(days=200)).isoformat()
    response = client.post(
        reverse("assets:offer_create"),
        {
            "kind": "time",
            "title": "Litter picking on Sundays",
            "offerer_kind": "individual",
            "offerer_name": "Rita",
            "area": area.pk,
            "postcode": "PE25",
            "contact_preference": "email",
            "contact_email": "rita@example.org",
            "frequency": "recurring",
            "share_with": ["council", "voluntary"],
            "consent_until": until,
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == offer.get_absolute_url()
    assert offer.offered_by == user and offer.audiences == ["council", "voluntary"]
    assert offer.category == "individuals"


def test_fast_form_refuses_a_public_individual_offer_and_stores_nothing(client):
    area = AreaFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("assets:offer_create"),
        {
            "kind": "time",
            "title": "X",
            "offerer_kind": "individual",
            "offerer_name": "Y",
            "area": area.pk,
            "contact_preference": "coordinator",
            "frequency": "one_off",
            "is_public": "on",
            "consent_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "never shown publicly" in response.content.decode()
    assert not Offer.objects.exists()


def test_volunteer_records_for_someone_else(client):
    area = AreaFactory()
    volunteer = user_with_role(Role.VOLUNTEER, area=area)
    client.force_login(volunteer)
    assert client.get(reverse("assets:offer_create")).status_code == 200
    client.post(
        reverse("assets:offer_create"),
        {
            "kind": "venue",
            "title": "Hall",
            "offerer_kind": "group",
            "offerer_name": "WI",
            "area": area.pk,
            "contact_preference": "phone",
            "contact_phone": "01754 000000",
            "frequency": "one_off",
        },
    )
    offer = Offer.objects.get()
    assert offer.recorded_by == volunteer and offer.offered_by is None


def test_coordinator_records_a_safeguarding_check(client):
    area = AreaFactory()
    offer = make_offer(area=area, involves_vulnerable=True)
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    url = reverse("assets:offer_safeguarding", kwargs={"uuid": offer.uuid})
    response = client.post(url, {"outcome": "cleared", "note": "Policy read, DBS seen"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.safeguarding == "cleared"
    # Cleared and public now, so others may see it, but only its own coordinators check it.
    client.force_login(user_with_role(Role.COORDINATOR, area=AreaFactory()))
    assert client.get(url).status_code == 403


def test_reconfirm_link_works_without_signing_in(client):
    offer = make_offer()
    Offer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() + dt.timedelta(days=3))
    url = reverse("assets:offer_confirm", kwargs={"token": offer_confirm_token(offer)})
    assert "Is your offer still available?" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.expires_on == timezone.localdate() + dt.timedelta(days=180)
    client.post(url, {"withdraw": "1"})
    offer.refresh_from_db()
    assert offer.status == "withdrawn"
    bad = client.get(reverse("assets:offer_confirm", kwargs={"token": "nonsense"}))
    assert bad.status_code == 400


def test_sweep_task_runs_twice_eagerly():
    offer = make_offer()
    Offer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() + dt.timedelta(days=2))
    assert offers_sweep_task() == {"reminded": 1, "expired": 0, "anonymised": 0}
    assert offers_sweep_task() == {"reminded": 0, "expired": 0, "anonymised": 0}
    run_outbox_tasks()
    assert len(mail.outbox) == 1


def test_sweep_task_on_a_real_worker_twice(celery_worker):
    soon = make_offer()
    overdue = make_offer()
    today = timezone.localdate()
    Offer.objects.filter(pk=soon.pk).update(expires_on=today + dt.timedelta(days=2))
    Offer.objects.filter(pk=overdue.pk).update(expires_on=today - dt.timedelta(days=1))
    first = offers_sweep_task.delay(today.isoformat()).get(timeout=60)
    second = offers_sweep_task.delay(today.isoformat()).get(timeout=60)
    assert first == {"reminded": 1, "expired": 1, "anonymised": 0}
    assert second == {"reminded": 0, "expired": 0, "anonymised": 0}
    assert offers_sweep() == {"reminded": 0, "expired": 0, "anonymised": 0}
    assert soon.reminders.count() == 1
    assert wait_until_sent(soon.reminders.get()).status == "sent"
    assert Offer.objects.get(pk=overdue.pk).status == "expired"


def test_the_admin_reminds_an_offerer_now_once_per_expiry(client, celery_worker):
    offer = make_offer()
    client.force_login(user_with_role("superuser"))
    changelist = reverse("admin:assets_offer_changelist")
    action = {"action": "send_reminder", "_selected_action": [offer.pk]}
    assert client.post(changelist, action).status_code == 302
    assert client.post(changelist, action).status_code == 302
    reminder = OfferReminder.objects.get(offer=offer)
    assert (reminder.key, reminder.expires_on) == (f"expiry-{offer.expires_on}", offer.expires_on)
    reminder = wait_until_sent(reminder)
    assert reminder.status == "sent" and reminder.attempts == 1
    page = client.get(reverse("admin:assets_offerreminder_change", args=[reminder.pk]))
    assert page.status_code == 200 and "Sent" in page.content.decode()


def test_import_page_reports_bad_rows(client):
    area = AreaFactory()
    client.force_login(user_with_role(Role.VOLUNTEER, area=area))
    data = (
        b"title,kind,offerer_kind,offerer_name,contact_preference\n"
        b"Hall,venue,group,WI,coordinator\n"
        b"Rocket,spaceship,group,NASA,coordinator\n"
    )
    response = client.post(
        reverse("assets:offer_import"),
        {"area": area.pk, "file": SimpleUploadedFile("offers.csv", data, "text/csv")},
    )
    body = response.content.decode()
    assert "Nothing was imported" in body and "spaceship" in body
    assert not Offer.objects.exists()
    good = SimpleUploadedFile("offers.csv", data.split(b"Rocket")[0], "text/csv")
    response = client.post(reverse("assets:offer_import"), {"area": area.pk, "file": good})
    assert response.status_code == 302 and Offer.objects.count() == 1


def test_import_is_refused_in_an_area_the_user_does_not_serve(client):
    mine, other = AreaFactory(), AreaFactory()
    client.force_login(user_with_role(Role.VOLUNTEER, area=mine))
    data = b"title,kind,offerer_kind,offerer_name\nHall,venue,group,WI\n"
    response = client.post(
        reverse("assets:offer_import"),
        {"area": other.pk, "file": SimpleUploadedFile("o.csv", data, "text/csv")},
    )
    assert response.status_code == 200  # the area is not a choice
    assert not Offer.objects.exists()


def test_export_for_a_partner_is_limited_and_audited(client):
    area = AreaFactory()
    mine = individual_offer(area=area, share_with=["police"], title="Mine to see")
    individual_offer(area=area, share_with=["health"], title="Not for police")
    partner = police_partner(area)
    client.force_login(partner)
    response = client.get(reverse("assets:offer_export"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Mine to see" in body and "Not for police" not in body
    assert list(
        AuditEntry.objects.filter(action="asset.offer.export").values_list("object_id", flat=True)
    ) == [str(mine.pk)]
    client.force_login(UserFactory())
    assert client.get(reverse("assets:offer_export")).status_code == 403


def test_open_referral_feed_publishes_organisations_only(client):
    area = AreaFactory()
    public = make_offer(area=area, title="Public hall", tags=["hall"])
    make_offer(area=area, title="Partners only", is_public=False)
    make_offer(area=area, title="Kids club", involves_vulnerable=True)
    individual_offer(area=area)
    page = client.get(reverse("assets:oruk_services")).json()
    assert page["total_items"] == 1 and page["first_page"] and page["last_page"]
    service = page["contents"][0]
    assert service["id"] == str(public.uuid) and service["name"] == "Public hall"
    full = client.get(reverse("assets:oruk_service", kwargs={"uuid": public.uuid})).json()
    assert full["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == (
        "PE25 3AB"
    )
    assert full["organization"]["name"] == "Friends of the Park"
    orgs = client.get(reverse("assets:oruk_organizations")).json()
    assert [o["name"] for o in orgs["contents"]] == ["Friends of the Park"]
    locations = client.get(reverse("assets:oruk_locations")).json()
    assert locations["total_items"] == 1
    assert client.get(reverse("assets:oruk_root")).json()["version"] == "3.0"


def test_matching_pages_for_a_coordinator(client):
    area = AreaFactory()
    coordinator = user_with_role(Role.COORDINATOR, area=area)
    offer = make_offer(area=area, title="Church hall with kitchen")
    client.force_login(coordinator)
    response = client.post(
        reverse("assets:need_create"),
        {
            "area": area.pk,
            "title": "Hall for the boxing project",
            "kind": "project",
            "wanted_kind": "venue",
        },
    )
    need = Need.objects.get()
    assert response["Location"] == need.get_absolute_url()
    assert "Church hall with kitchen" in client.get(need.get_absolute_url()).content.decode()
    response = client.post(need.get_absolute_url(), {"offer": str(offer.uuid)})
    match = Match.objects.get()
    assert response["Location"] == match.get_absolute_url()
    client.post(match.get_absolute_url() + "?form=contact", {"method": "phone", "note": "Rang"})
    assert ContactLogEntry.objects.count() == 1
    response = client.post(
        match.get_absolute_url() + "?form=status", {"status": "done", "outcome": ""}
    )
    assert "cannot become" in response.content.decode()
    client.post(match.get_absolute_url() + "?form=status", {"status": "agreed", "outcome": "Yes"})
    match.refresh_from_db()
    assert match.status == "agreed"
    assert "Hall for the boxing project" in client.get(reverse("assets:need_list")).content.decode()


def test_matching_is_closed_to_other_areas(client):
    need = NeedFactory()
    client.force_login(user_with_role(Role.COORDINATOR, area=AreaFactory()))
    assert client.get(need.get_absolute_url()).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("assets:need_list")).status_code == 403


def test_figures_page(client):
    area = AreaFactory()
    make_offer(area=area)
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=area.programme))
    response = client.get(reverse("assets:figures", kwargs={"pk": area.pk}))
    assert response.status_code == 200 and "Active offers by category" in response.content.decode()
    assert client.get(reverse("assets:figures_index")).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("assets:figures", kwargs={"pk": area.pk})).status_code == 403


def test_coordinator_extends_the_taxonomy(client):
    area = AreaFactory()
    client.force_login(user_with_role(Role.COORDINATOR, area=area))
    url = reverse("assets:subcategory_create", kwargs={"programme_slug": area.programme.slug})
    response = client.post(url, {"category": "cultural", "name": "Choirs"})
    assert response.status_code == 302
    assert "Choirs" in client.get(url).content.decode()


def test_offerer_edits_and_withdraws_their_offer(client):
    user = UserFactory()
    offer = individual_offer(offered_by=user)
    client.force_login(user)
    url = reverse("assets:offer_update", kwargs={"uuid": offer.uuid})
    assert client.get(url).status_code == 200
    client.post(reverse("assets:offer_withdraw", kwargs={"uuid": offer.uuid}))
    offer.refresh_from_db()
    assert offer.status == "withdrawn"
    client.force_login(UserFactory())
    assert (
        client.post(reverse("assets:offer_withdraw", kwargs={"uuid": offer.uuid})).status_code
        == 404
    )


def test_an_organisations_offer_with_html_is_refused_and_nothing_is_stored(client):
    area = AreaFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("assets:offer_create"),
        {
            "kind": "venue",
            "title": "Church hall",
            "description": "Free on Tuesdays <a href='https://evil.example'>book here</a>",
            "offerer_kind": "group",
            "offerer_name": "<b>St Mary's</b>",
            "area": area.pk,
            "contact_preference": "coordinator",
            "frequency": "one_off",
            "is_public": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "novalidate" in body
    assert "There is a problem" in body and body.count("write plain text only") >= 2
    assert not Offer.objects.exists()


def test_an_imported_row_with_html_is_refused_and_nothing_is_imported(client):
    area = AreaFactory()
    client.force_login(user_with_role(Role.VOLUNTEER, area=area))
    data = (
        b"title,kind,offerer_kind,offerer_name,contact_preference\n"
        b"Hall,venue,group,WI,coordinator\n"
        b"<script>x</script>,venue,group,Scouts,coordinator\n"
    )
    response = client.post(
        reverse("assets:offer_import"),
        {"area": area.pk, "file": SimpleUploadedFile("offers.csv", data, "text/csv")},
    )
    body = response.content.decode()
    assert "Nothing was imported" in body and "write plain text only" in body
    assert not Offer.objects.exists()
