"""The Open Referral UK feed, validated against the profile's published JSON schemas (copies in
tests/assets/fixtures/oruk_uk_profile, with their licence), through its public endpoints."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from assets.models import Subcategory
from assets.services import offer_update, subcategory_rename
from tests.assets.factories import individual_offer, make_offer
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "fixtures" / "oruk_uk_profile" / "schema"
# The address the profile's own $refs use for its schema folder.
UPSTREAM = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI = UPSTREAM + "openapi.json"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.rglob("*.json"):
        contents = json.loads(path.read_text())
        uri = UPSTREAM + path.relative_to(SCHEMAS).as_posix()
        resources.append((uri, Resource.from_contents(contents, default_specification=_draft())))
    return Registry().with_resources(resources)


def _draft():
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


REGISTRY = _registry()


def response_schema(path: str) -> dict:
    """The 200 response schema the profile's OpenAPI document gives for ``path``."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {
        "$ref": f"{OPENAPI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    }


def problems(document: dict, path: str) -> list[str]:
    validator = Draft202012Validator(
        response_schema(path), registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def published_venue(area, **overrides):
    fields = {
        "title": "Church hall with kitchen",
        "tags": ["hall", "kitchen"],
        "contact_phone": "01754 123456",
        "schedule": "Tuesday evenings",
        "available_from": timezone.localdate(),
        "available_until": timezone.localdate() + dt.timedelta(days=90),
    }
    fields.update(overrides)
    return make_offer(area=area, **fields)


def get(client, name, **params):
    kwargs = params.pop("kwargs", None)
    response = client.get(reverse(name, kwargs=kwargs), params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_validator_refuses_what_the_profile_refuses():
    # Guard against a schema that accepts anything: a service without a name or status fails.
    assert problems({"id": "not-a-uuid"}, "/services/{id}")
    assert problems({"contents": [{"id": "x"}], "size": "two"}, "/services")


def test_every_endpoint_the_profile_lists_validates(client):
    area = AreaFactory(local_authority="East Lindsey District Council")
    sub = Subcategory.objects.create(
        programme=area.programme, category="physical", name="Church halls", slug="church-halls"
    )
    offer = published_venue(area, subcategory=sub)
    make_offer(area=area, title="Minibus with driver", kind="equipment", postcode="")

    root = get(client, "assets:oruk_root")
    assert not problems(root, "/")
    assert root["openapi_url"].startswith("https://") and root["version"] == "3.0"

    services = get(client, "assets:oruk_services")
    assert services["total_items"] == 2 and not problems(services, "/services")
    full = get(client, "assets:oruk_service", kwargs={"uuid": offer.uuid})
    assert not problems(full, "/services/{id}")
    address = full["service_at_locations"][0]["location"]["addresses"][0]
    assert address["state_province"] == "East Lindsey District Council"
    assert full["assured_date"] == offer.organisation_checked_at.date().isoformat()
    assert {"Church halls", "hall", "Venue", "Physical"} <= {
        a["taxonomy_term"]["name"] for a in full["attributes"]
    }

    at_locations = get(client, "assets:oruk_service_at_locations")
    # The minibus has no place, so it is a service without a service_at_location.
    assert at_locations["total_items"] == 1
    assert not problems(at_locations, "/service_at_locations")
    sal_id = at_locations["contents"][0]["id"]
    nested = get(client, "assets:oruk_service_at_location", kwargs={"uuid": sal_id})
    assert nested["id"] == str(offer.uuid) and not problems(nested, "/service_at_locations/{id}")

    taxonomies = get(client, "assets:oruk_taxonomies")
    assert not problems(taxonomies, "/taxonomies")
    for taxonomy in taxonomies["contents"]:
        one = get(client, "assets:oruk_taxonomy", kwargs={"uuid": taxonomy["id"]})
        assert not problems(one, "/taxonomies/{id}")
    term_page = get(client, "assets:oruk_taxonomy_terms", per_page=200)
    assert not problems(term_page, "/taxonomy_terms")
    for term in term_page["contents"]:
        assert not problems(term, "/taxonomy_terms/{id}") and term["description"]
    first_term = term_page["contents"][0]
    assert get(client, "assets:oruk_taxonomy_term", kwargs={"uuid": first_term["id"]}) == first_term


def test_search_and_taxonomy_filters(client):
    area = AreaFactory()
    published_venue(area)
    bus = make_offer(area=area, title="Minibus with driver", kind="equipment", tags=["transport"])
    found = get(client, "assets:oruk_services", search="minibus")
    assert [s["id"] for s in found["contents"]] == [str(bus.uuid)]
    assert get(client, "assets:oruk_services", search="zebra crossing")["empty"]

    terms = get(client, "assets:oruk_taxonomy_terms", per_page=200)["contents"]
    transport = next(t for t in terms if t["taxonomy"] == "tag" and t["code"] == "transport")
    by_term = get(client, "assets:oruk_services", taxonomy_term_id=transport["id"])
    assert [s["name"] for s in by_term["contents"]] == ["Minibus with driver"]
    venue = next(t for t in terms if t["taxonomy"] == "offer-kind" and t["code"] == "venue")
    by_kind = get(client, "assets:oruk_services", taxonomy_term_id=venue["id"])
    assert [s["name"] for s in by_kind["contents"]] == ["Church hall with kitchen"]
    tags = next(t for t in get(client, "assets:oruk_taxonomies")["contents"] if t["name"] == "Tags")
    assert get(client, "assets:oruk_services", taxonomy_id=tags["id"])["total_items"] == 2
    unknown = "00000000-0000-0000-0000-000000000000"
    assert get(client, "assets:oruk_services", taxonomy_term_id=unknown)["total_items"] == 0


def test_pages_follow_page_and_per_page(client):
    area = AreaFactory()
    for n in range(5):
        published_venue(area, title=f"Hall {n}")
    first = get(client, "assets:oruk_services", per_page=2)
    assert (first["total_items"], first["total_pages"], first["size"]) == (5, 3, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = get(client, "assets:oruk_services", per_page=2, page=3)
    assert (last["page_number"], last["size"], last["last_page"]) == (3, 1, True)
    beyond = get(client, "assets:oruk_services", per_page=2, page=9)
    assert beyond["empty"] and beyond["size"] == 0 and beyond["contents"] == []
    assert get(client, "assets:oruk_services", page=10**20)["empty"]
    assert get(client, "assets:oruk_services", size=4)["size"] == 4
    assert get(client, "assets:oruk_services", page="abc", per_page="x")["page_number"] == 1
    names = {
        s["name"]
        for p in (1, 2, 3)
        for s in get(client, "assets:oruk_services", per_page=2, page=p)["contents"]
    }
    assert names == {f"Hall {n}" for n in range(5)}


def test_postcode_and_proximity(client):
    area = AreaFactory()
    published_venue(area, title="Skegness hall", postcode="PE25 3AB")
    published_venue(area, title="Gainsborough hall", postcode="DN21 2AX")
    near = get(client, "assets:oruk_service_at_locations", postcode="PE25 1AA", proximity="5000")
    assert [s["service"]["name"] for s in near["contents"]] == ["Skegness hall"]
    everywhere = get(client, "assets:oruk_service_at_locations", postcode="PE25 1AA")
    assert [s["service"]["name"] for s in everywhere["contents"]] == [
        "Skegness hall",
        "Gainsborough hall",
    ]
    assert get(client, "assets:oruk_service_at_locations", postcode="ZZ99 9ZZ")["empty"]


def test_cors_only_on_read_only_requests(client):
    url = reverse("assets:oruk_services")
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"
    options = client.options(url)
    assert options.status_code == 200 and options["Access-Control-Allow-Origin"] == "*"
    refused = client.post(url, {})
    assert refused.status_code in (403, 405)
    assert "Access-Control-Allow-Origin" not in refused


def test_nothing_unchecked_reaches_any_endpoint(client):
    area = AreaFactory()
    published_venue(area, title="Checked hall")
    unchecked = make_offer(
        area=area, title="Unchecked group", tags=["secret-tag"], organisation_checked=False
    )
    waiting = make_offer(area=area, title="Kids club", involves_vulnerable=True)
    person = individual_offer(area=area, tags=["personal-tag"])
    cleared_then_changed = published_venue(area, title="Sports hall")
    offer_update(actor=None, offer=cleared_then_changed, contact_email="someone@example.com")

    names = [s["name"] for s in get(client, "assets:oruk_services")["contents"]]
    assert names == ["Checked hall"]
    at = get(client, "assets:oruk_service_at_locations")["contents"]
    assert [s["service"]["name"] for s in at] == ["Checked hall"]
    term_page = get(client, "assets:oruk_taxonomy_terms", per_page=200)
    term_codes = {t["code"] for t in term_page["contents"]}
    assert "secret-tag" not in term_codes and "personal-tag" not in term_codes
    for hidden in (unchecked, waiting, person, cleared_then_changed):
        response = client.get(reverse("assets:oruk_service", kwargs={"uuid": hidden.uuid}))
        assert response.status_code == 404


def test_renaming_a_subcategory_keeps_its_term(client):
    area = AreaFactory()
    sub = Subcategory.objects.create(
        programme=area.programme, category="physical", name="Halls", slug="halls"
    )
    published_venue(area, subcategory=sub)

    def sub_term():
        contents = get(client, "assets:oruk_taxonomy_terms", per_page=200)["contents"]
        return next(t for t in contents if t["taxonomy"] == "abcd-subcategory")

    before = sub_term()
    subcategory_rename(actor=None, subcategory=sub, name="Community halls")
    after = sub_term()
    assert after["id"] == before["id"] and after["name"] == "Community halls"
    assert get(client, "assets:oruk_services", taxonomy_term_id=after["id"])["total_items"] == 1
