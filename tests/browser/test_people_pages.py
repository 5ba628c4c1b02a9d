"""People pages in Chromium: invite, accept and remove a role at programme and area scope,
and the refusals (another area, a role wider than one's own, the last coordinator)."""

import re

import pytest
from django.core import mail

from engagement.models import Role, RoleAssignment
from tests.browser.sessions import sign_in
from tests.factories import PASSWORD, AreaFactory, ProgrammeFactory, UserFactory, user_with_role
from tests.outbox import run_outbox_tasks

pytestmark = pytest.mark.browser


def _link():
    assert run_outbox_tasks() >= 1
    return re.search(r"https?://\S+/invitations/\S+", mail.outbox[-1].body).group(0)


def _local(url, live_server):
    return live_server.url + url[url.index("/invitations/") :]


@pytest.fixture
def programme():
    programme = ProgrammeFactory(
        name="Four Towns", slug="four-towns", funder_office_name="Mayor's office"
    )
    AreaFactory(programme=programme, name="Boston", slug="boston")
    AreaFactory(programme=programme, name="Louth", slug="louth")
    return programme


def test_programme_coordinator_invites_an_area_coordinator_who_makes_an_account(
    page, browser, live_server, assert_accessible, programme
):
    lead = user_with_role(Role.COORDINATOR, programme=programme, name="Lena Lead")
    sign_in(page, live_server, lead)
    page.goto("/programmes/four-towns/")
    page.get_by_role("link", name="People").click()
    assert page.get_by_role("cell", name="Lena Lead").first.is_visible()
    assert_accessible(page)
    # The funder's office goes by the programme's own name.
    assert "Mayor's office" in page.locator("#id_role").inner_text()
    page.locator("#id_email").fill("ada@example.org")
    page.locator("#id_role").select_option(Role.COORDINATOR)
    page.locator("#id_area").select_option(label="Boston")
    page.locator("#id_language").select_option("cy")
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_text("Invitation sent to ada@example.org").is_visible()
    assert page.get_by_text("ada@example.org: Coordinator, Boston").is_visible()
    assert_accessible(page)

    guest = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    guest.goto(_local(_link(), live_server))
    # A Welsh email's link opens the page in Welsh.
    assert guest.locator("html").get_attribute("lang") == "cy"
    assert_accessible(guest)
    guest.locator("#id_name").fill("Ada Area")
    guest.locator("#id_password1").fill(PASSWORD)
    guest.locator("#id_password2").fill("not the same")
    guest.locator("form button[type=submit], form input[type=submit]").last.click()
    assert guest.locator(".invalid-feedback, .errorlist, .alert-danger").first.is_visible()
    guest.locator("#id_password1").fill(PASSWORD)
    guest.locator("#id_password2").fill(PASSWORD)
    guest.locator("form button[type=submit], form input[type=submit]").last.click()
    guest.wait_for_url(re.compile(r"/dashboard/"))
    ada = RoleAssignment.objects.get(user__email="ada@example.org")
    assert (ada.role, ada.area.slug, ada.granted_by) == (Role.COORDINATOR, "boston", lead)
    guest.context.close()


def test_area_coordinator_invites_a_host_who_signs_in_and_is_then_removed(
    page, browser, live_server, assert_accessible, programme
):
    boston = programme.areas.get(slug="boston")
    user_with_role(Role.COORDINATOR, programme=programme)
    local = user_with_role(Role.COORDINATOR, area=boston, name="Ada Area")
    sign_in(page, live_server, local)

    # Refusals: another area's page, the programme's page, a coordinator role.
    assert page.goto("/programmes/four-towns/areas/louth/people/").status == 403
    assert page.goto("/programmes/four-towns/people/").status == 403
    page.goto("/programmes/four-towns/areas/boston/")
    page.get_by_role("link", name="People").click()
    offered = page.locator("#id_role option").evaluate_all("els => els.map(e => e.value)")
    assert set(offered) == {Role.TABLE_HOST, Role.VOLUNTEER, Role.PARTNER}
    assert_accessible(page)

    hana = UserFactory(email="hana@example.org", name="Hana Host")
    page.locator("#id_email").fill("hana@example.org")
    page.locator("#id_role").select_option(Role.TABLE_HOST)
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_text("Invitation sent to hana@example.org").is_visible()

    guest = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    link = _local(_link(), live_server)
    guest.goto(link)
    # Someone with an account signs in first and comes back to accept.
    guest.locator("#main").get_by_role("link", name="Sign in").click()
    guest.locator("#id_login").fill("hana@example.org")
    guest.locator("#id_password").fill(PASSWORD)
    guest.locator("form").get_by_role("button", name="Sign In").click()
    guest.wait_for_url(re.compile(r"/invitations/"))
    guest.get_by_role("button", name="Accept the invitation").click()
    guest.wait_for_url(re.compile(r"/dashboard/"))
    assert guest.get_by_text("You are now Table host for Boston").is_visible()
    guest.goto(link)
    assert guest.get_by_text("already been accepted").is_visible()
    guest.context.close()

    page.reload()
    assert page.get_by_role("cell", name="Hana Host hana@example.org").is_visible()
    page.get_by_role("button", name="Remove Table host from Hana Host").click()
    assert page.get_by_text("Hana Host no longer holds the role Table host").is_visible()
    assert not RoleAssignment.objects.filter(user=hana).exists()
    assert_accessible(page)


def test_the_last_programme_coordinator_cannot_be_removed(page, live_server, programme):
    lead = user_with_role(Role.COORDINATOR, programme=programme, name="Lena Lead")
    sign_in(page, live_server, lead)
    page.goto("/programmes/four-towns/people/")
    page.get_by_role("button", name="Remove Coordinator from Lena Lead").click()
    assert page.get_by_text("Lena Lead is the last coordinator of the whole programme").is_visible()
    assert RoleAssignment.objects.filter(user=lead).exists()


def test_programme_settings_name_the_funders_office_everywhere(
    page, live_server, assert_accessible, programme, tmp_path, settings
):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    lead = user_with_role(Role.COORDINATOR, programme=programme, name="Lena Lead")
    office = user_with_role(Role.PCC_OFFICE, programme=programme, name="Omar Office")
    sign_in(page, live_server, lead)
    page.goto("/programmes/four-towns/")
    page.get_by_role("link", name="Programme settings").click()
    assert_accessible(page)
    page.locator("#id_funder_office_name").fill("Combined authority mayor's office")
    page.locator("#id_funder_org_id").fill("GB-GOR-PC000123")
    page.locator("#id_results_second_approver").select_option(label="Omar Office")
    logo = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(logo, "PNG")
    page.locator("#id_funder_logo").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": logo.getvalue()}
    )
    page.locator("#id_start_date").fill("2027-03-01")
    page.locator("#id_end_date").fill("2027-01-01")
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_text("The end date cannot be before the start date.").first.is_visible()
    assert not page.get_by_text("programme_end_after_start").count()
    page.locator("#id_end_date").fill("2027-12-31")
    page.locator("#id_funder_logo").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": logo.getvalue()}
    )
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_text("Programme saved.").is_visible()
    programme.refresh_from_db()
    assert programme.results_second_approver == office
    assert programme.funder_org_id == "GB-GOR-PC000123"
    assert programme.funder_logo.name.startswith("programmes/logos/")
    page.goto("/programmes/four-towns/people/")
    assert page.get_by_role(
        "cell", name="Combined authority mayor's office", exact=True
    ).is_visible()


def test_staff_land_on_their_dashboard_after_signing_in(page, programme):
    user_with_role(Role.TABLE_HOST, programme=programme, email="hana@example.org")
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("hana@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
