"""World Café pages in real Chromium with axe-core on every page state: the coordinator's
planning and harvest pages, the host's phone page with the offline note queue, and the
projected facilitator screen."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cafes import services
from cafes.models import Cafe, HarvestNote, Seat
from engagement.models import Role
from tests.browser.sessions import sign_in
from tests.cafes.factories import cafe_with_tables, host_at, participants
from tests.factories import ProgrammeFactory, user_with_role

pytestmark = pytest.mark.browser


@pytest.fixture
def cafe():
    cafe = cafe_with_tables(2, rounds=2)
    people = participants(cafe, 6)
    tables = list(cafe.tables.order_by("number"))
    for r in (1, 2):
        for i, person in enumerate(people):
            Seat.objects.create(
                cafe=cafe, round_number=r, table=tables[(i + r) % 2], participant=person
            )
    Cafe.objects.filter(pk=cafe.pk).update(seating_planned_at=timezone.now(), seating_repeats=0)
    services.question_set(
        actor=None, cafe=cafe, round_number=1, text="What do you love about this place?"
    )
    services.question_set(
        actor=None, cafe=cafe, round_number=2, text="What would you change first?"
    )
    cafe.refresh_from_db()
    return cafe


def test_coordinator_plans_and_reads_the_harvest(page, assert_accessible, live_server, cafe):
    host = host_at(cafe.tables.get(number=1), name="Hana Host")
    services.note_save(
        actor=host,
        table=cafe.tables.get(number=1),
        client_id=uuid.uuid4(),
        round_number=1,
        kind="insight",
        text="Speeding on the main road",
        themes="Speeding",
    )
    services.flag_raise(
        actor=host,
        table=cafe.tables.get(number=1),
        client_id=uuid.uuid4(),
        text="A worrying disclosure",
    )
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    sign_in(page, live_server, coordinator)
    page.goto("/cafes/")
    assert_accessible(page)
    page.get_by_role("link", name=cafe.event.title).click()
    assert page.get_by_text("1 safeguarding flag needs action").is_visible()
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Café")
    for name in ["Tables", "Hosts", "Questions", "Seating", "Harvest", "Summary", "Safeguarding"]:
        nav.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        assert_accessible(page)
    # Plan the seating with the rotation planner.
    nav.get_by_role("link", name="Seating", exact=True).click()
    page.get_by_role("button", name="Plan again").click()
    assert page.get_by_text("Repeated pairs:").first.is_visible()
    assert_accessible(page)
    assert Seat.objects.filter(cafe=cafe, round_number=1).count() == 6
    # Add a table: an over-sized table is refused clearly, nothing stored.
    nav.get_by_role("link", name="Tables", exact=True).click()
    page.get_by_role("spinbutton", name="Seats").fill("7")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("at most five seats").first.is_visible()
    assert_accessible(page)
    assert cafe.tables.count() == 2
    page.get_by_role("spinbutton", name="Seats").fill("4")
    page.get_by_label("Language", exact=True).fill("Polish")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Table added.").is_visible()
    assert cafe.tables.filter(number=3, language="Polish").exists()
    # A question from scratch with a Welsh translation.
    nav.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("link", name="Set the question for round 2").click()
    assert_accessible(page)
    page.get_by_label("Question", exact=True).fill("What would make you feel safer?")
    page.get_by_label("Question in Welsh").fill("Beth fyddai'n gwneud i chi deimlo'n fwy diogel?")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("What would make you feel safer?").is_visible()
    # The theme page: rename, mark, make it a priority.
    nav.get_by_role("link", name="Harvest", exact=True).click()
    page.get_by_role("link", name="Speeding").first.click()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("^Theme")).fill("Speeding traffic")
    page.get_by_label("Kind").select_option("concern")
    page.get_by_role("button", name="Save").first.click()
    assert page.get_by_text("Theme saved.").is_visible()
    page.get_by_label("A priority for community bids").check()
    page.get_by_label("Priority as bidders will read it").fill("Safer roads near schools")
    page.get_by_role("button", name="Save priority").click()
    assert page.get_by_text("Priority saved.").is_visible()
    assert_accessible(page)
    assert cafe.themes.get().is_priority


def test_host_phone_page_keeps_notes_offline(phone_page, assert_accessible, live_server, cafe):
    page = phone_page
    host = host_at(cafe.tables.get(number=1), name="Hana Host")
    sign_in(page, live_server, host)
    page.goto(f"/cafes/{cafe.pk}/my-table/")
    page.wait_for_url(re.compile(r"/tables/1/$"))
    assert page.get_by_role("heading", name="Table 1").is_visible()
    assert page.get_by_text("What do you love about this place?").is_visible()
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    # Online: saved at once, shown in the list.
    page.get_by_label("Insight").check()
    page.get_by_label("What was said", exact=True).fill("The river walk is lovely")
    page.get_by_label("Themes").fill("Green spaces")
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("All notes sent.").wait_for()
    assert HarvestNote.objects.get().text == "The river walk is lovely"
    assert_accessible(page)
    # Offline: kept on the phone, then sent when the connection is back.
    page.context.set_offline(True)
    page.get_by_label("What was said", exact=True).fill("Buses stop at six")
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Kept on this phone, waiting to send: 1").wait_for()
    queued = page.evaluate(f"JSON.parse(localStorage.getItem('cg-harvest-{cafe.pk}-1')).length")
    assert queued == 1 and HarvestNote.objects.count() == 1
    assert_accessible(page)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("All notes sent.").wait_for()
    assert sorted(HarvestNote.objects.values_list("text", flat=True)) == [
        "Buses stop at six",
        "The river walk is lovely",
    ]
    # Replaying the same queued note (as a second tab might) stores nothing new.
    page.evaluate(
        """key => {
            const id = document.querySelector("[data-client-id]").dataset.clientId;
            const text = "Buses stop at six";
            const fields = {client_id: id, round_number: "1", kind: "note", text: text};
            const url = location.pathname + "notes/";
            localStorage.setItem(key, JSON.stringify([{id: id, url: url, fields: fields}]));
            window.dispatchEvent(new Event("online"));
        }""",
        f"cg-harvest-{cafe.pk}-1",
    )
    page.get_by_text("All notes sent.").wait_for()
    assert HarvestNote.objects.count() == 2
    # Safeguarding goes privately.
    page.get_by_text("Someone told you something that worries you").click()
    page.get_by_label("What was disclosed").fill("A boy mentioned being asked to carry parcels")
    page.get_by_role("button", name="Send to the coordinator privately").click()
    assert page.get_by_text("Sent privately to the coordinator").is_visible()
    assert_accessible(page)
    assert cafe.safeguarding_flags.count() == 1


def test_facilitator_screen_counts_down_and_shows_moves(page, assert_accessible, live_server, cafe):
    coordinator = user_with_role(Role.COORDINATOR, area=cafe.event.area)
    sign_in(page, live_server, coordinator)
    page.goto(f"/cafes/{cafe.pk}/screen/")
    assert page.get_by_role("heading", name="Find your table").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Turn the chime on").click()
    assert (
        page.get_by_role("button", name=re.compile("chime")).get_attribute("aria-pressed") == "true"
    )
    page.get_by_role("button", name="Start round 1").click()
    assert page.get_by_text("Round 1 of 2").is_visible()
    assert re.fullmatch(r"\d+:\d\d", page.get_by_role("timer").inner_text())
    assert page.get_by_role("heading", name="Round 2: where to go next").is_visible()
    assert_accessible(page)
    # The round's time is up: the chime sounds and people are told to move.
    Cafe.objects.filter(pk=cafe.pk).update(
        round_started_at=timezone.now() - dt.timedelta(minutes=cafe.round_minutes + 1)
    )
    page.reload()
    page.get_by_text("Time to move to your next table").wait_for()
    assert page.get_by_role("timer").inner_text() == "0:00"
    assert_accessible(page)


def question_box(page):
    """The English question box (the Welsh one beside it is labelled "Question in Welsh")."""
    return page.get_by_role("textbox", name=re.compile(r"^Question\*?$"))


def test_question_bank_add_and_change(page, assert_accessible, live_server):
    programme = ProgrammeFactory()
    coordinator = user_with_role(Role.COORDINATOR, programme=programme)
    sign_in(page, live_server, coordinator)
    page.goto(f"/cafes/question-bank/{programme.slug}/")
    expect(page.get_by_text("The bank is empty.")).to_be_visible()
    assert_accessible(page)
    question_box(page).fill("   ")  # blank to the server: errors, nothing saved
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page)
    question_box(page).fill("What makes this street feel safe?")
    page.get_by_label("Question in Welsh").fill("Beth sy'n gwneud i'r stryd hon deimlo'n ddiogel?")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Question added to the bank.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Change\b.*this street feel safe")).click()
    assert question_box(page).input_value() == "What makes this street feel safe?"
    assert_accessible(page)
