"""The café pages through the test client: who gets what, forms that call services, the
idempotent JSON note endpoint, CSV and the summary."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse

from cafes.models import Cafe, CafeQuestion, HarvestNote, SafeguardingFlag, Seat
from engagement.models import AuditEntry, Event, Role
from tests.engagement.factories import EventFactory
from tests.factories import user_with_role

from .factories import cafe_with_tables, host_at, participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def cafe():
    cafe = cafe_with_tables(2, rounds=2)
    people = participants(cafe, 6)
    t1, t2 = cafe.tables.all()
    for r in (1, 2):
        for i, person in enumerate(people):
            table = (t1, t2)[(i + r) % 2]
            Seat.objects.create(cafe=cafe, round_number=r, table=table, participant=person)
    Cafe.objects.filter(pk=cafe.pk).update(
        seating_planned_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    cafe.refresh_from_db()
    return cafe


@pytest.fixture
def coordinator(cafe):
    return user_with_role(Role.COORDINATOR, area=cafe.event.area)


def url(name, cafe, **kwargs):
    return reverse(f"cafes:{name}", kwargs={"pk": cafe.pk, **kwargs})


COORDINATOR_PAGES = [
    ("cafe_detail", {}),
    ("cafe_update", {}),
    ("tables", {}),
    ("table_update", {"number": 1}),
    ("hosts", {}),
    ("questions", {}),
    ("question_edit", {"round": 1}),
    ("seating", {}),
    ("screen", {}),
    ("host_table", {"number": 1}),
    ("harvest", {}),
    ("safeguarding", {}),
    ("summary", {}),
    ("summary_edit", {}),
]


def test_coordinator_pages_open(client, cafe, coordinator):
    client.force_login(coordinator)
    for name, kwargs in COORDINATOR_PAGES:
        response = client.get(url(name, cafe, **kwargs))
        assert response.status_code == 200, name
    assert client.get(reverse("cafes:cafe_list")).status_code == 200
    bank = reverse("cafes:bank", kwargs={"programme_slug": cafe.event.programme.slug})
    assert client.get(bank).status_code == 200


def test_wrong_area_coordinator_and_resident_are_refused(client, cafe):
    for user in (user_with_role(Role.COORDINATOR), user_with_role(None)):
        client.force_login(user)
        for name, kwargs in COORDINATOR_PAGES:
            if name == "summary":
                continue
            assert client.get(url(name, cafe, **kwargs)).status_code == 403, name


def test_anonymous_is_sent_to_sign_in(client, cafe):
    response = client.get(url("seating", cafe))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_host_sees_their_table_only(client, cafe):
    t1 = cafe.tables.get(number=1)
    host = host_at(t1)
    client.force_login(host)
    page = client.get(url("host_table", cafe, number=1))
    assert page.status_code == 200
    seated = [s.participant.name for s in Seat.objects.filter(table=t1, round_number=1)]
    assert all(name in page.content.decode() for name in seated)
    assert client.get(url("host_table", cafe, number=2)).status_code == 403
    assert client.get(url("harvest", cafe)).status_code == 403
    assert client.get(url("safeguarding", cafe)).status_code == 403
    assert client.get(url("my_table", cafe))["Location"].endswith("/tables/1/")
    # Writing at another table is refused and stores nothing.
    response = client.post(
        url("note_save", cafe, number=2),
        {"client_id": uuid.uuid4(), "round_number": 1, "kind": "note", "text": "Sneaky"},
    )
    assert response.status_code == 403
    assert not HarvestNote.objects.exists()


def note_data(client_id, **extra):
    return {
        "client_id": str(client_id),
        "round_number": 1,
        "kind": "insight",
        "text": "Buses",
        **extra,
    }


def test_note_json_endpoint_is_idempotent(client, cafe):
    host = host_at(cafe.tables.get(number=1))
    client.force_login(host)
    client_id = uuid.uuid4()
    target = url("note_save", cafe, number=1)
    first = client.post(
        target, note_data(client_id, themes="transport"), HTTP_ACCEPT="application/json"
    )
    again = client.post(
        target, note_data(client_id, themes="transport"), HTTP_ACCEPT="application/json"
    )
    assert first.status_code == again.status_code == 200
    assert json.loads(first.content)["created"] is True
    assert json.loads(again.content)["created"] is False
    assert json.loads(again.content)["note"]["themes"] == ["transport"]
    assert HarvestNote.objects.count() == 1
    assert HarvestNote.objects.get().author == host


def test_note_errors_are_clear_and_store_nothing(client, cafe):
    client.force_login(host_at(cafe.tables.get(number=1)))
    target = url("note_save", cafe, number=1)
    response = client.post(target, note_data(uuid.uuid4(), text=""), HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and json.loads(response.content)["ok"] is False
    quote = note_data(uuid.uuid4(), kind="quote", attribution="Sue")
    response = client.post(target, quote, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "agreed to be quoted" in json.loads(response.content)["errors"][0]
    page = client.post(target, quote)
    assert page.status_code == 400 and "agreed to be quoted" in page.content.decode()
    assert not HarvestNote.objects.exists()


def test_plain_form_post_redirects_back(client, cafe):
    client.force_login(host_at(cafe.tables.get(number=1)))
    response = client.post(url("note_save", cafe, number=1), note_data(uuid.uuid4()))
    assert response.status_code == 302 and response["Location"].endswith("/tables/1/")
    assert HarvestNote.objects.count() == 1


def test_safeguarding_flag_goes_to_coordinator_only(client, cafe, coordinator):
    t1 = cafe.tables.get(number=1)
    host = host_at(t1)
    other_host = host_at(cafe.tables.get(number=2))
    client.force_login(host)
    response = client.post(
        url("flag_raise", cafe, number=1),
        {"client_id": str(uuid.uuid4()), "round_number": 1, "text": "Disclosure about a boy"},
    )
    assert response.status_code == 302
    flag = SafeguardingFlag.objects.get()
    for user in (host, other_host):
        client.force_login(user)
        assert "Disclosure" not in client.get(url("host_table", cafe, number=1)).content.decode()
        assert client.get(url("safeguarding", cafe)).status_code == 403
    client.force_login(coordinator)
    page = client.get(url("safeguarding", cafe))
    assert "Disclosure about a boy" in page.content.decode()
    assert AuditEntry.objects.filter(action="cafe.safeguarding.view", actor=coordinator).exists()
    client.post(url("flag_handle", cafe, flag=flag.pk), {"outcome": "Referred"})
    flag.refresh_from_db()
    assert flag.status == "handled"


def test_coordinator_sets_up_a_cafe_from_an_event(client):
    event = EventFactory(kind=Event.Kind.WORLD_CAFE)
    coordinator = user_with_role(Role.COORDINATOR, area=event.area)
    client.force_login(coordinator)
    assert event.title in client.get(reverse("cafes:cafe_list")).content.decode()
    response = client.post(
        reverse("cafes:cafe_create", kwargs={"slug": event.slug}),
        {
            "purpose": "Safer streets",
            "rounds": 3,
            "round_minutes": 20,
            "changeover_minutes": 5,
            "etiquette": "Listen",
            "tables": 4,
            "seats": 4,
        },
    )
    cafe = Cafe.objects.get()
    assert response["Location"] == cafe.get_absolute_url()
    assert cafe.tables.count() == 4
    # Too many seats: a clear error and nothing stored.
    response = client.post(url("tables", cafe), {"seats": 7})
    assert "five" in response.content.decode()
    assert cafe.tables.count() == 4


def test_pb_event_cannot_get_a_cafe(client):
    event = EventFactory(kind=Event.Kind.PB_EVENT)
    client.force_login(user_with_role(Role.COORDINATOR, area=event.area))
    assert client.get(reverse("cafes:cafe_create", kwargs={"slug": event.slug})).status_code == 403


def test_question_page_saves_translations(client, cafe, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("question_edit", cafe, round=1),
        {
            "text": "What makes you proud of this place?",
            "text_cy": "Beth sy'n eich gwneud yn falch?",
            "translations": "pl: Z czego jesteś dumny w tym miejscu?",
        },
    )
    assert response.status_code == 302
    question = CafeQuestion.objects.get()
    assert question.text_en == "What makes you proud of this place?"
    assert question.text_cy == "Beth sy'n eich gwneud yn falch?"
    assert question.translations == {"pl": "Z czego jesteś dumny w tym miejscu?"}
    # The form shows both again, the English in the English box even on a Welsh page.
    client.cookies["django_language"] = "cy"
    form = client.get(url("question_edit", cafe, round=1)).context["form"]
    assert form.initial["text"] == "What makes you proud of this place?"
    assert form.initial["text_cy"] == "Beth sy'n eich gwneud yn falch?"
    client.cookies["django_language"] = "en"
    bad = client.post(
        url("question_edit", cafe, round=2), {"text": "Hi", "translations": "Welsh text"}
    )
    assert bad.status_code == 200 and "colon" in bad.content.decode()
    assert CafeQuestion.objects.count() == 1


def test_screen_shows_moves_and_follows_rounds(client, cafe, coordinator):
    client.force_login(coordinator)
    page = client.get(url("screen", cafe)).content.decode()
    assert "Find your table" in page
    state = json.loads(client.get(url("screen_state", cafe)).content)["state"]
    client.post(url("round_start", cafe), {"round_number": 1})
    cafe.refresh_from_db()
    assert cafe.current_round == 1
    assert json.loads(client.get(url("screen_state", cafe)).content)["state"] != state
    page = client.get(url("screen", cafe)).content.decode()
    assert "Round 2: where to go next" in page and "data-ends-at" in page
    # Skipping ahead is refused with a message.
    client.post(url("round_start", cafe), {"round_number": 5})
    cafe.refresh_from_db()
    assert cafe.current_round == 1


def test_harvest_csv_and_public_summary(client, cafe, coordinator):
    client.force_login(host_at(cafe.tables.get(number=1)))
    client.post(url("note_save", cafe, number=1), note_data(uuid.uuid4(), themes="buses"))
    client.force_login(coordinator)
    response = client.get(url("harvest_csv", cafe))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv") and "Buses" in body
    assert "buses" in client.get(url("harvest", cafe)).content.decode()
    client.logout()
    assert client.get(url("summary", cafe)).status_code == 302
    client.force_login(coordinator)
    client.post(
        url("summary_edit", cafe), {"summary": "People want better buses.", "published": "on"}
    )
    client.logout()
    page = client.get(url("summary", cafe))
    assert page.status_code == 200 and "better buses" in page.content.decode()


def test_host_pack_not_downloadable_before_it_is_made(client, cafe, coordinator):
    client.force_login(coordinator)
    assert client.get(url("host_pack", cafe)).status_code == 404


def test_a_public_summary_with_html_is_refused_and_nothing_changes(client, cafe, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("summary_edit", cafe),
        {"summary": "Buses <script>alert(1)</script>", "published": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "novalidate" in body
    assert "There is a problem" in body and "write plain text only" in body
    cafe.refresh_from_db()
    assert cafe.summary == "" and not cafe.summary_published


def test_a_note_with_html_is_refused_by_the_offline_queue_endpoint(client, cafe):
    client.force_login(host_at(cafe.tables.get(number=1)))
    response = client.post(
        url("note_save", cafe, number=1),
        note_data(uuid.uuid4(), text="<img src=x onerror=alert(1)>"),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "write plain text only" in json.loads(response.content)["errors"][0]
    assert not HarvestNote.objects.exists()


def test_a_refused_button_says_why_and_changes_nothing(client, cafe, coordinator):
    """The shared action base on a café page: table 1 has people seated in a played round, so
    removing it is refused with the service's reason and the coordinator is back on the list."""
    from django.contrib.messages import get_messages

    Cafe.objects.filter(pk=cafe.pk).update(current_round=1)
    client.force_login(coordinator)
    response = client.post(url("table_delete", cafe, number=1))
    assert response.status_code == 302 and response["Location"] == url("tables", cafe)
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert shown == [("error", "People sat at this table in a round already played.")]
    assert cafe.tables.filter(number=1).exists()


def test_the_screen_shows_the_welsh_question_in_welsh(client, cafe, coordinator):
    from cafes.models import CafeQuestion

    CafeQuestion.objects.update_or_create(
        cafe=cafe,
        round_number=1,
        defaults={
            "text": "What makes you proud of this place?",
            "text_cy": "Beth sy'n eich gwneud yn falch o'r lle hwn?",
        },
    )
    client.force_login(coordinator)
    english = client.get(url("screen", cafe)).content.decode()
    assert "What makes you proud of this place?" in english
    client.cookies["django_language"] = "cy"
    welsh = client.get(url("screen", cafe)).content.decode()
    assert "Beth sy&#x27;n eich gwneud yn falch o&#x27;r lle hwn?" in welsh
    assert "What makes you proud of this place?" not in welsh
