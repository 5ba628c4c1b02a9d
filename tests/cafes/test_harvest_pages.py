"""The pages around the harvest: summary links on the public pages, the curated summary, the
seating warnings, suggested themes and the live attendance page."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cafes import services
from cafes.models import Cafe, Seat, ThemeSuggestion
from cafes.pdf import _context as host_pack_context
from engagement.models import Registration, Role
from tests.engagement.factories import RegistrationFactory
from tests.factories import user_with_role

from .factories import cafe_with_tables, host_at, participants

pytestmark = pytest.mark.django_db


def _note(table, text, **fields):
    return services.note_save(
        actor=None, table=table, client_id=uuid.uuid4(), round_number=1, text=text, **fields
    ).note


def test_published_summary_is_linked_from_event_area_and_programme_pages(client):
    cafe = cafe_with_tables(1)
    event = cafe.event
    pages = [
        reverse("engagement:event_detail", args=[event.slug]),
        event.area.get_absolute_url(),
        event.programme.get_absolute_url(),
    ]
    summary = reverse("cafes:summary", args=[cafe.pk])
    assert all(summary not in client.get(url).content.decode() for url in pages)
    services.summary_update(actor=None, cafe=cafe, summary="What we heard", published=True)
    for url in pages:
        assert summary in client.get(url).content.decode(), url
    assert client.get(summary).status_code == 200


def test_summary_shows_the_chosen_themes_quotes_and_photos_only(client):
    cafe = cafe_with_tables(1)
    table = cafe.tables.get()
    _note(table, "Speeding", themes="Speeding")
    _note(table, "typo", themes="<b>bold theme</b>")
    quote = _note(table, "We love the river", kind="quote")
    _note(table, "Not for the summary", kind="quote")
    speeding = cafe.themes.get(name="Speeding")
    typo = cafe.themes.get(name="<b>bold theme</b>")
    services.summary_update(actor=None, cafe=cafe, summary="Thanks", published=True)
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    client.force_login(coordinator)
    choose = reverse("cafes:summary_choose", args=[cafe.pk])
    assert client.get(choose).status_code == 200
    client.post(
        choose,
        {
            f"theme-{speeding.pk}-shown": "on",
            f"theme-{speeding.pk}-order": "abc",  # bad order: first, never an error page
            f"theme-{typo.pk}-order": "1",
            "quotes": [str(quote.pk), "99999"],
        },
    )
    client.logout()
    page = client.get(reverse("cafes:summary", args=[cafe.pk])).content.decode()
    assert "Speeding" in page and "bold theme" not in page
    assert "We love the river" in page and "Not for the summary" not in page
    assert "<svg" in page  # the theme chart


def test_seating_names_an_unmet_need_and_seats_everyone_else(client):
    cafe = cafe_with_tables(2)
    host_at(cafe.tables.get(number=1))
    people = participants(cafe, 4)
    aleksandra = people[0]
    aleksandra.registration.name = "Aleksandra"
    aleksandra.registration.save()
    aleksandra.language = "Polish"
    aleksandra.save()
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    client.force_login(coordinator)
    url = reverse("cafes:seating", args=[cafe.pk])
    page = client.get(url).content.decode()
    assert "Aleksandra needs a Polish-speaking table; no table has Polish." in page
    assert "Table 2 has no host" in page
    response = client.post(reverse("cafes:seating_plan", args=[cafe.pk]), follow=True)
    assert "Aleksandra needs a Polish-speaking table" in response.content.decode()
    assert not Seat.objects.exists()
    client.post(reverse("cafes:seating_plan", args=[cafe.pk]), {"everyone_else": "1"})
    seated = set(Seat.objects.filter(round_number=1).values_list("participant_id", flat=True))
    assert seated == {p.pk for p in people[1:]}


def test_suggested_themes_page(client):
    cafe = cafe_with_tables(1)
    table = cafe.tables.get()
    for text in ["bus stops at six", "no bus after six", "bus after six please", "litter"]:
        _note(table, text)
    client.force_login(user_with_role(Role.COORDINATOR, area=cafe.event.area))
    url = reverse("cafes:suggestions", args=[cafe.pk])
    response = client.post(url, follow=True)
    assert "suggestion" in response.content.decode()
    suggestion = ThemeSuggestion.objects.get()
    action = reverse("cafes:suggestion_action", args=[cafe.pk, suggestion.pk])
    bad = client.post(action, {"action": "merge", "target": "nonsense"}, follow=True)
    assert "Choose the theme to merge into." in bad.content.decode()
    client.post(action, {"action": "accept", "name": "Evening buses"})
    assert cafe.themes.get().name == "Evening buses"
    assert cafe.themes.get().notes.count() == 3
    # A host cannot ask for or review suggestions.
    client.force_login(host_at(table))
    assert client.post(url).status_code == 403


def test_host_pack_has_the_running_order_and_who_to_call():
    cafe = cafe_with_tables(1)
    services.cafe_update(
        actor=None,
        cafe=cafe,
        contact_phone="07700 900123",
        safeguarding_lead_name="Sam Lead",
        safeguarding_lead_phone="07700 900456",
    )
    from django.template.loader import render_to_string

    html = render_to_string("cafes/pdf/host_pack.html", host_pack_context(cafe, {}))
    assert "07700 900123" in html and "Sam Lead: 07700 900456" in html
    assert "Running order" in html and "Do not promise to keep it secret" in html
    start = cafe.event.starts_at.astimezone(timezone.get_current_timezone())
    assert start.strftime("%H:%M") in html


def test_live_page_arrivals_still_expected_and_over_capacity(client):
    cafe = cafe_with_tables(1)
    event = cafe.event
    event.capacity = 2
    event.save()
    now = timezone.now()
    RegistrationFactory(
        event=event, name="Early Bird", checked_in_at=now - dt.timedelta(minutes=25)
    )
    RegistrationFactory(event=event, name="On Time", party_size=2, checked_in_at=now)
    RegistrationFactory(event=event, name="Still Coming")
    client.force_login(user_with_role(Role.COORDINATOR, area=event.area))
    page = client.get(reverse("engagement:event_live", args=[event.slug])).content.decode()
    assert "Still Coming" in page and "Early Bird" not in page
    assert "The room is over capacity: 1 person more than the 2 places." in page
    assert "Arrivals every 10 minutes" in page
    figures = client.get(reverse("engagement:event_live_json", args=[event.slug])).json()
    assert figures["over_capacity"] == 1 and figures["present"] == 3
    assert Registration.objects.count() == 3
    assert Cafe.objects.count() == 1


def test_photos_shown_in_the_summary_only_when_chosen_and_removed_for_good(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.cafes.test_images import jpeg_with_gps, upload

    settings.MEDIA_ROOT = tmp_path
    cafe = cafe_with_tables(1)
    table = cafe.tables.get()
    photo = services.photo_add(
        actor=None, table=table, image=upload(jpeg_with_gps()), description="Park ideas"
    )
    services.summary_update(actor=None, cafe=cafe, summary="Thanks", published=True)
    url = reverse("cafes:summary_photo", args=[cafe.pk, photo.pk])
    assert client.get(url).status_code == 404  # not chosen for the summary
    services.summary_curate(
        actor=None, cafe=cafe, themes={}, quotes=set(), photos={photo.pk: (True, 0)}
    )
    shown = client.get(url)
    assert shown.status_code == 200 and b"".join(shown.streaming_content)[:2] == b"\xff\xd8"
    # Close the file only: response.close() would also fire request_finished, which closes
    # the test's database connection.
    for closer in shown._resource_closers:
        closer()
    assert url in client.get(reverse("cafes:summary", args=[cafe.pk])).content.decode()
    path = tmp_path / photo.image.name
    assert path.exists()
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    client.force_login(coordinator)
    remove = reverse("cafes:photo_remove", args=[cafe.pk, 1, photo.pk])
    assert client.get(remove).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove, {"reason": "Faces of children"})
    assert not cafe.photos.exists() and not path.exists()
    assert client.get(url).status_code == 404


def test_summary_shows_the_welsh_question_in_welsh(client):
    cafe = cafe_with_tables(1)
    services.question_set(
        actor=None,
        cafe=cafe,
        round_number=1,
        text="What would make you feel safer?",
        text_cy="Beth fyddai'n gwneud i chi deimlo'n fwy diogel?",
    )
    services.summary_update(actor=None, cafe=cafe, summary="Thanks", published=True)
    url = reverse("cafes:summary", args=[cafe.pk])
    assert "What would make you feel safer?" in client.get(url).content.decode()
    client.cookies["django_language"] = "cy"
    # The request switches this thread to Welsh; put English back for the tests that follow.
    with translation.override("en"):
        welsh = client.get(url).content.decode()
    assert "Beth fyddai&#x27;n gwneud i chi deimlo&#x27;n fwy diogel?" in welsh
