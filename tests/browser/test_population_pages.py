"""The Census population form of an area works from the area page."""

from decimal import Decimal

import pytest

from engagement.models import AuditEntry, PopulationFigure, Role
from tests.browser.sessions import sign_in
from tests.engagement.census_files import SAMPLE, sample_bytes
from tests.factories import AreaFactory, ProgrammeFactory, user_with_role

pytestmark = pytest.mark.browser


def test_coordinator_enters_census_figures(page, live_server, assert_accessible):
    programme = ProgrammeFactory(slug="four-towns")
    area = AreaFactory(programme=programme, name="Boston", slug="boston")
    sign_in(page, live_server, user_with_role(Role.COORDINATOR, area=area))
    page.goto("/programmes/four-towns/areas/boston/")
    page.get_by_role("link", name="Census population figures").click()
    fields = page.locator("form input[type=number]")
    assert fields.count() > 5
    assert_accessible(page)
    fields.nth(0).fill("150")
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.locator(".invalid-feedback, .errorlist").first.is_visible()
    fields = page.locator("form input[type=number]")
    fields.nth(0).fill("12.5")
    page.locator("form").get_by_role("button", name="Save").click()
    assert page.get_by_text("Population figures saved.").is_visible()
    assert PopulationFigure.objects.get(area=area).percent == pytest.approx(12.5)


def _to_census_upload(page, live_server, area):
    sign_in(page, live_server, user_with_role(Role.COORDINATOR, area=area))
    page.goto(f"/programmes/{area.programme.slug}/areas/{area.slug}/population/")
    page.get_by_role("link", name="Load the figures from an ONS Census 2021 table (CSV)").click()


def test_coordinator_loads_census_figures_from_an_ons_table(page, live_server, assert_accessible):
    programme = ProgrammeFactory(slug="four-towns")
    area = AreaFactory(programme=programme, slug="boston", population=None)
    _to_census_upload(page, live_server, area)
    assert_accessible(page)
    page.get_by_label("ONS Census 2021 table (CSV)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Check the file").click()

    sex = page.locator("table.census-groups").first
    assert sex.get_by_role("row", name="Female").get_by_text("51.4%").is_visible()
    assert page.get_by_text("This file counts 21,100 people in 12 rows.").is_visible()
    assert not PopulationFigure.objects.filter(area=area).exists()  # a preview stores nothing
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    page.get_by_role("button", name="Load these figures").click()
    assert page.get_by_text("Census figures loaded: 7 groups from").is_visible()
    stored = dict(area.population_figures.values_list("key", "percent"))
    assert stored["sex:female"] == Decimal("51.4") and stored["ethnicity:black"] == Decimal("0.4")
    area.refresh_from_db()
    assert area.population == 21_100
    entry = AuditEntry.objects.get(action="population.import")
    assert entry.data["file"] == SAMPLE.name
    # the figures form shows what was loaded
    assert page.get_by_label("Sex: Female").input_value() == "51.4"


def test_one_bad_row_in_the_census_file_loads_nothing(page, live_server, assert_accessible):
    area = AreaFactory(programme=ProgrammeFactory(slug="four-towns"), slug="boston")
    PopulationFigure.objects.create(area=area, key="sex:female", percent=Decimal("50.0"))
    bad = sample_bytes().replace(b",Male,4,White,9950", b",Male,9,Whyte,9950")
    _to_census_upload(page, live_server, area)
    page.get_by_label("ONS Census 2021 table (CSV)").set_input_files(
        {"name": "wards.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Check the file").click()

    problems = page.locator("table.census-problems")
    assert page.get_by_role("heading", name="There is 1 problem in the file").is_visible()
    row = problems.get_by_role("row").nth(1)
    assert row.get_by_role("cell").nth(0).inner_text() == "12"
    assert '"Whyte" is not a category of "Ethnic group (6 categories)"' in row.inner_text()
    assert page.get_by_role("button", name="Load these figures").count() == 0
    assert_accessible(page)
    assert dict(area.population_figures.values_list("key", "percent")) == {
        "sex:female": Decimal("50.0")
    }
    assert not AuditEntry.objects.filter(action="population.import").exists()
