"""Pages through the Django test client: the bid form, uploads, eligibility JSON, review,
money and public pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from budgeting.models import Bid, BidAttachment, BidStatus, Contribution, Phase
from tests.factories import UserFactory, user_with_role

from .conftest import fund
from .factories import BidFactory, BidRoundFactory, diligence_done, submitted_bid


def step_url(bid, step):
    return reverse("budgeting:bid_step", kwargs={"pk": bid.pk, "step": step})


def test_round_page_is_public_and_explains_rules(client, db):
    round_ = BidRoundFactory(max_amount_pence=250_000, intro="Money for safer streets.")
    response = client.get(round_.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "How to bid" in body and "between £100 and £2,500" in body
    assert "Sign in" in body  # no account needed to read


def test_draft_round_is_hidden_from_the_public(client, db):
    round_ = BidRoundFactory(phase=Phase.DRAFT)
    assert client.get(round_.get_absolute_url()).status_code == 404


def test_start_and_fill_steps_with_errors_keeping_answers(login, db):
    round_ = BidRoundFactory()
    user = UserFactory()
    client = login(user)
    response = client.post(reverse("budgeting:bid_start", kwargs={"slug": round_.slug}))
    bid = Bid.objects.get(applicant=user)
    assert response.url == step_url(bid, "group")
    # "Save and continue" with a missing required answer and HTML in another: the good answer
    # is saved, the page shows both errors and keeps what was typed.
    response = client.post(
        step_url(bid, "group"),
        {
            "group_name": "<b>Lions</b>",
            "group_type": "community",
            "contact_email": "not-an-email",
            "continue": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "plain text only" in body
    assert "&lt;b&gt;Lions&lt;/b&gt;" in body  # kept as typed, escaped
    bid.refresh_from_db()
    assert bid.group_type == "community" and bid.group_name == ""
    response = client.post(
        step_url(bid, "group"),
        {
            "group_name": "Skegness Lions",
            "group_type": "community",
            "group_constituted": "yes",
            "contact_name": "Rita",
            "contact_email": "rita@example.org",
            "continue": "1",
        },
    )
    assert response.url == step_url(bid, "idea")
    bid.refresh_from_db()
    assert bid.group_constituted is True


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-50", "zero or more"),
        ("12.345", "like 450"),
        ("99999999999", "too large"),
        ("lots", "like 450"),
    ],
)
def test_bad_amounts_are_refused_with_a_clear_error(login, db, amount, message):
    bid = BidFactory(amount_requested_pence=None, costs=False)
    client = login(bid.applicant)
    response = client.post(
        step_url(bid, "money"),
        {
            "amount_requested_pence": amount,
            "continue": "1",
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "0",
            "costs-0-item": "Lights",
            "costs-0-amount": "100",
        },
    )
    assert message in response.content.decode()
    bid.refresh_from_db()
    assert bid.amount_requested_pence is None


def test_money_step_saves_cost_lines(login, db):
    bid = BidFactory(amount_requested_pence=None, costs=False)
    client = login(bid.applicant)
    response = client.post(
        step_url(bid, "money"),
        {
            "amount_requested_pence": "£1,250.50",
            "match_funding_pence": "",
            "continue": "1",
            "costs-TOTAL_FORMS": "2",
            "costs-INITIAL_FORMS": "0",
            "costs-0-item": "Lights",
            "costs-0-amount": "1,000",
            "costs-1-item": "Fitting",
            "costs-1-amount": "250.50",
        },
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.amount_requested_pence == 125_050
    assert [c.amount_pence for c in bid.cost_lines.all()] == [100_000, 25_050]


def _png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"GIF89a not really", "not a photo"),
        ("notes.pdf", b"MZ\x90\x00 an exe", "not a photo"),
        ("huge.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024 + 1), "too big"),
        ("empty.png", b"", "empty"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_stored(
    login, db, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    bid = BidFactory()
    client = login(bid.applicant)
    response = client.post(
        step_url(bid, "files"),
        {
            "file": SimpleUploadedFile(name, content),
            "description": "Our hall",
        },
    )
    assert message in response.content.decode()
    assert BidAttachment.objects.count() == 0
    assert not list(tmp_path.rglob("*.*"))


def test_good_photo_and_pdf_are_stored_without_metadata(login, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bid = BidFactory()
    client = login(bid.applicant)
    client.post(
        step_url(bid, "files"),
        {
            "file": SimpleUploadedFile("hall.png", _png_bytes()),
            "description": "Our hall",
        },
    )
    client.post(
        step_url(bid, "files"),
        {
            "file": SimpleUploadedFile("quote.pdf", b"%PDF-1.4\n%%EOF"),
            "description": "A quote",
        },
    )
    kinds = sorted(BidAttachment.objects.values_list("kind", flat=True))
    assert kinds == ["document", "photo"]
    photo = BidAttachment.objects.get(kind="photo")
    response = client.get(reverse("budgeting:attachment_download", args=[photo.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # Not response.close(): that fires request_finished, which closes the test's connection.
    for close in response._resource_closers:
        close()
    other = login(UserFactory())
    assert other.get(reverse("budgeting:attachment_download", args=[photo.pk])).status_code == 403


def test_eligibility_endpoint_gives_reasons(client, db):
    round_ = BidRoundFactory(max_amount_pence=250_000)
    url = reverse("budgeting:eligibility", kwargs={"slug": round_.slug})
    data = client.get(url, {"amount_requested_pence": "3000", "postcode": "NG34 7AA"}).json()
    assert data["eligible"] is False
    assert {r["field"] for r in data["reasons"]} == {"amount_requested", "postcode"}
    assert client.get(url, {"amount_requested_pence": "2000"}).json() == {
        "eligible": True,
        "reasons": [],
    }
    bad = client.get(url, {"amount_requested_pence": "-1"}).json()
    assert bad["reasons"][0]["message"] == "Enter an amount of zero or more."


def test_submit_and_detail_show_status_and_messages(login, db):
    bid = BidFactory()
    client = login(bid.applicant)
    response = client.post(reverse("budgeting:bid_submit", args=[bid.pk]), follow=True)
    assert "Your bid has been sent" in response.content.decode()
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED
    client.post(reverse("budgeting:bid_message", args=[bid.pk]), {"body": "When is the vote?"})
    assert "When is the vote?" in client.get(bid.get_absolute_url()).content.decode()


def test_other_people_cannot_see_or_edit_a_bid(login, client, db):
    bid = BidFactory()
    assert client.get(bid.get_absolute_url()).status_code == 302  # to sign in
    stranger = login(UserFactory())
    assert stranger.get(bid.get_absolute_url()).status_code == 403
    assert stranger.post(step_url(bid, "idea"), {"title": "Mine"}).status_code == 403


def test_review_actions(login, db):
    round_ = BidRoundFactory(phase=Phase.REVIEW)
    coordinator = user_with_role("coordinator", area=round_.area)
    bid = submitted_bid(round=round_)
    client = login(coordinator)
    assert (
        bid.title
        in client.get(reverse("budgeting:review_queue", args=[round_.slug])).content.decode()
    )
    action = lambda name: reverse("budgeting:bid_review_action", args=[bid.pk, name])  # noqa: E731
    response = client.post(action("reject"), {"reject-reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    client.post(action("request-changes"), {"request-changes-message": "Add a quote"})
    bid.refresh_from_db()
    assert bid.status == BidStatus.CHANGES_REQUESTED
    partner_only = user_with_role("pcc_office", area=round_.area)
    assert login(partner_only).post(action("reject"), {"reject-reason": "no"}).status_code == 403


def test_shortlist_and_ballot_order_pages(login, db):
    round_ = BidRoundFactory(phase=Phase.SHORTLISTING)
    coordinator = user_with_role("coordinator", area=round_.area)
    bid = submitted_bid(round=round_)
    diligence_done(bid)
    client = login(coordinator)
    client.post(
        reverse("budgeting:bid_review_action", args=[bid.pk, "shortlist"]),
        {"shortlist-message": ""},
    )
    client.post(reverse("budgeting:ballot_order", args=[round_.slug]))
    bid.refresh_from_db()
    assert bid.ballot_position == 1
    page = client.get(reverse("budgeting:shortlist", args=[round_.slug])).content.decode()
    assert "ballot order" in page and bid.title in page


def test_money_page_adds_contribution_and_hides_from_residents(login, db):
    round_ = BidRoundFactory()
    coordinator = user_with_role("coordinator", area=round_.area)
    url = reverse("budgeting:round_money", args=[round_.slug])
    assert login(user_with_role(None)).get(url).status_code == 403
    client = login(coordinator)
    client.post(
        url,
        {
            "source": "business",
            "funder_name": "Skegness Pier",
            "pledged_pence": "500",
            "received_pence": "",
        },
    )
    assert Contribution.objects.get().pledged_pence == 50_000
    response = client.post(url, {"source": "business", "funder_name": "X", "pledged_pence": "-3"})
    assert "zero or more" in response.content.decode()
    assert Contribution.objects.count() == 1


def test_public_projects_pages(client, db):
    round_ = BidRoundFactory(phase=Phase.RESULTS)
    fund(round_.pot, 500_000)
    bid = submitted_bid(round=round_, status=BidStatus.SHORTLISTED)
    from budgeting.services import award_create

    project = award_create(actor=None, bid=bid).project
    area = round_.area
    listing = client.get(reverse("budgeting:area_projects", args=[area.programme.slug, area.slug]))
    assert bid.title in listing.content.decode()
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Grant offer letter" not in detail  # private part hidden from the public


def test_a_refused_button_shows_every_reason_and_goes_back(login, db):
    """The shared action base: the service refuses with two reasons, both are shown (one
    message each), the person is back on the bid's page and nothing changed."""
    from django.contrib.messages import get_messages

    bid = BidFactory(title="", summary="")
    client = login(bid.applicant)
    response = client.post(reverse("budgeting:bid_submit", args=[bid.pk]))
    assert response.status_code == 302 and response["Location"] == bid.get_absolute_url()
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert len(shown) >= 2 and {level for level, _text in shown} == {"error"}
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT


def test_starting_a_bid_goes_to_its_first_step_or_back_to_the_round(login, db):
    from django.contrib.messages import get_messages

    round_ = BidRoundFactory(max_bids_per_group=None)
    user = UserFactory()
    client = login(user)
    response = client.post(reverse("budgeting:bid_start", kwargs={"slug": round_.slug}))
    assert response["Location"] == step_url(Bid.objects.get(applicant=user), "group")
    closed = BidRoundFactory(phase=Phase.REVIEW)
    response = client.post(reverse("budgeting:bid_start", kwargs={"slug": closed.slug}))
    assert response.status_code == 403  # the permission check comes before the service
    assert list(get_messages(response.wsgi_request)) == []


def test_upload_limit_is_the_setting_at_request_time(login, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BUDGETING_MAX_UPLOAD_BYTES = 1024 * 1024
    bid = BidFactory()
    client = login(bid.applicant)
    assert "up to 1 MB" in client.get(step_url(bid, "files")).content.decode()
    response = client.post(
        step_url(bid, "files"),
        {
            "file": SimpleUploadedFile("quote.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024)),
            "description": "A quote",
        },
    )
    assert "The most we can take is 1 MB" in response.content.decode()
    assert BidAttachment.objects.count() == 0


def test_absurd_amount_is_the_setting_at_request_time(login, db, settings):
    settings.BUDGETING_ABSURD_AMOUNT_PENCE = 100_000  # £1,000
    bid = BidFactory(amount_requested_pence=None, costs=False)
    client = login(bid.applicant)
    response = client.post(
        step_url(bid, "money"),
        {
            "amount_requested_pence": "2,000",
            "continue": "1",
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "0",
            "costs-0-item": "Lights",
            "costs-0-amount": "100",
        },
    )
    assert "too large" in response.content.decode()
    bid.refresh_from_db()
    assert bid.amount_requested_pence is None


def test_eligibility_check_says_nothing_of_other_peoples_bids(login, db):
    round_ = BidRoundFactory(max_bids_per_group=1)
    url = reverse("budgeting:eligibility", kwargs={"slug": round_.slug})
    theirs = submitted_bid(
        round=round_,
        group_name="Skegness Youth Collective",
        group_key="name:skegness-youth-collective",
    )
    query = {"group_name": "skegness youth collective"}
    stranger = login(UserFactory())
    assert stranger.get(url, query).json() == {"eligible": True, "reasons": []}
    owner = login(theirs.applicant)
    reasons = owner.get(url, {**query, "bid": ""}).json()["reasons"]
    assert [r["code"] for r in reasons] == ["too_many_bids"]
