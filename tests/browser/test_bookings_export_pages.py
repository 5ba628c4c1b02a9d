"""The bookings list downloads as CSV from its page."""

from pathlib import Path

import pytest

from engagement.models import AuditEntry
from tests.browser.sessions import sign_in
from tests.engagement.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.browser


def test_volunteer_downloads_the_bookings(page, live_server, assert_accessible):
    event = EventFactory()
    RegistrationFactory(event=event, name="Ada Lovelace")
    RegistrationFactory(event=event, name="Grace Hopper")
    sign_in(page, live_server, user_with_role("volunteer", area=event.area))
    page.goto(f"/events/{event.slug}/registrations/")
    page.get_by_label("Search by name or code").fill("Hopper")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these bookings (CSV)").click()
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Grace Hopper" in body and "Ada Lovelace" not in body
    assert download.value.suggested_filename.startswith(f"bookings-{event.slug}-")
    assert AuditEntry.objects.filter(action="registration.export").count() == 1
