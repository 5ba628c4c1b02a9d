"""The harvest reviewed through the pages in Chromium: a host corrects and removes their notes
on a phone, a safeguarding flag reaches the coordinator's dashboard and inbox until it is
acknowledged, and a café theme becomes a priority of the area's bid round and its public
page."""

import re
import uuid

import pytest
from django.core import mail

from budgeting.models import Priority
from cafes import services
from cafes.models import HarvestNote, SafeguardingAlert
from cafes.services.safeguarding import safeguarding_alert_send
from engagement.models import AuditEntry, Role
from tests.browser.sessions import sign_in
from tests.budgeting.factories import BidRoundFactory
from tests.cafes.factories import cafe_with_tables, host_at
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def _note(table, text, **fields):
    return services.note_save(
        actor=None, table=table, client_id=uuid.uuid4(), round_number=1, text=text, **fields
    ).note


def test_host_corrects_and_removes_notes_on_a_phone(phone_page, assert_accessible, live_server):
    page = phone_page
    cafe = cafe_with_tables(2, rounds=2)
    table = cafe.tables.get(number=1)
    host = host_at(table, name="Hana Host")
    _note(table, "Mr Smith at number 4 deals drugs", themes="drugs")
    _note(table, "Wrong table, sorry")
    sign_in(page, live_server, host)
    page.goto(f"/cafes/{cafe.pk}/tables/1/")
    # The kinds are explained and big enough to tap.
    assert page.get_by_text("Someone's own words, written exactly as they said them.").is_visible()
    box = page.locator("label[for=note_kind_2]").bounding_box()
    assert box["height"] >= 44
    assert_accessible(page)
    page.get_by_role("link", name="Correct or remove note 2").click()
    assert_accessible(page)
    page.get_by_label("What was said").fill("Worries about drug dealing on the estate")
    page.get_by_role("button", name="Save the correction").click()
    assert page.get_by_text("Note corrected.").is_visible()
    assert page.get_by_text("Worries about drug dealing on the estate").is_visible()
    assert not HarvestNote.objects.filter(text__contains="Mr Smith").exists()
    page.get_by_role("link", name="Correct or remove note 1").click()
    page.get_by_role("button", name="Remove it for good").click()
    assert page.get_by_text("Note removed.").is_visible()
    assert HarvestNote.objects.count() == 1
    assert_accessible(page)
    # Once the summary is published only the coordinator can change it, with a reason.
    services.summary_update(actor=None, cafe=cafe, summary="Thank you all", published=True)
    page.reload()
    assert page.get_by_role("link", name=re.compile("Correct or remove")).count() == 0
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    sign_in(page, live_server, coordinator)
    page.goto(f"/cafes/{cafe.pk}/harvest/")
    page.get_by_role("link", name=re.compile("Correct or remove")).first.click()
    page.get_by_role("button", name="Remove it for good").click()
    assert page.get_by_text("This field is required").first.is_visible()
    assert_accessible(page)
    assert HarvestNote.objects.count() == 1
    page.get_by_label("Why it is being removed").fill("It identifies a resident")
    page.get_by_role("button", name="Remove it for good").click()
    assert page.get_by_text("Note removed.").is_visible()
    assert not HarvestNote.objects.exists()
    entry = AuditEntry.objects.filter(action="cafe.note.remove").latest("pk")
    assert entry.actor == coordinator and entry.data["reason"] == "It identifies a resident"


def test_safeguarding_flag_alerts_the_coordinator_until_acknowledged(
    page, phone_page, assert_accessible, live_server, django_capture_on_commit_callbacks
):
    cafe = cafe_with_tables(1, rounds=2)
    table = cafe.tables.get(number=1)
    host = host_at(table)
    coordinator = user_with_role(
        Role.COORDINATOR, area=cafe.event.area, name="Cora", email="cora@example.org"
    )
    sign_in(phone_page, live_server, host)
    phone_page.goto(f"/cafes/{cafe.pk}/tables/1/")
    phone_page.get_by_text("Someone told you something that worries you").click()
    phone_page.get_by_label("What was disclosed").fill("She is frightened to go home tonight")
    phone_page.get_by_role("button", name="Send to the coordinator privately").click()
    assert phone_page.get_by_text("Sent privately to the coordinator").is_visible()
    alert = SafeguardingAlert.objects.get()
    assert alert.recipient == coordinator
    safeguarding_alert_send(alert_id=alert.pk)
    assert mail.outbox[-1].to == ["cora@example.org"]
    assert "frightened" not in mail.outbox[-1].body
    # The dashboard banner stays until someone acknowledges the flag.
    sign_in(page, live_server, coordinator)
    page.goto("/dashboard/")
    banner = page.get_by_role("alert")
    assert banner.get_by_text("A safeguarding flag needs acknowledging").is_visible()
    assert_accessible(page)
    banner.get_by_role("link", name=cafe.event.title).click()
    assert page.get_by_text("She is frightened to go home tonight").is_visible()
    page.get_by_label("What was done").fill("Spoke to her; referred to the safeguarding lead")
    page.get_by_role("button", name="Mark as handled").click()
    assert page.get_by_text("Marked as handled.").is_visible()
    assert_accessible(page)
    page.goto("/dashboard/")
    assert page.get_by_text("safeguarding flag needs acknowledging").count() == 0
    flag = cafe.safeguarding_flags.get()
    assert flag.handled_by == coordinator and flag.handled_at and "referred" in flag.outcome


def test_theme_becomes_a_priority_of_the_areas_bid_round(page, assert_accessible, live_server):
    cafe = cafe_with_tables(1)
    table = cafe.tables.get(number=1)
    _note(table, "Nothing for teenagers in the evenings", themes="young people", kind="insight")
    round_ = BidRoundFactory(area=cafe.event.area, name="Boston community bids")
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    sign_in(page, live_server, coordinator)
    page.goto(f"/cafes/{cafe.pk}/harvest/")
    page.get_by_role("link", name="young people").first.click()
    page.get_by_label("A priority for community bids").check()
    page.get_by_label("Priority as bidders will read it").fill("Things for teenagers to do")
    page.get_by_role("button", name="Save priority").click()
    assert page.get_by_text("Priority saved.").is_visible()
    page.goto(f"/pb/rounds/{round_.slug}/setup/")
    choice = page.get_by_label(re.compile("Things for teenagers to do \\(World Café"))
    assert choice.is_visible()
    assert_accessible(page)
    choice.check()
    page.get_by_role("button", name="Add the chosen priorities").click()
    assert page.get_by_text("1 priority added.").is_visible()
    priority = Priority.objects.get(round=round_)
    assert priority.cafe_theme == cafe.themes.get()
    page.get_by_role("link", name=re.compile("The café notes behind it")).click()
    assert page.get_by_text("Nothing for teenagers in the evenings").is_visible()
    # The round's public page says which café the priority came from, and links to its summary.
    services.summary_update(actor=None, cafe=cafe, summary="What we heard", published=True)
    page.goto(f"/pb/rounds/{round_.slug}/")
    link = page.get_by_role("link", name=f"from the World Café {cafe.event.title}")
    assert link.is_visible()
    assert_accessible(page)
    link.click()
    assert page.get_by_role("heading", name="What people said").is_visible()
