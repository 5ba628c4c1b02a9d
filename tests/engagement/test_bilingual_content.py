"""Texts people write, in English and Welsh (django-modeltranslation): the form's plain field
is the English even on a Welsh page, the Welsh box sits beside it, and a Welsh page shows the
Welsh, or the English marked as English with a note when no Welsh is written yet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from budgeting.services import round_update
from engagement.models import Event, YouSaidWeDid
from engagement.services.register import you_said_we_did_update
from tests.budgeting.factories import BidRoundFactory
from tests.engagement.factories import EventFactory
from tests.factories import AreaFactory, user_with_role

pytestmark = pytest.mark.django_db


def event_data(existing: Event, **extra) -> dict:
    start = timezone.localtime(existing.starts_at) + dt.timedelta(days=3)
    return {
        "kind": "world_cafe",
        "programme": existing.programme.pk,
        "area": existing.area.pk,
        "slug": "caffi",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "venue_name": "Neuadd y Dref",
        "capacity": 20,
        "reserved_places": 0,
        "languages": "English, Welsh",
        "is_public": "on",
        "status": "published",
        "reminder_hours": "48",
        "offer_hours": 24,
        **extra,
    }


def test_a_coordinator_on_a_welsh_page_writes_both_languages(client):
    existing = EventFactory()
    client.force_login(user_with_role("coordinator", area=existing.area))
    client.cookies["django_language"] = "cy"
    data = event_data(
        existing,
        title="Community café",
        title_cy="Caffi cymunedol",
        purpose="Talk about safety",
        purpose_cy="Sgwrs am ddiogelwch",
    )
    response = client.post(reverse("engagement:event_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(slug="caffi")
    assert (event.title_en, event.title_cy) == ("Community café", "Caffi cymunedol")
    assert (event.purpose_en, event.purpose_cy) == ("Talk about safety", "Sgwrs am ddiogelwch")
    # The edit form, still in Welsh, puts the English in the English box.
    form = client.get(reverse("engagement:event_update", args=[event.slug])).context["form"]
    assert form.initial["title"] == "Community café"
    assert form.initial["title_cy"] == "Caffi cymunedol"
    assert not form.fields["title_cy"].required


def test_the_public_page_shows_welsh_or_english_with_a_note(client):
    event = EventFactory(title="Safer streets café", purpose="Talk about safety", is_public=True)
    url = event.get_absolute_url()
    english = client.get(url).content.decode()
    assert "Safer streets café" in english and "welsh-note" not in english
    client.cookies["django_language"] = "cy"
    welsh = client.get(url).content.decode()
    assert '<h1 lang="en">Safer streets café</h1>' in welsh and "welsh-note" in welsh
    event.title_cy, event.purpose_cy = "Caffi strydoedd mwy diogel", "Sgwrs am ddiogelwch"
    event.save()
    welsh = client.get(url).content.decode()
    assert "<h1 >Caffi strydoedd mwy diogel</h1>" in welsh and "welsh-note" not in welsh
    assert "Sgwrs am ddiogelwch" in welsh


def test_you_said_we_did_and_round_texts_follow_the_language(client):
    area = AreaFactory()
    round_ = BidRoundFactory(intro="How to bid")
    item = YouSaidWeDid.objects.create(
        area=area, you_said="Speeding", we_did="Speed watch", owner="Roads policing"
    )
    you_said_we_did_update(
        actor=None, item=item, you_said_cy="Goryrru", we_did_cy="Gwylio cyflymder"
    )
    url = reverse("engagement:you_said_we_did", args=[area.programme.slug, area.slug])
    client.cookies["django_language"] = "cy"
    page = client.get(url).content.decode()
    assert "Goryrru" in page and "Gwylio cyflymder" in page and "Speeding" not in page

    # Built while this thread is Welsh (the request above), the texts are still the English.
    later = BidRoundFactory(name="Later round")
    assert (later.name_en, later.name_cy) == ("Later round", None)
    assert round_.localised_intro == "How to bid"
    round_update(actor=None, round=round_, name_cy="Cylch Cymraeg", intro_cy="Sut i wneud cais")
    round_.refresh_from_db()
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Cylch Cymraeg" in page and "Sut i wneud cais" in page and "How to bid" not in page
    assert round_.name_en and round_.intro_en == "How to bid"


@pytest.mark.parametrize(
    "admin_url",
    [
        "admin:engagement_event_change",
        "admin:engagement_yousaidwedid_change",
        "admin:cafes_cafe_change",
        "admin:cafes_bankquestion_change",
        "admin:budgeting_bidround_change",
    ],
)
def test_the_admin_edits_each_language_by_name(client, admin_user, admin_url):
    from cafes.models import BankQuestion
    from tests.cafes.factories import CafeFactory

    cafe = CafeFactory()
    objects = {
        "event": cafe.event,
        "yousaidwedid": YouSaidWeDid.objects.create(area=AreaFactory(), you_said="x", owner="y"),
        "cafe": cafe,
        "bankquestion": BankQuestion.objects.create(programme=cafe.event.programme, text="Why?"),
        "bidround": BidRoundFactory(),
    }
    obj = objects[admin_url.split("_")[-2]]
    client.force_login(admin_user)
    client.cookies["django_language"] = "cy"
    page = client.get(reverse(admin_url, args=[obj.pk])).content.decode()
    # One box per language, never the plain field that would write the page's language.
    assert page.count('_en"') >= 1 and page.count('_cy"') >= 1
