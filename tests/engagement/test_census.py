"""Reading ONS Census 2021 custom dataset CSVs, and the all-or-nothing import."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from engagement.census import age_years, census_table_read
from engagement.models import AuditEntry, PopulationFigure
from engagement.services.equality import population_census_import
from tests.engagement.census_files import AGE_6, age_6, ons_csv, sample_bytes
from tests.factories import AreaFactory, UserFactory


def test_the_sample_reads_as_sex_and_ethnic_group_shares():
    table = census_table_read(sample_bytes())
    assert table.problems == []
    assert table.people == 21_100
    figures = table.figures()
    assert figures["sex:female"] == Decimal("51.4")  # 10,845 of 21,100
    assert figures["sex:male"] == Decimal("48.6")
    assert figures["ethnicity:white"] == Decimal("97.0")  # 20,470
    assert figures["ethnicity:asian"] == Decimal("1.2")
    assert table.used_areas == {"E05999901": "SAMPLE ward, made-up figures"}


@pytest.mark.parametrize(
    ("label", "years"),
    [
        ("Aged 15 years and under", (0, 15)),
        ("Aged under 1 year", (0, 0)),
        ("Aged 16 to 24 years", (16, 24)),
        ("Aged 1 year", (1, 1)),
        ("Aged 85 years and over", (85, None)),
        ("Sixteen", None),
    ],
)
def test_age_labels_are_read_as_years(label, years):
    assert age_years(label) == years


def test_six_age_categories_fill_only_the_bands_they_cover():
    table = census_table_read(age_6())
    assert table.ok
    age = table.dimensions[0]
    assert {g.key: g.percent for g in age.groups} == {
        "age_band:under_16": Decimal("30.0"),
        "age_band:16_24": Decimal("10.0"),
    }
    assert "25 to 44" in age.left_as_they_are
    notes = {c.label: c.note for c in age.categories}
    assert "cannot be split" in notes["Aged 35 to 49 years"]
    assert "Only part of" in notes["Aged 25 to 34 years"]


def test_single_years_fill_every_band():
    rows = [("E1", "Town", "0", "Aged under 1 year", 10)]
    rows += [("E1", "Town", str(n), f"Aged {n} years", 10) for n in range(1, 100)]
    rows += [("E1", "Town", "100", "Aged 100 years and over", 10)]
    table = census_table_read(ons_csv("Age (101 categories)", rows))
    assert table.ok
    shares = table.figures()
    assert shares["age_band:under_16"] == Decimal("15.8")  # 16 of 101 years
    assert shares["age_band:75_plus"] == Decimal("25.7")  # 75..100+: 26 of 101
    assert table.dimensions[0].left_as_they_are == []


def test_only_the_areas_own_rows_count_when_its_code_is_in_the_file():
    data = age_6(code="E05000001") + age_6(code="E05000002").split(b"\n", 1)[1]
    mine = census_table_read(data, area_code="E05000002")
    assert mine.ok and list(mine.used_areas) == ["E05000002"] and mine.people == 1000
    every = census_table_read(data, area_code="E09999999")
    assert every.ok and len(every.used_areas) == 2 and every.people == 2000


def test_every_problem_is_named_row_by_row():
    rows = [("E1", "Town", *r) for r in AGE_6]
    rows[1] = ("E1", "Town", "2", "Aged 16 to 24 years", "lots")
    rows[3] = ("E1", "Town", "4", "Aged thirty-five", 200)
    rows[4] = ("E1", "Town", "5", "Aged fifty", "")
    rows.append(rows[0])
    table = census_table_read(ons_csv("Age (6 categories)", rows) + b"E1,Town,7\n")
    assert not table.ok
    problems = {p.row: p.message for p in table.problems}
    both = [p.message for p in table.problems if p.row == 6]  # every problem of a row
    assert len(both) == 2 and '"Aged fifty" is not a category' in both[1]
    assert 'The observation "lots" is not a whole number' in problems[3]
    assert '"Aged thirty-five" is not a category' in problems[5]
    assert "repeats row 2" in problems[8]
    assert "has 3 cells" in problems[9]


def test_a_file_of_another_layout_is_refused_in_words():
    table = census_table_read(b"name,age\nAda,36\n")
    assert [p.row for p in table.problems] == [1]
    assert "ONS custom dataset layout" in table.problems[0].message
    table = census_table_read(
        ons_csv("Hours worked (5 categories)", [("E1", "Town", "1", "Part-time", 5)])
    )
    assert "None of this table's columns" in table.problems[0].message
    assert "not UTF-8" in census_table_read("Aged,é".encode("latin-1")).problems[0].message


@pytest.mark.django_db
def test_the_import_stores_the_shares_and_the_population_and_logs_it():
    area = AreaFactory(population=None)
    PopulationFigure.objects.create(area=area, key="age_band:65_74", percent=Decimal("20"))
    user = UserFactory()
    population_census_import(actor=user, area=area, data=sample_bytes(), file_name="s.csv")
    stored = dict(area.population_figures.values_list("key", "percent"))
    assert stored["ethnicity:white"] == Decimal("97.0")
    assert stored["age_band:65_74"] == Decimal("20")  # a question the file does not give
    area.refresh_from_db()
    assert area.population == 21_100
    entry = AuditEntry.objects.get(action="population.import")
    assert entry.actor == user and entry.programme_id == area.programme_id
    assert entry.data["file"] == "s.csv" and "sex:female" in entry.data["keys"]


@pytest.mark.django_db
def test_one_bad_row_imports_nothing():
    area = AreaFactory(population=4000)
    data = sample_bytes().replace(b",White,9950", b",White,9950.5")
    with pytest.raises(ValidationError) as refused:
        population_census_import(actor=UserFactory(), area=area, data=data)
    assert any(m.startswith("Row 12:") for m in refused.value.messages)
    assert not PopulationFigure.objects.filter(area=area).exists()
    assert not AuditEntry.objects.filter(action="population.import").exists()
    area.refresh_from_db()
    assert area.population == 4000


@pytest.mark.django_db
def test_the_demo_loads_the_sample_through_the_import_once():
    from engagement.demo import seed_demo
    from engagement.models import Area

    seed_demo(log=lambda _line: None)
    seed_demo(log=lambda _line: None)
    skegness = Area.objects.get(slug="skegness")
    assert skegness.population_figures.get(key="sex:female").percent == Decimal("51.4")
    assert AuditEntry.objects.filter(action="population.import").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "where", "allowed"),
    [
        ("coordinator", "area", True),
        ("coordinator", "programme", True),
        ("coordinator", "other_area", False),
        ("volunteer", "area", False),
        (None, None, False),
    ],
)
def test_only_the_areas_coordinators_may_import(client, role, where, allowed):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from engagement.forms.census import CensusConfirmForm
    from tests.factories import user_with_role

    area = AreaFactory()
    scope = {
        "area": {"area": area},
        "programme": {"programme": area.programme},
        "other_area": {"area": AreaFactory(programme=area.programme)},
        None: {},
    }[where]
    client.force_login(user_with_role(role, **scope))
    url = reverse("engagement:area_population_census", args=[area.programme.slug, area.slug])
    upload = SimpleUploadedFile("s.csv", sample_bytes(), "text/csv")
    preview = client.post(url, {"file": upload})
    confirm = CensusConfirmForm.for_file(data=sample_bytes(), file_name="s.csv")
    imported = client.post(url, {**confirm.initial, "confirm": "1"})
    if allowed:
        assert preview.status_code == 200 and b"Load these figures" in preview.content
        assert imported.status_code == 302
        assert area.population_figures.count() == 7
    else:
        assert preview.status_code == imported.status_code == 403
        assert not area.population_figures.exists()


@pytest.mark.django_db
def test_a_confirmation_that_is_not_the_file_is_refused_in_words(client):
    from django.urls import reverse

    from tests.factories import user_with_role

    area = AreaFactory()
    client.force_login(user_with_role("coordinator", area=area))
    url = reverse("engagement:area_population_census", args=[area.programme.slug, area.slug])
    response = client.post(url, {"data": "not base64!", "confirm": "1"}, follow=True)
    assert b"could not be read back" in response.content
    assert not area.population_figures.exists()
