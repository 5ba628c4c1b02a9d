"""A programme's partner organisations from the pages: add, edit, retire, and who may."""

import pytest

from engagement.models import AuditEntry, Partner, Role
from tests.browser.sessions import sign_in
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role

pytestmark = pytest.mark.browser


def test_coordinator_adds_edits_and_retires_a_partner(page, live_server, assert_accessible):
    programme = ProgrammeFactory(name="Four Towns", slug="four-towns")
    AreaFactory(programme=programme, name="Boston")
    AreaFactory(programme=programme, name="Louth")
    sign_in(page, live_server, user_with_role(Role.COORDINATOR, programme=programme))
    page.goto("/programmes/four-towns/")
    page.get_by_role("link", name="Partner organisations").click()
    page.get_by_role("link", name="Add a partner").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Boston Mayflower")
    page.locator("#id_type").select_option("housing")
    page.locator("#id_contact_name").fill("Priya Patel")
    page.locator("#id_contact_email").fill("priya@example.org")
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_text("Choose at least one area").first.is_visible()
    page.get_by_label("Boston").check()
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_text("Boston Mayflower added.").is_visible()
    assert page.get_by_role("cell", name="Priya Patel priya@example.org").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit Boston Mayflower").click()
    page.get_by_label("Louth").check()
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_role("cell", name="Boston, Louth").is_visible()

    page.get_by_role("button", name="Retire Boston Mayflower").click()
    assert page.get_by_text("Boston Mayflower is retired").is_visible()
    partner = Partner.objects.get(name="Boston Mayflower")
    assert partner.retired_at is not None
    # A retired partner is no longer offered when inviting someone as a partner.
    page.goto("/programmes/four-towns/people/")
    assert "Boston Mayflower" not in page.locator("#id_partner").inner_text()
    actions = set(AuditEntry.objects.filter(programme=programme).values_list("action", flat=True))
    assert {"partner.create", "partner.update", "partner.retire"} <= actions


def test_partners_page_refused_to_area_coordinators(page, live_server):
    programme = ProgrammeFactory(slug="four-towns")
    area = AreaFactory(programme=programme)
    sign_in(page, live_server, user_with_role(Role.COORDINATOR, area=area))
    assert page.goto("/programmes/four-towns/partners/").status == 403
    assert page.goto("/programmes/four-towns/partners/new/").status == 403
