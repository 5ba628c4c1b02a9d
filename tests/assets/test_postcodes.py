"""The UK postcode directory: the grid conversion against published points, both file formats,
the load command (batched, idempotent, terminated postcodes) and search through the page."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assets.geo import coarse_point, haversine_km, postcode_point
from assets.models import Offer, Postcode
from assets.postcodes import grid
from assets.postcodes.readers import (
    CODEPOINT,
    ONSPD,
    PostcodeFileError,
    detect_format,
    read_rows,
)
from assets.postcodes.samples import CODEPOINT_SAMPLE, ONSPD_SAMPLE
from engagement.models import AuditEntry
from tests.assets.factories import individual_offer, make_offer
from tests.factories import AreaFactory


def dms(degrees, minutes, seconds):
    return degrees + minutes / 60 + seconds / 3600


# --- the conversion, against Ordnance Survey's worked examples and a published postcode --------


def test_inverse_transverse_mercator_matches_the_os_guide_worked_example():
    # "A guide to coordinate systems in Great Britain", Annexe C.2: 651409.903 E, 313177.270 N.
    lat, lon = grid.grid_to_osgb36(651409.903, 313177.270)
    assert lat == pytest.approx(dms(52, 39, 27.2531), abs=1e-7)
    assert lon == pytest.approx(dms(1, 43, 4.5177), abs=1e-7)


def test_cartesian_step_matches_the_os_guide_worked_example():
    # The guide's Annexe B.1 example: the same point at 24.7 m on the Airy ellipsoid.
    x, y, z = grid.to_cartesian(dms(52, 39, 27.2531), dms(1, 43, 4.5177), 24.7, grid.AIRY_1830)
    assert (x, y, z) == pytest.approx((3874938.849, 116218.624, 5047168.208), abs=0.01)
    lat, lon = grid.from_cartesian(x, y, z, grid.AIRY_1830)
    assert (lat, lon) == pytest.approx((dms(52, 39, 27.2531), dms(1, 43, 4.5177)), abs=1e-8)


def test_grid_to_wgs84_matches_the_published_point_of_sw1a_1aa():
    # ONSPD gives SW1A 1AA as 529090 E, 179645 N and 51.501009, -0.141588.
    point = grid.grid_to_wgs84(529090, 179645)
    assert haversine_km(point, (51.501009, -0.141588)) * 1000 < 5


def test_the_datum_shift_is_applied_in_the_right_direction():
    # OSGB36 and WGS84 differ by about 100 m in London: without the Helmert step we are off.
    osgb36 = grid.grid_to_osgb36(529090, 179645)
    assert 80 < haversine_km(osgb36, (51.501009, -0.141588)) * 1000 < 150


# --- reading the two formats ----------------------------------------------------------------


def test_onspd_rows_carry_termination_and_skip_no_position():
    rows = {r.postcode: r for r in read_rows(ONSPD_SAMPLE)}
    assert rows["PE25 3AB"].latitude == pytest.approx(53.1605)
    assert rows["PE25 3AB"].source == ONSPD
    assert rows["PE25 1QX"].terminated_on == dt.date(2015, 6, 1)
    assert rows["PE25 3AB"].terminated_on is None
    assert rows["ZZ99 3VZ"].latitude is None  # lat 99.999999: no grid reference


def test_codepoint_rows_are_converted_from_the_grid():
    onspd = {r.postcode.replace(" ", ""): r for r in read_rows(ONSPD_SAMPLE)}
    rows = list(read_rows(CODEPOINT_SAMPLE))
    assert {r.source for r in rows} == {CODEPOINT}
    placed = [r for r in rows if r.latitude is not None]
    assert len(placed) == len(rows) - 1  # the quality-90 row has no coordinates
    for row in placed:
        twin = onspd[row.postcode.replace(" ", "")]
        assert haversine_km((row.latitude, row.longitude), (twin.latitude, twin.longitude)) < 0.005


def test_a_zip_as_published_is_read_without_unpacking(tmp_path):
    archive = tmp_path / "codepo_gb.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Doc/Code-Point_Open_Column_Headers.csv", "PC,PQ,EA,NO\n")
        z.writestr("Data/CSV/pe.csv", CODEPOINT_SAMPLE.read_text())
    rows = list(read_rows(archive))
    assert len(rows) == len(CODEPOINT_SAMPLE.read_text().splitlines())


def test_onspd_zip_is_read_once_not_again_split_by_area(tmp_path):
    archive = tmp_path / "ONSPD_NOV_2026.zip"
    text = ONSPD_SAMPLE.read_text()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Documents/LA_UA names and codes UK.csv", "LAD,NAME\nE07000137,East Lindsey\n")
        z.writestr("Data/ONSPD_NOV_2026_UK.csv", text)
        z.writestr("Data/multi_csv/ONSPD_NOV_2026_UK_PE.csv", text)
    rows = list(read_rows(archive))
    assert len(rows) == len(text.splitlines()) - 1  # the header is not a row


def test_an_unpacked_download_skips_its_documents(tmp_path):
    (tmp_path / "Doc").mkdir()
    (tmp_path / "Doc" / "Code-Point_Open_Column_Headers.csv").write_text("PC,PQ,EA,NO\n")
    (tmp_path / "Data" / "CSV").mkdir(parents=True)
    (tmp_path / "Data" / "CSV" / "pe.csv").write_text(CODEPOINT_SAMPLE.read_text())
    assert len(list(read_rows(tmp_path))) == len(CODEPOINT_SAMPLE.read_text().splitlines())


def test_an_unknown_file_is_refused_in_words():
    with pytest.raises(PostcodeFileError, match="does not look like"):
        detect_format("name,address,phone")


# --- the command ----------------------------------------------------------------------------

needs_db = pytest.mark.django_db


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_postcodes", *args, stdout=out)
    return out.getvalue()


@needs_db
def test_load_onspd_sample_keeps_terminated_and_skips_what_has_no_position():
    out = load("--sample", "onspd", "--batch-size", "7")  # several batches
    assert Postcode.objects.count() == 25
    assert "25 postcodes loaded (1 no longer in use)" in out
    assert "Left out 1 that had no position" in out
    pc = Postcode.objects.get(pk="PE25 3AB")
    assert (pc.sector, pc.district, pc.source) == ("PE25 3", "PE25", "onspd")
    assert Postcode.objects.get(pk="PE25 1QX").terminated_on == dt.date(2015, 6, 1)
    assert AuditEntry.objects.filter(action="asset.postcodes.import").exists()


@needs_db
def test_running_again_updates_rows_in_place(tmp_path):
    load(str(ONSPD_SAMPLE))
    first = dict(Postcode.objects.values_list("pk", "latitude"))
    changed = tmp_path / "onspd.csv"
    text = ONSPD_SAMPLE.read_text()
    # A later release: PE25 3AB moved a little and was terminated; PE25 1QX came back.
    text = text.replace('"PE25 3AB","198001","",', '"PE25 3AB","198001","202405",').replace(
        "53.160500,0.342000", "53.161000,0.342000"
    )
    text = text.replace('"201506"', '""')
    changed.write_text(text)
    load(str(changed))
    load(str(changed))
    assert Postcode.objects.count() == len(first)
    moved = Postcode.objects.get(pk="PE25 3AB")
    assert moved.latitude == pytest.approx(53.161)
    assert moved.terminated_on == dt.date(2024, 5, 1)
    assert Postcode.objects.get(pk="PE25 1QX").terminated_on is None


@needs_db
def test_options_leave_out_terminated_and_northern_ireland():
    out = load("--sample", "onspd", "--skip-terminated", "--skip-northern-ireland")
    assert not Postcode.objects.filter(pk__in=["PE25 1QX", "BT1 5GS"]).exists()
    assert "no longer in use (--skip-terminated)" in out and "Northern Ireland" in out


@needs_db
def test_codepoint_folder_loads_with_points_from_eastings(tmp_path):
    folder = tmp_path / "Data" / "CSV"
    folder.mkdir(parents=True)
    shutil.copy(CODEPOINT_SAMPLE, folder / "pe.csv")
    load(str(tmp_path))
    assert Postcode.objects.filter(source="codepoint").count() == 23
    point = Postcode.objects.get(pk="SW1A 1AA")
    assert haversine_km((point.latitude, point.longitude), (51.501009, -0.141588)) < 0.005


@needs_db
def test_bad_paths_and_files_are_refused_in_words(tmp_path):
    with pytest.raises(CommandError, match="There is no file or folder"):
        load(str(tmp_path / "missing.csv"))
    bad = tmp_path / "people.csv"
    bad.write_text("name,address\nJo,1 High Street\n")
    with pytest.raises(CommandError, match="does not look like"):
        load(str(bad))
    with pytest.raises(CommandError, match="Give the file"):
        load()


# --- lookups and offers -----------------------------------------------------------------------


@needs_db
def test_lookups_use_the_directory_and_fall_back_to_the_built_in_table():
    # Before loading: the built-in Lincolnshire table, nothing for Newport.
    assert postcode_point("PE25 3AB") == (53.160, 0.345)
    assert postcode_point("NP19 9BX") is None
    load("--sample", "onspd")
    assert postcode_point("NP19 9BX") == (51.5955, -2.945)  # its own point
    assert coarse_point("NP19 9BX") == pytest.approx((51.5955, -2.945), abs=1e-4)  # sector of one
    assert postcode_point("NP19") == pytest.approx(((51.5955 + 51.589) / 2, -2.951), abs=1e-4)
    # A postcode the directory lacks, in a known sector: the sector's centre.
    assert postcode_point("L24 1ZZ") == pytest.approx((53.344, -2.848), abs=1e-4)
    assert postcode_point("ZZ98 1AA") is None


@needs_db
def test_loading_places_offers_that_had_no_point_and_individuals_coarsely():
    area = AreaFactory()
    hall = make_offer(area=area, title="Ringland community hall", postcode="NP19 9BX")
    person = individual_offer(area=area, postcode="NP19 4RS")
    assert hall.latitude is None and person.latitude is None
    out = load("--sample", "onspd")
    assert "2 offers placed on the map" in out
    hall.refresh_from_db()
    person.refresh_from_db()
    assert (hall.latitude, hall.longitude) == (51.5955, -2.945)
    # The individual sits at the middle of NP19 4, never at their own postcode's point.
    centre = Postcode.objects.filter(sector="NP19 4").values_list("latitude", "longitude")
    assert (person.latitude, person.longitude) == pytest.approx(centre[0], abs=1e-4)


@needs_db
def test_new_offers_are_placed_from_the_directory():
    load("--sample", "onspd")
    offer = make_offer(postcode="L21 6PH", title="Litherland youth hub")
    assert (offer.latitude, offer.longitude) == (53.47, -2.998)
    moved = Offer.objects.get(pk=offer.pk)
    from assets.services import offer_update

    offer_update(actor=None, offer=moved, postcode="SW1A 1AA")
    moved.refresh_from_db()
    assert (moved.latitude, moved.longitude) == (51.501009, -0.141588)


# --- search through the page -------------------------------------------------------------------


@needs_db
def test_distance_search_works_outside_the_demo_towns(client):
    load("--sample", "onspd")
    area = AreaFactory()
    make_offer(area=area, title="Ringland community hall", postcode="NP19 9BX")
    make_offer(area=area, title="Speke boxing gym", postcode="L24 2SA")
    make_offer(area=area, title="Skegness church hall", postcode="PE25 3AB")
    url = reverse("assets:offer_list")
    body = client.get(url, {"near": "NP19 4RS", "within_km": "5"}).content.decode()
    assert "Ringland community hall" in body and "1.1 km away" in body
    assert "Speke" not in body and "Skegness" not in body
    body = client.get(url, {"near": "L24 1AB", "sort": "distance"}).content.decode()
    assert body.index("Speke boxing gym") < body.index("Ringland community hall")


@needs_db
def test_unknown_terminated_and_partial_postcodes_are_explained(client):
    load("--sample", "onspd")
    make_offer(title="Skegness church hall", postcode="PE25 3AB")
    url = reverse("assets:offer_list")
    body = client.get(url, {"near": "ZZ98 1AA"}).content.decode()
    assert "We could not find the postcode ZZ98 1AA" in body
    body = client.get(url, {"near": "PE25 1QX"}).content.decode()
    assert "PE25 1QX has not been used since June 2015" in body
    body = client.get(url, {"near": "PE25 3ZZ"}).content.decode()
    assert "We could not find PE25 3ZZ itself, so distances are from the middle of PE25 3" in body
    assert "Skegness church hall" in body and "km away" in body
