"""Pages and exports role by role, the request form, and the open data files."""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from engagement.models import EqualityResponse, GeneratedDocument, PopulationFigure, Programme, Role
from engagement.spreadsheets import spreadsheet_safe
from pbtally import parse_pabulib
from reports.exports import grants_360giving
from reports.pdf import IMPACT_REPORT
from tests.factories import AreaFactory, user_with_role
from voting.models import PBVote, TallyRecord

from .factories import report_world

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).parent / "360giving-schema-subset.json").read_text())


def roles(world):
    """role name -> (user, sees the programme, sees North)."""
    other = AreaFactory(programme=world.programme)
    return {
        "anonymous": (None, False, False),
        "resident": (user_with_role(None), False, False),
        "table host": (user_with_role(Role.TABLE_HOST, area=world.north), False, False),
        "partner": (user_with_role(Role.PARTNER, programme=world.programme), False, False),
        "wrong-area coordinator": (user_with_role(Role.COORDINATOR, area=other), False, False),
        "other programme's PCC office": (user_with_role(Role.PCC_OFFICE), False, False),
        "area coordinator": (user_with_role(Role.COORDINATOR, area=world.north), False, True),
        "area PCC office": (user_with_role(Role.PCC_OFFICE, area=world.north), False, True),
        "programme coordinator": (
            user_with_role(Role.COORDINATOR, programme=world.programme),
            True,
            True,
        ),
        "PCC office": (user_with_role(Role.PCC_OFFICE, programme=world.programme), True, True),
        "superuser": (user_with_role("superuser"), True, True),
    }


def expect(client, url, user, allowed, method="get"):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    if allowed:
        assert response.status_code in (200, 302), (url, response.status_code)
    elif user is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403, (url, response.status_code)
    return response


def test_every_role_on_programme_and_area_pages(client, settings):
    settings.REPORTS_360G_PREFIX = "360G-safershires"
    world = report_world()
    p, a = world.programme.slug, world.north.slug
    for name, (user, programme_ok, area_ok) in roles(world).items():
        for url in [f"/reports/{p}/", f"/reports/{p}/export/360giving.json/"]:
            expect(client, url, user, programme_ok)
        for url in [f"/reports/{p}/areas/{a}/", f"/reports/{p}/areas/{a}/export/bids.csv/"]:
            expect(client, url, user, area_ok)
        # The list of reports is for anyone coordinating or in a PCC office somewhere.
        anywhere = area_ok or name in ("wrong-area coordinator", "other programme's PCC office")
        expect(client, "/reports/", user, anywhere)


def test_requesting_a_report_stores_one_record_and_lists_it(client):
    world = report_world()
    pcc = user_with_role(Role.PCC_OFFICE, programme=world.programme)
    client.force_login(pcc)
    url = f"/reports/{world.programme.slug}/request/"
    data = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
    response = client.post(url, data)
    assert response.status_code == 302
    client.post(url, data)
    document = GeneratedDocument.objects.get(kind=IMPACT_REPORT)
    assert document.params == {"from": "2026-01-01", "to": "2026-03-31"}
    assert document.requested_by == pcc and document.status == "pending"
    page = client.get(f"/reports/{world.programme.slug}/").content.decode()
    assert document.title in page and pcc.name in page
    status = client.get(f"/reports/documents/{document.pk}/status/").json()
    assert status == {"status": "pending", "label": "Waiting", "error": "", "download": ""}
    assert client.get(f"/reports/documents/{document.pk}/download/").status_code == 404


def test_bad_dates_are_refused_and_nothing_is_stored(client):
    world = report_world()
    client.force_login(user_with_role(Role.COORDINATOR, programme=world.programme))
    response = client.post(
        f"/reports/{world.programme.slug}/request/",
        {"date_from": "2026-05-01", "date_to": "2026-04-01"},
    )
    assert response.status_code == 400
    assert "The end of the period must not be before its start." in response.content.decode()
    response = client.post(f"/reports/{world.programme.slug}/request/", {"date_from": "soon"})
    assert response.status_code == 400
    assert not GeneratedDocument.objects.exists()


def test_area_coordinator_requests_their_area_but_not_the_programme(client):
    world = report_world()
    coordinator = user_with_role(Role.COORDINATOR, area=world.north)
    client.force_login(coordinator)
    base = f"/reports/{world.programme.slug}"
    assert client.post(f"{base}/request/").status_code == 403
    assert client.post(f"{base}/areas/{world.north.slug}/request/").status_code == 302
    assert client.post(f"{base}/areas/{world.south.slug}/request/").status_code == 403
    document = GeneratedDocument.objects.get()
    assert document.content_type == ContentType.objects.get_for_model(world.north)
    other = user_with_role(Role.COORDINATOR, area=world.south)
    client.force_login(other)
    assert client.get(f"/reports/documents/{document.pk}/status/").status_code == 403
    assert client.post(f"/reports/documents/{document.pk}/regenerate/").status_code == 403
    client.force_login(coordinator)
    assert client.post(f"/reports/documents/{document.pk}/regenerate/").status_code == 302
    assert GeneratedDocument.objects.count() == 1


def test_failed_report_shows_its_reason(client):
    world = report_world()
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=world.programme))
    client.post(f"/reports/{world.programme.slug}/request/")
    GeneratedDocument.objects.update(status="failed", error="The programme has no areas.")
    page = client.get(f"/reports/{world.programme.slug}/").content.decode()
    assert "Reason: The programme has no areas." in page


def test_360giving_json_is_valid_and_matches_the_awards(client, settings):
    settings.REPORTS_360G_PREFIX = "360G-safershires"
    world = report_world()
    world.bids[0].charity_number = "1 234 567"
    world.bids[0].save()
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=world.programme))
    response = client.get(f"/reports/{world.programme.slug}/export/360giving.json/")
    package = json.loads(response.content)
    validator = jsonschema.Draft7Validator(
        SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(package)) == []
    (grant,) = package["grants"]  # the revoked award is not published
    assert grant["id"].startswith("360G-safershires-")
    assert grant["amountAwarded"] == 1200
    assert grant["currency"] == "GBP"
    assert grant["recipientOrganization"] == [
        {"id": "GB-CHC-1234567", "name": "Group 0", "charityNumber": "1234567"}
    ]
    assert (
        grant["fundingOrganization"][0]["id"] == f"360G-safershires-funder-{world.programme.slug}"
    )
    dt.datetime.fromisoformat(grant["dateModified"])
    bad = {"grants": [{**grant, "awardDate": "2026-13-40", "id": "G-1"}]}
    assert len(list(validator.iter_errors(bad))) == 2  # the schema does catch mistakes


def test_360giving_csv_and_bids_csv(client, settings):
    settings.REPORTS_360G_PREFIX = "360G-safershires"
    world = report_world()
    world.bids[2].title = "=HYPERLINK(evil)"
    world.bids[2].save()
    client.force_login(user_with_role(Role.COORDINATOR, programme=world.programme))
    base = f"/reports/{world.programme.slug}/export"
    grants = list(csv.reader(io.StringIO(client.get(f"{base}/360giving.csv/").content.decode())))
    assert grants[0][:3] == ["Identifier", "Title", "Description"]
    assert len(grants) == 2 and grants[1][4] == "1200"
    bids = list(csv.reader(io.StringIO(client.get(f"{base}/bids.csv/").content.decode())))
    assert len(bids) == 4  # header and the three bids received
    assert "'=HYPERLINK(evil)" in [row[4] for row in bids]
    assert not any("@example.org" in cell for row in bids for cell in row)
    attendance = list(
        csv.reader(io.StringIO(client.get(f"{base}/attendance.csv/").content.decode()))
    )
    assert sorted(row[0] for row in attendance[1:]) == ["Café", "PB night"]
    assert sorted(int(row[5]) for row in attendance[1:]) == [3, 4]
    assert client.get(f"{base}/nothing.csv/").status_code == 404


@pytest.mark.parametrize("prefix", ["360G-commonground", "360G-CommonGround-", "GB-CHC-123"])
def test_360giving_is_refused_until_the_prefix_is_registered(client, settings, prefix):
    settings.REPORTS_360G_PREFIX = prefix
    world = report_world()
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=world.programme))
    for kind in ("360giving.json", "360giving.csv"):
        response = client.get(f"/reports/{world.programme.slug}/export/{kind}/")
        assert response.status_code == 409
        body = response.content.decode()
        assert "cannot be published yet" in body or "must start with" in body
        assert "REPORTS_360G_PREFIX" in body
    from reports.checks import registered_360giving_prefix

    assert [w.id for w in registered_360giving_prefix(None)] == ["reports.W001"]
    settings.REPORTS_360G_PREFIX = "360G-safershires"
    assert registered_360giving_prefix(None) == []


def test_recipients_come_from_the_organisation_record_and_locations_carry_ons_codes(settings):
    from budgeting.models import Organisation

    settings.REPORTS_360G_PREFIX = "360G-safershires"
    world = report_world()
    world.north.ons_code = "e05010778"
    world.north.save()
    bid = world.bids[0]
    record = Organisation.objects.create(name="Westholme TRA")
    bid.organisation = record
    bid.group_key = "name:westholme-tra"
    bid.save()
    (grant,) = grants_360giving(programme=world.programme)["grants"]
    assert grant["recipientOrganization"] == [
        {"id": f"360G-safershires-org-{record.pk}", "name": "Westholme TRA"}
    ]
    assert "name:" not in json.dumps(grant)
    assert grant["beneficiaryLocation"][0]["geoCode"] == "E05010778"
    assert grant["beneficiaryLocation"][0]["geoCodeType"] == "WD"
    record.company_number = "ab123456"
    record.save()
    (grant,) = grants_360giving(programme=world.programme)["grants"]
    assert grant["recipientOrganization"][0]["id"] == "GB-COH-AB123456"
    bid.organisation = None
    bid.save()
    (grant,) = grants_360giving(programme=world.programme)["grants"]
    assert grant["recipientOrganization"][0]["id"] == f"360G-safershires-org-bid-{bid.pk}"


def test_grants_prefix_must_be_360g(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.REPORTS_360G_PREFIX = "GB-CHC-123"
    world = report_world()
    with pytest.raises(ImproperlyConfigured):
        grants_360giving(programme=world.programme)


def test_spreadsheet_safe():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("-5") == "'-5"
    assert spreadsheet_safe(12) == "12"


def test_pabulib_file_of_a_counted_vote(client):
    from engagement.demo import DemoWorld
    from voting.demo import seed_voting

    world = report_world()
    area = world.south
    demo = DemoWorld(programme=world.programme, areas={"skegness": area})
    demo.users["coordinator"] = user_with_role(Role.COORDINATOR, programme=world.programme)
    demo.users["coordinator.skegness"] = user_with_role(Role.COORDINATOR, area=area)
    seed_voting(demo)
    vote = PBVote.objects.get(tally_state=PBVote.TallyState.DONE)
    client.force_login(user_with_role(Role.PCC_OFFICE, area=area))
    response = client.get(f"/reports/votes/{vote.pk}/pabulib/")
    assert response.status_code == 200
    election = parse_pabulib(response.content.decode())
    assert election.num_voters == TallyRecord.objects.get(vote=vote).ballots_counted == 60
    assert sorted(p.id for p in election.projects) == sorted(
        vote.options.values_list("project_id", flat=True)
    )
    open_vote = PBVote.objects.exclude(pk=vote.pk).get()
    assert client.get(f"/reports/votes/{open_vote.pk}/pabulib/").status_code == 404
    client.force_login(user_with_role(Role.PCC_OFFICE, area=world.north))
    assert client.get(f"/reports/votes/{vote.pk}/pabulib/").status_code == 403
    page = client.get(f"/reports/{world.programme.slug}/areas/{world.north.slug}/")
    assert page.status_code == 200
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=world.programme))
    page = client.get(f"/reports/{world.programme.slug}/").content.decode()
    assert f"/reports/votes/{vote.pk}/pabulib/" in page
    assert "changed by a coordinator" not in election.meta.get("comment", "")

    # A coordinator's change to the result is stated in the file's META comment.
    from django.utils import timezone

    from voting.models import ResultProposal

    ResultProposal.objects.create(
        vote=vote,
        kind=ResultProposal.Kind.CHANGE,
        selected=[],
        reason="Evening youth hub\nfound other funding",
        made_by=user_with_role(Role.COORDINATOR, area=area),
        state=ResultProposal.State.APPROVED,
        decided_by=user_with_role(Role.COORDINATOR, area=area),
        decided_at=timezone.now(),
    )
    client.force_login(user_with_role(Role.PCC_OFFICE, area=area))
    changed = parse_pabulib(client.get(f"/reports/votes/{vote.pk}/pabulib/").content.decode())
    assert "changed by a coordinator" in changed.meta["comment"]
    assert "Evening youth hub found other funding" in changed.meta["comment"]


def test_menu_link_only_for_report_roles(client):
    world = report_world()
    client.force_login(user_with_role(None))
    assert "Impact reports" not in client.get("/").content.decode()
    client.force_login(user_with_role(Role.PCC_OFFICE, programme=world.programme))
    assert "Impact reports" in client.get("/").content.decode()
    index = client.get("/reports/").content.decode()
    assert world.programme.name in index
    assert Programme.objects.count() >= 1


def test_programme_reach_page_and_report_flag_the_same_groups(client):
    world = report_world()
    # North: 30% aged 16-24 and 10% over 75; South: 0% and 40%. Across the programme (weighted
    # by 10,000 and 5,000 people): 20.0% and 20.0%.
    for area, young, old in [(world.north, 30, 10), (world.south, 0, 40)]:
        PopulationFigure.objects.create(area=area, key="age_band:16_24", percent=young)
        PopulationFigure.objects.create(area=area, key="age_band:75_plus", percent=old)
    cafe = world.programme.events.get(title="Café")
    pb = world.programme.events.get(title="PB night")
    answers = [(cafe, "16_24", 6), (cafe, "25_44", 14), (pb, "75_plus", 1), (pb, "45_64", 9)]
    EqualityResponse.objects.bulk_create(
        [EqualityResponse(event=e, age_band=band) for e, band, n in answers for _i in range(n)]
    )
    client.force_login(user_with_role(Role.COORDINATOR, programme=world.programme))
    reach = client.get(reverse("engagement:programme_reach", args=[world.programme.slug]))
    report = client.get(f"/reports/{world.programme.slug}/")
    on_reach_page = [c.label for c in reach.context["profile"].under_represented]
    in_report = [c.label for c in report.context["report"].profile.under_represented]
    # 6 of 30 answers (20.0%) is not under-represented; 1 of 30 (3.3%) is.
    assert on_reach_page == in_report == ["75 or over"]
    for page, flagged_list in [(reach, '<ul class="mb-0">'), (report, '<ul class="missing">')]:
        listed = page.content.decode().split(flagged_list, 1)[1].split("</ul>", 1)[0]
        assert re.findall(r"<li>([^:<]+):", listed) == ["75 or over"]
