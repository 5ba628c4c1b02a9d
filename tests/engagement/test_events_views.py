"""Event pages: who may see and do what, role by role, and the resident's booking journey."""

import datetime as dt
import json
import re

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from engagement.models import (
    EngagementActivity,
    EqualityResponse,
    Event,
    Programme,
    Registration,
    TensionAssessment,
    YouSaidWeDid,
)
from engagement.services.equality import equality_answers_release
from engagement.services.tokens import event_invite_token, registration_token
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "resident",
    "wrong_area_coordinator",
    "volunteer",
    "pcc_office",
    "coordinator",
    "superuser",
]


def actor(role, event):
    if role == "anonymous":
        return None
    if role == "resident":
        return user_with_role(None)
    if role == "wrong_area_coordinator":
        return user_with_role("coordinator", area=AreaFactory(programme=event.programme))
    if role == "superuser":
        return user_with_role("superuser")
    return user_with_role(role, area=event.area)


def status_for(client, role, event, url, method="get"):
    user = actor(role, event)
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    return response.status_code


# page -> roles allowed (everyone else: anonymous is sent to log in, others get 403)
STAFF_PAGES = {
    "event_update": {"coordinator", "superuser"},
    "event_cancel": {"coordinator", "superuser"},
    "event_registrations": {"volunteer", "coordinator", "superuser"},
    "event_checkin": {"volunteer", "coordinator", "superuser"},
    "event_live": {"volunteer", "coordinator", "superuser"},
    "event_live_json": {"volunteer", "coordinator", "superuser"},
    "event_reach": {"pcc_office", "coordinator", "superuser"},
}


@pytest.mark.parametrize("page", sorted(STAFF_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_role_by_role(client, page, role):
    event = EventFactory()
    RegistrationFactory(event=event)
    code = status_for(client, role, event, reverse(f"engagement:{page}", args=[event.slug]))
    if role in STAFF_PAGES[page]:
        assert code == 200
    else:
        assert code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_draft_event_is_only_for_staff_in_scope(client, role):
    event = EventFactory(status=Event.Status.DRAFT)
    code = status_for(client, role, event, event.get_absolute_url())
    allowed = {"volunteer", "pcc_office", "coordinator", "superuser"}
    assert code == (200 if role in allowed else 302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_published_event_is_public(client, role):
    event = EventFactory()
    assert status_for(client, role, event, event.get_absolute_url()) == 200


def test_invite_only_event_needs_the_invitation(client):
    event = EventFactory(is_public=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("engagement:event_register", args=[event.slug])).status_code == 404
    url = f"{event.get_absolute_url()}?invite={event_invite_token(event)}"
    assert client.get(url).status_code == 200
    # The session remembers the invitation for the booking page.
    assert client.get(reverse("engagement:event_register", args=[event.slug])).status_code == 200
    assert event not in client.get(reverse("engagement:event_list")).context["events"]


def test_list_filters_and_hides_drafts_and_past(client, django_assert_max_num_queries):
    event = EventFactory(kind=Event.Kind.PB_EVENT)
    other = EventFactory(kind=Event.Kind.WORLD_CAFE)
    EventFactory(status=Event.Status.DRAFT)
    EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    EventFactory(area=AreaFactory(programme=Programme.objects.create(name="D", slug="d")))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("engagement:event_list"))
    assert list(response.context["events"]) == [event, other]
    response = client.get(reverse("engagement:event_list"), {"kind": "pb_event"})
    assert list(response.context["events"]) == [event]
    response = client.get(reverse("engagement:event_list"), {"area": other.area.pk})
    assert list(response.context["events"]) == [other]
    later = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert not client.get(reverse("engagement:event_list"), {"date_from": later}).context["events"]


def test_resident_books_sees_code_and_cancels_by_link_without_login(client):
    event = EventFactory(capacity=1)
    response = client.post(
        reverse("engagement:event_register", args=[event.slug]),
        {"name": "Rita", "email": "rita@example.org", "party_size": 1, "access_needs": ["bsl"]},
    )
    registration = Registration.objects.get()
    assert registration.access_needs == ["bsl"]
    manage = reverse("engagement:registration_manage", args=[registration_token(registration)])
    assert response.url == manage
    page = client.get(manage).content.decode()
    assert registration.code in page and "qr.svg" in page
    assert 'style="' not in page and "<script>" not in page
    qr = client.get(reverse("engagement:registration_qr", args=[registration_token(registration)]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    client.post(manage, {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize(
    ("language", "subject"),
    [("cy", "Mae gennych le: Caffi Skegness"), ("en", "You are booked: Caffi Skegness")],
)
def test_the_booking_email_is_in_the_language_the_person_booked_in(client, language, subject):
    from engagement.services.messages import event_message_send

    event = EventFactory(title="Caffi Skegness")
    client.cookies["django_language"] = language
    client.post(
        reverse("engagement:event_register", args=[event.slug]),
        {"name": "Rhian", "email": "rhian@example.org", "party_size": 1},
    )
    registration = Registration.objects.get()
    assert registration.language == language
    # The worker sends it later, whatever language the worker itself is in.
    with translation.override("en" if language == "cy" else "cy"):
        event_message_send(message_id=registration.messages.get().pk)
    assert mail.outbox[-1].subject == subject


def test_forged_booking_link_is_404(client):
    registration = RegistrationFactory()
    token = registration_token(registration)
    assert (
        client.get(reverse("engagement:registration_manage", args=[token[:-2] + "xx"])).status_code
        == 404
    )


def test_bad_booking_shows_an_error_and_stores_nothing(client):
    event = EventFactory()
    response = client.post(
        reverse("engagement:event_register", args=[event.slug]), {"name": "Rita", "party_size": 1}
    )
    assert "email address or a phone number" in response.content.decode()
    response = client.post(
        reverse("engagement:event_register", args=[event.slug]),
        {"name": "Rita", "party_size": 40, "email": "a@b.org"},
    )
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_equality_answers_are_stored_apart_and_once(client):
    registration = RegistrationFactory()
    url = reverse("engagement:registration_equality", args=[registration_token(registration)])
    assert client.post(url, {"p1_age_band": "16_24"}).status_code == 200  # no consent: nothing
    assert not EqualityResponse.objects.exists()
    client.post(url, {"consent": "on", "p1_age_band": "16_24", "p1_groups": ["young_people"]})
    assert not EqualityResponse.objects.exists()  # counted later, in a shuffled batch
    assert equality_answers_release(minimum=1) == 1
    response = EqualityResponse.objects.get()
    assert response.group_young_people and response.age_band == "16_24"
    assert not any(f.related_model is Registration for f in EqualityResponse._meta.get_fields())
    assert "already answered" in client.post(url, {"consent": "on"}).content.decode()


def test_equality_questions_are_asked_of_each_person_in_the_booking(client):
    registration = RegistrationFactory(party_size=2)
    url = reverse("engagement:registration_equality", args=[registration_token(registration)])
    page = client.get(url).content.decode()
    assert "Person 2 in your booking" in page and "What is your religion?" in page
    assert "What is your sex?" in page and "Send our answers" in page
    client.post(
        url,
        {
            "consent": "on",
            "p1_sex": "female",
            "p1_religion": "christian",
            "p2_sex": "male",
            "p2_religion": "none",
            "p2_age_band": "75_plus",
        },
    )
    assert equality_answers_release(minimum=1) == 2  # counted later, in a shuffled batch
    answers = sorted(EqualityResponse.objects.values_list("sex", "religion", "age_band"))
    assert answers == [("female", "christian", ""), ("male", "none", "75_plus")]
    again = client.post(url, {"consent": "on", "p1_religion": "christian"})
    assert "already answered" in again.content.decode()
    assert equality_answers_release(minimum=1) == 0
    assert EqualityResponse.objects.count() == 2


def test_ics_and_feeds(client):
    event = EventFactory(title="Sleaford café")
    EventFactory(area=event.area, is_public=False)
    ics = client.get(reverse("engagement:event_ics", args=[event.slug]))
    cal = icalendar.Calendar.from_ical(ics.content)
    [item] = cal.walk("VEVENT")
    assert str(item["summary"]) == "Sleaford café"
    assert item.decoded("dtstart") == event.starts_at
    for url in [
        reverse("engagement:programme_calendar", args=[event.programme.slug]),
        reverse("engagement:area_calendar", args=[event.programme.slug, event.area.slug]),
    ]:
        feed = icalendar.Calendar.from_ical(client.get(url).content)
        assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Sleaford café"]


def test_check_in_by_code_json_and_walk_in(client):
    registration = RegistrationFactory(party_size=2)
    event = registration.event
    client.force_login(user_with_role("volunteer", area=event.area))
    url = reverse("engagement:event_checkin", args=[event.slug])
    first = client.post(url, {"code": registration.code}, HTTP_ACCEPT="application/json").json()
    again = client.post(url, {"code": registration.code}, HTTP_ACCEPT="application/json").json()
    assert first["newly"] and not again["newly"] and "already" in again["message"]
    assert first["figures"]["present"] == 2
    bad = client.post(url, {"code": "ZZZZZZ"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "No booking" in bad.json()["message"]
    # Without JavaScript: a plain post and a redirect with a message.
    response = client.post(
        reverse("engagement:event_walk_in", args=[event.slug]),
        {"name": "Walk In", "party_size": 1},
        follow=True,
    )
    assert "Walk In checked in" in response.content.decode()
    search = client.get(url, {"q": registration.name.split()[0]})
    assert registration in list(search.context["results"])


def test_create_event_warns_about_a_clash(client):
    existing = EventFactory(venue_name="Town Hall")
    coordinator = user_with_role("coordinator", area=existing.area)
    client.force_login(coordinator)
    start = timezone.localtime(existing.starts_at)
    data = {
        "kind": "world_cafe",
        "programme": existing.programme.pk,
        "area": existing.area.pk,
        "title": "Second",
        "slug": "second",
        "purpose": "Talk",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "venue_name": "Town Hall",
        "capacity": 20,
        "reserved_places": 0,
        "languages": "English",
        "is_public": "on",
        "status": "published",
        "reminder_hours": "48",
        "offer_hours": 24,
    }
    response = client.post(reverse("engagement:event_create"), data)
    assert response.status_code == 200 and "clashes with" in response.content.decode()
    assert Event.objects.count() == 1
    response = client.post(reverse("engagement:event_create"), {**data, "confirm_clash": "on"})
    assert response.status_code == 302 and Event.objects.count() == 2


def test_coordinator_cannot_create_in_another_area(client):
    area = AreaFactory()
    client.force_login(user_with_role("coordinator", area=area))
    other = AreaFactory(programme=area.programme)
    form = client.get(reverse("engagement:event_create")).context["form"]
    assert list(form.fields["area"].queryset) == [area]
    assert other not in form.fields["area"].queryset


def test_cancel_event_page_emails_everyone(client, django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(user_with_role("coordinator", area=event.area))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("engagement:event_cancel", args=[event.slug]),
            {"confirm": "on", "reason": "Flood"},
        )
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and len(callbacks) == 2


def test_phone_booking_by_volunteer(client):
    event = EventFactory()
    client.force_login(user_with_role("volunteer", area=event.area))
    client.post(
        reverse("engagement:event_registrations", args=[event.slug]),
        {"name": "Mr Jones", "party_size": 2, "source": "phone"},
    )
    registration = Registration.objects.get()
    assert registration.source == "phone" and registration.email == ""


def test_you_said_we_did_public_page_and_management(client):
    area = AreaFactory()
    YouSaidWeDid.objects.create(
        area=area, you_said="Speeding on Main Street", we_did="Speed watch", owner="Roads policing"
    )
    YouSaidWeDid.objects.create(area=area, you_said="Hidden", owner="x", is_public=False)
    url = reverse("engagement:you_said_we_did", args=[area.programme.slug, area.slug])
    page = client.get(url).content.decode()
    assert "Speeding on Main Street" in page and "Hidden" not in page
    new = reverse("engagement:you_said_we_did_create", args=[area.programme.slug, area.slug])
    assert client.get(new).status_code == 302
    client.force_login(user_with_role("coordinator", area=AreaFactory(programme=area.programme)))
    assert client.get(new).status_code == 403
    client.force_login(user_with_role("coordinator", area=area))
    client.post(new, {"you_said": "Bins", "owner": "Council", "status": "done", "is_public": "on"})
    assert YouSaidWeDid.objects.filter(you_said="Bins").exists()


@pytest.mark.parametrize(
    "role", ["anonymous", "resident", "volunteer", "pcc_office", "coordinator", "superuser"]
)
def test_tension_assessments_are_for_coordinators_only(client, role):
    area = AreaFactory()
    assessment = TensionAssessment.objects.create(
        programme=area.programme,
        area=area,
        title="Incident",
        incident_date=timezone.localdate(),
        what_happened="x",
        communities_affected="y",
        confidence_assessment="z",
    )
    user = actor(role, Event(programme=area.programme, area=area))
    if user:
        client.force_login(user)
    allowed = role in {"coordinator", "superuser"}
    for url in [
        reverse("engagement:tension_list"),
        reverse("engagement:tension_detail", args=[assessment.pk]),
    ]:
        assert client.get(url).status_code == (
            200 if allowed else 302 if role == "anonymous" else 403
        )


def test_wrong_area_coordinator_cannot_see_tension(client):
    area = AreaFactory()
    assessment = TensionAssessment.objects.create(
        programme=area.programme,
        area=area,
        title="Incident",
        incident_date=timezone.localdate(),
        what_happened="x",
        communities_affected="y",
        confidence_assessment="z",
    )
    client.force_login(user_with_role("coordinator", area=AreaFactory(programme=area.programme)))
    assert client.get(reverse("engagement:tension_detail", args=[assessment.pk])).status_code == 403
    assert assessment not in client.get(reverse("engagement:tension_list")).context["assessments"]


def test_tension_update_keeps_history_visible(client):
    area = AreaFactory()
    coordinator = user_with_role("coordinator", area=area)
    client.force_login(coordinator)
    data = {
        "programme": area.programme.pk,
        "area": area.pk,
        "title": "Incident",
        "incident_date": timezone.localdate().isoformat(),
        "what_happened": "x",
        "communities_affected": "y",
        "confidence_assessment": "z",
        "tension_level": "low",
        "status": "open",
    }
    client.post(reverse("engagement:tension_create"), data)
    assessment = TensionAssessment.objects.get()
    client.post(
        reverse("engagement:tension_update", args=[assessment.pk]),
        {**data, "tension_level": "high"},
    )
    page = client.get(reverse("engagement:tension_detail", args=[assessment.pk])).content.decode()
    assert "Level of tension" in page and assessment.history.count() == 2
    assert "tension_level" not in page  # the field by its label, never its code


def test_engagement_register_search_and_gaps(client):
    area = AreaFactory()
    EngagementActivity.objects.create(
        programme=area.programme,
        area=area,
        title="Youth forum",
        kind="forum",
        strand="consulting",
        audiences=["young_people"],
        police_can_join=True,
    )
    EngagementActivity.objects.create(
        programme=area.programme,
        title="Newsletter",
        kind="newsletter",
        strand="informing",
        audiences=["everyone"],
    )
    url = reverse("engagement:activity_list")
    assert client.get(url).status_code == 302
    client.force_login(user_with_role(None))
    assert client.get(url).status_code == 403
    client.force_login(user_with_role("partner", area=area))
    response = client.get(url, {"audience": "young_people", "police_can_join": "on"})
    assert [a.title for a in response.context["activities"]] == ["Youth forum"]
    gaps = dict(response.context["gaps"])
    assert gaps["Children and young people"] == [0, 1, 0]
    response = client.post(
        reverse("engagement:activity_create"),
        {
            "programme": area.programme.pk,
            "area": area.pk,
            "title": "Survey",
            "kind": "survey",
            "strand": "consulting",
        },
    )
    assert (
        response.status_code == 302 and EngagementActivity.objects.filter(title="Survey").exists()
    )


def test_reach_page_and_population_form(client):
    event = EventFactory()
    client.force_login(user_with_role("coordinator", area=event.area))
    url = reverse("engagement:area_population", args=[event.programme.slug, event.area.slug])
    client.post(url, {"age_band__16_24": "12.5"})
    assert event.area.population_figures.get().percent == 12.5
    page = client.get(
        reverse("engagement:area_reach", args=[event.programme.slug, event.area.slug])
    )
    assert page.status_code == 200
    programme_page = client.get(reverse("engagement:programme_reach", args=[event.programme.slug]))
    assert programme_page.status_code == 403  # an area coordinator does not see the whole programme


def test_my_data_export_and_erase_include_bookings(client):
    user = user_with_role(None)
    registration = RegistrationFactory(email=user.email)
    client.force_login(user)
    data = json.loads(client.get(reverse("engagement:my_data_download")).content)
    assert data["event_registrations"]["registrations"][0]["code"] == registration.code
    client.post(reverse("engagement:my_data_erase"), {"confirm": "on"})
    registration.refresh_from_db()
    assert (
        registration.status == Registration.Status.CANCELLED
        and registration.email == ""
        and registration.anonymised_at
    )


def test_emails_link_to_the_booking_page():
    registration = RegistrationFactory()
    from engagement.services.messages import event_message_send, message_queue

    message = message_queue(registration=registration, kind="confirmation")
    event_message_send(message_id=message.pk)
    link = re.search(r"http\S+/bookings/\S+/", mail.outbox[0].body).group(0)
    assert registration_token(registration) in link


def test_failed_emails_are_tried_again_from_the_bookings_list(
    client, django_capture_on_commit_callbacks
):
    from engagement.event_tasks import event_message_send_task
    from engagement.models import AuditEntry, EventMessage

    event = EventFactory()
    failed = EventMessage.objects.create(
        registration=RegistrationFactory(event=event),
        kind=EventMessage.Kind.CONFIRMATION,
        status=EventMessage.Status.FAILED,
        attempts=5,
        error="SMTPServerDisconnected: the mail server went away",
    )
    sent = EventMessage.objects.create(
        registration=RegistrationFactory(event=event),
        kind=EventMessage.Kind.CONFIRMATION,
        status=EventMessage.Status.SENT,
    )
    client.force_login(user_with_role("volunteer", area=event.area))
    page = client.get(reverse("engagement:event_registrations", args=[event.slug]))
    html = page.content.decode()
    assert "Try the failed messages again now" in html
    assert "Failed 1" in html and "Sent 1" in html  # the states by name, not database codes
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("engagement:event_emails_retry", args=[event.slug]))
    assert response.url == reverse("engagement:event_registrations", args=[event.slug])
    assert len(queued) == 1  # only the failed one
    event_message_send_task.apply(args=[failed.pk])  # what the worker does with it
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == EventMessage.Status.SENT and failed.error == ""
    assert [m.to[0] for m in mail.outbox] == [failed.registration.email]
    assert AuditEntry.objects.get(action="event.emails.retry").data == {"count": 1}
    # Nothing failed now: the button says so and queues nothing.
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("engagement:event_emails_retry", args=[event.slug]))
    assert queued == []


def test_residents_cannot_retry_an_events_emails(client):
    event = EventFactory()
    client.force_login(user_with_role(None))
    response = client.post(reverse("engagement:event_emails_retry", args=[event.slug]))
    assert response.status_code == 403


def test_the_engagement_register_refuses_html_and_stores_nothing(client):
    area = AreaFactory()
    client.force_login(user_with_role("partner", area=area))
    response = client.post(
        reverse("engagement:activity_create"),
        {
            "programme": area.programme.pk,
            "area": area.pk,
            "title": "Survey",
            "description": "Tell us <a href='https://evil.example'>here</a>",
            "kind": "survey",
            "strand": "consulting",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "novalidate" in body
    assert "There is a problem" in body and "write plain text only" in body
    assert not EngagementActivity.objects.exists()


def test_an_events_public_text_refuses_html(client):
    event = EventFactory(purpose="A walk round the park.")
    client.force_login(user_with_role("coordinator", area=event.area))
    page = client.get(reverse("engagement:event_update", args=[event.slug]))
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None and name not in ("languages",)
    }
    data.update(
        {
            "area": event.area_id,
            "starts_at": "2031-05-01T18:00",
            "ends_at": "2031-05-01T20:00",
            "purpose": "Come along <script>alert(1)</script>",
        }
    )
    response = client.post(reverse("engagement:event_update", args=[event.slug]), data)
    assert response.status_code == 200 and "write plain text only" in response.content.decode()
    event.refresh_from_db()
    assert event.purpose == "A walk round the park."


def test_a_booking_with_html_in_the_name_is_refused(client):
    event = EventFactory()
    response = client.post(
        reverse("engagement:event_register", args=[event.slug]),
        {"name": "<b>Rita</b>", "party_size": 1, "email": "rita@example.org"},
    )
    assert response.status_code == 200 and "write plain text only" in response.content.decode()
    assert not Registration.objects.exists()


def test_tension_dates_must_make_sense(client):
    area = AreaFactory()
    client.force_login(user_with_role("coordinator", area=area))
    today = timezone.localdate()
    data = {
        "programme": area.programme.pk,
        "area": area.pk,
        "title": "Incident",
        "incident_date": (today + dt.timedelta(days=1)).isoformat(),
        "what_happened": "x",
        "communities_affected": "y",
        "confidence_assessment": "z",
        "tension_level": "low",
        "status": "open",
        "next_review_on": (today - dt.timedelta(days=3)).isoformat(),
    }
    page = client.post(reverse("engagement:tension_create"), data).content.decode()
    assert "The incident date cannot be in the future." in page
    assert not TensionAssessment.objects.exists()
    data["incident_date"] = today.isoformat()
    page = client.post(reverse("engagement:tension_create"), data).content.decode()
    assert "The review cannot be due before the incident." in page
    assert not TensionAssessment.objects.exists()
    data["next_review_on"] = (today + dt.timedelta(days=7)).isoformat()
    client.post(reverse("engagement:tension_create"), data)
    assert TensionAssessment.objects.count() == 1
