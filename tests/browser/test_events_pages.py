"""Events in real Chromium: booking, the waiting list, cancelling by link and check-in on a
phone, with axe-core run on every page state."""

import re

import pytest

from engagement.models import Registration
from engagement.services.registrations import registration_cancel
from engagement.services.tokens import registration_token
from tests.browser.sessions import sign_in
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.browser


def book(page, name, email):
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Book my place").click()


def test_register_then_cancel_by_link(page, assert_accessible):
    event = EventFactory(title="Skegness World Café", capacity=10)
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Skegness World Café").click()
    assert_accessible(page)
    page.get_by_role("link", name="Book a place").click()
    assert_accessible(page)
    # Nothing given to reach the person: a clear error, nothing stored.
    page.get_by_label("Your name").fill("Rita Resident")
    page.get_by_role("button", name="Book my place").click()
    assert page.get_by_text("Please give an email address or a phone number").is_visible()
    assert_accessible(page)
    assert not Registration.objects.exists()
    page.get_by_label("Email").fill("rita@example.org")
    page.get_by_label("British Sign Language interpreter").check()
    page.get_by_role("button", name="Book my place").click()
    page.wait_for_url(re.compile(r"/bookings/"))
    registration = Registration.objects.get()
    assert page.get_by_text(registration.code).first.is_visible()
    assert page.get_by_role("img", name=f"QR code for {registration.code}").is_visible()
    assert_accessible(page)
    # The emailed link works without signing in.
    page.context.clear_cookies()
    page.goto(f"/bookings/{registration_token(registration)}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel my booking").click()
    assert page.get_by_text("Your booking is cancelled").is_visible()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED and event.registrations.count() == 1


def test_waiting_list_then_promoted(page, assert_accessible):
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event)
    page.goto(f"/events/{event.slug}/")
    assert page.get_by_text("This event is full").is_visible()
    page.get_by_role("link", name="Join the waiting list").click()
    assert_accessible(page)
    book(page, "Wally Waiting", "wally@example.org")
    page.wait_for_url(re.compile(r"/bookings/"))
    assert page.get_by_text("You are on the waiting list").first.is_visible()
    assert_accessible(page)
    registration_cancel(registration=first)
    page.reload()
    assert page.get_by_text("A place has come up for you!").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Take the place").click()
    assert page.get_by_text("The place is yours").is_visible()
    assert_accessible(page)
    assert Registration.objects.get(name="Wally Waiting").status == Registration.Status.CONFIRMED
    # The optional equality questions, then back to the booking.
    page.get_by_role("link", name="Answer the questions").click()
    assert_accessible(page)
    page.get_by_label("I agree to these answers").check()
    page.get_by_label("16 to 24").check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_text("Your answers are kept without your name").is_visible()
    assert_accessible(page)


def test_check_in_by_code_on_a_phone(phone_page, assert_accessible, live_server):
    event = EventFactory()
    registration = RegistrationFactory(event=event, name="Chris Checkin", party_size=2)
    sign_in(phone_page, live_server, user_with_role("volunteer", area=event.area))
    phone_page.goto(f"/events/{event.slug}/checkin/")
    assert_accessible(phone_page)
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    phone_page.get_by_label("Code", exact=True).fill(registration.code.lower())
    phone_page.get_by_role("button", name="Check in", exact=True).click()
    result = phone_page.locator("#checkin-result")
    result.get_by_text("Chris Checkin checked in (2 people).").wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_label("Code", exact=True).fill(registration.code)
    phone_page.get_by_role("button", name="Check in", exact=True).click()
    result.get_by_text("already checked in").wait_for()
    assert phone_page.locator(".checkin-figures [data-figure=present]").inner_text() == "2"
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    # A walk-in in seconds.
    phone_page.get_by_label("Name", exact=True).fill("Wendy Walkin")
    phone_page.get_by_role("button", name="Add and check in").click()
    result.get_by_text("Wendy Walkin checked in.").wait_for()
    assert_accessible(phone_page)
    assert event.registrations.filter(source="walk_in", checked_in_at__isnull=False).count() == 1


def test_check_ins_with_no_signal_are_kept_on_the_phone_and_sent_later(
    phone_page, assert_accessible, live_server
):
    event = EventFactory()
    first = RegistrationFactory(event=event, name="Olive Offline")
    second = RegistrationFactory(event=event, name="Owen Offline")
    sign_in(phone_page, live_server, user_with_role("volunteer", area=event.area))
    phone_page.goto(f"/events/{event.slug}/checkin/")
    phone_page.context.set_offline(True)
    for registration in (first, second):
        phone_page.get_by_label("Code", exact=True).fill(registration.code)
        phone_page.get_by_role("button", name="Check in", exact=True).click()
        phone_page.locator("#checkin-result").get_by_text("No signal").wait_for()
    waiting = phone_page.locator("[data-checkin-pending]")
    assert waiting.is_visible() and waiting.locator("[data-count]").inner_text() == "2"
    assert_accessible(phone_page)
    first.refresh_from_db()
    assert first.checked_in_at is None  # nothing reached the server
    phone_page.context.set_offline(False)  # the browser fires "online": the queue is sent
    phone_page.locator("#checkin-result").get_by_text("Owen Offline checked in").wait_for()
    waiting.wait_for(state="hidden")
    for registration in (first, second):
        registration.refresh_from_db()
        assert registration.checked_in_at is not None
    queue = phone_page.evaluate(
        "window.localStorage.getItem('cg-checkin-queue:' + window.location.pathname)"
    )
    assert queue == "[]"


def test_the_offline_queue_sends_in_order_once_and_waits_behind_a_failure(phone_page, live_server):
    """js/offline-queue.js itself, in the browser, with a stand-in for the network: kept items
    go oldest first; the first that cannot go holds back the rest; the same item added twice
    is kept once; an item leaves only when answered, and survives a reload until then."""
    event = EventFactory()
    sign_in(phone_page, live_server, user_with_role("volunteer", area=event.area))
    phone_page.goto(f"/events/{event.slug}/checkin/")
    script = """async () => {
        const sent = [];
        const blocked = new Set(["a"]);  // "a" cannot get through yet; "b" could
        const queue = window.OfflineQueue.create({
            key: "test-queue",
            send: (item) => blocked.has(item.id)
                ? Promise.reject(new Error("no signal"))
                : Promise.resolve({ echo: item.id }).then((a) => { sent.push(item.id); return a; }),
        });
        const settle = () => new Promise((r) => setTimeout(r, 50));
        queue.add({ id: "a", text: "first" });
        queue.add({ id: "b" });
        await settle();
        queue.add({ id: "a", text: "first" });  // the same item again: kept once, in its place
        await settle();
        const kept = queue.items().map((i) => i.id);
        const sentWhileBlocked = sent.slice();
        blocked.clear();
        queue.flush();
        await settle();
        return { kept, sentWhileBlocked, sent, left: queue.items().length };
    }"""
    outcome = phone_page.evaluate(script)
    assert outcome == {"kept": ["a", "b"], "sentWhileBlocked": [], "sent": ["a", "b"], "left": 0}
    # Stored in localStorage: what a closed page left is there after a reload.
    phone_page.evaluate(
        """() => window.OfflineQueue.create({ key: "test-queue-2",
                send: () => Promise.reject(new Error("offline")) }).add({ id: "kept" })"""
    )
    phone_page.reload()
    left = phone_page.evaluate(
        """() => window.OfflineQueue.create({ key: "test-queue-2",
                send: () => Promise.reject(new Error("offline")) }).items()"""
    )
    assert left == [{"id": "kept"}]


def test_coordinator_pages_are_accessible(page, assert_accessible, live_server):
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    sign_in(page, live_server, user_with_role("coordinator", area=event.area))
    for path in [
        "/events/new/",
        f"/events/{event.slug}/edit/",
        f"/events/{event.slug}/registrations/",
        f"/events/{event.slug}/live/",
        f"/events/{event.slug}/reach/",
        f"/events/{event.slug}/cancel/",
        "/events/manage/",
        f"/programmes/{event.programme.slug}/areas/{event.area.slug}/",
        f"/programmes/{event.programme.slug}/areas/{event.area.slug}/you-said-we-did/",
        f"/programmes/{event.programme.slug}/areas/{event.area.slug}/population/",
        "/engagement-register/",
        "/tension/",
        "/tension/new/",
        "/",
    ]:
        page.goto(path)
        assert_accessible(page)


def test_booking_on_a_phone_with_texts_through_notify(
    phone_page, assert_accessible, notify, settings, live_server
):
    settings.SITE_URL = live_server.url
    page = phone_page
    event = EventFactory(title="Boston World Café")
    page.goto(f"/events/{event.slug}/register/")
    page.get_by_label("Your name").fill("Edna Hall")
    page.get_by_label("Phone").fill("01522 555000")
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Book my place").click()
    assert page.get_by_text("Text messages need a mobile number").first.is_visible()
    assert_accessible(page)
    assert not event.registrations.exists()
    page.get_by_label("Phone").fill("07700 900123")
    page.get_by_role("button", name="Book my place").click()
    page.wait_for_url(re.compile(r"/bookings/"))
    assert page.get_by_text("by text message to 07700 900123").is_visible()
    assert_accessible(page)
    assert run_outbox_tasks() == 1
    (text,) = notify.sent
    # The link in the text opens the booking on the phone, without signing in.
    link = re.search(r"https?://\S+", text.personalisation["body"]).group(0)
    page.context.clear_cookies()
    page.goto(link)
    assert page.get_by_text(event.registrations.get().code).first.is_visible()
    assert_accessible(page)


def test_no_check_in_is_lost_on_a_slow_hall_connection(phone_page, assert_accessible, live_server):
    """2.5 s latency, four codes typed at human speed, each before the last has been answered."""
    event = EventFactory()
    people = [RegistrationFactory(event=event, name=f"Slow Person {n}") for n in range(1, 5)]
    people[1].access_needs = ["wheelchair"]
    people[1].save()
    sign_in(phone_page, live_server, user_with_role("volunteer", area=event.area))
    phone_page.goto(f"/events/{event.slug}/checkin/")
    cdp = phone_page.context.new_cdp_session(phone_page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 2500, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    box = phone_page.get_by_label("Code", exact=True)
    for person in people:
        box.press_sequentially(person.code, delay=150)
        box.press("Enter")
        # The box clears at once for the next person.
        assert box.input_value() == ""
        phone_page.wait_for_timeout(1000)
    log = phone_page.locator("[data-checkin-log]")
    assert log.locator("[data-state=sending]").count() >= 1  # still on its way, shown as such
    for person in people:
        log.get_by_text(f"{person.name} checked in.").wait_for(timeout=20000)
    assert log.locator("[data-state=checked-in]").count() == 4
    assert "Access needs: Wheelchair user" in log.inner_text()
    assert log.get_by_role("button", name="Undo").count() == 4
    assert_accessible(phone_page)
    for person in people:
        person.refresh_from_db()
        assert person.checked_in_at is not None
    assert event.registrations.filter(checked_in_at__isnull=False).count() == 4

    # Undo from the list of check-ins.
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    log.get_by_role("button", name="Undo").first.click()
    log.get_by_text("Check-in undone for Slow Person 4.").wait_for()
    people[3].refresh_from_db()
    assert people[3].checked_in_at is None
