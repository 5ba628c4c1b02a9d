"""The audit log page of a programme: in words, filtered, as CSV, and only for its
programme-wide coordinators and the funder's office."""

import csv
import io
from pathlib import Path

import pytest

from engagement.models import Role
from engagement.services import role_assign
from tests.browser.sessions import sign_in
from tests.factories import AreaFactory, ProgrammeFactory, UserFactory, user_with_role

pytestmark = pytest.mark.browser


def test_funders_office_reads_filters_and_downloads_the_log(page, live_server, assert_accessible):
    programme = ProgrammeFactory(name="Four Towns", slug="four-towns")
    boston = AreaFactory(programme=programme, name="Boston")
    lead = user_with_role(Role.COORDINATOR, programme=programme, name="Lena Lead")
    office = user_with_role(Role.PCC_OFFICE, programme=programme, name="Omar Office")
    role_assign(
        actor=lead,
        user=UserFactory(name="=cmd|Hana"),
        role=Role.TABLE_HOST,
        programme=programme,
        area=boston,
    )
    from engagement.services import area_update

    area_update(actor=lead, area=boston, ward="Central")
    other = ProgrammeFactory()
    role_assign(
        actor=lead, user=UserFactory(name="Elsewhere"), role=Role.VOLUNTEER, programme=other
    )

    sign_in(page, live_server, office)
    page.goto("/programmes/four-towns/")
    page.get_by_role("link", name="Audit log").click()
    assert page.get_by_role("cell", name="Role assignment given").is_visible()
    assert page.get_by_role("cell", name="Area changed").is_visible()
    assert not page.get_by_text("Elsewhere").count()
    assert_accessible(page)

    page.locator("#id_action").select_option("role")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("cell", name="Role assignment given").is_visible()
    assert not page.get_by_role("cell", name="Area changed").count()
    page.locator("#id_date_from").fill("2020-01-01")
    page.locator("#id_date_to").fill("2019-01-01")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_text("Nothing matches.").is_visible()

    page.goto("/programmes/four-towns/audit/?action=role")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["When", "Who", "What"]
    assert [r[2] for r in rows[1:]] == ["Role assignment given"]
    assert rows[1][1] == "Lena Lead"
    assert rows[1][3].startswith("'=cmd|Hana")


@pytest.mark.parametrize("who", ["area coordinator", "host", "other programme"])
def test_the_log_is_refused_to_others(page, live_server, who):
    programme = ProgrammeFactory(slug="four-towns")
    boston = AreaFactory(programme=programme)
    user = {
        "area coordinator": lambda: user_with_role(Role.COORDINATOR, area=boston),
        "host": lambda: user_with_role(Role.TABLE_HOST, programme=programme),
        "other programme": lambda: user_with_role(Role.COORDINATOR),
    }[who]()
    sign_in(page, live_server, user)
    assert page.goto("/programmes/four-towns/audit/").status == 403
