"""The issue desk scans a card's QR code with the camera (a QR image fed to Chromium as its
fake camera), decoding on the phone; groups are offered by name; the running count and the hall
screen's figures follow the cards handed out."""

from __future__ import annotations

import pytest
import segno
from PIL import Image
from playwright.sync_api import expect

from budgeting.models import ConflictDeclaration
from tests.browser.sessions import sign_in
from tests.factories import user_with_role
from tests.harness.browser import CHROMIUM_FLAGS, chromium_path
from tests.voting.voting_helpers import make_vote
from voting import digests
from voting.models import VotingCode
from voting.services import codes_generate

pytestmark = pytest.mark.browser


def write_y4m(path, text: str) -> None:
    """A few frames of a QR code on white, as the raw video Chromium's fake camera plays."""
    qr = segno.make(text, error="m")
    image = Image.new("L", (640, 480), 255)
    side = qr.symbol_size(scale=8, border=4)[0]
    code = Image.new("L", (side, side), 255)
    for y, row in enumerate(qr.matrix_iter(scale=8, border=4)):
        for x, dark in enumerate(row):
            if dark:
                code.putpixel((x, y), 0)
    image.paste(code, ((640 - side) // 2, (480 - side) // 2))
    luma = image.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            out.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.fixture
def camera_page(_playwright, live_server, tmp_path, request):
    def make(qr_text: str):
        video = tmp_path / "card.y4m"
        write_y4m(video, qr_text)
        browser = _playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                *CHROMIUM_FLAGS,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        request.addfinalizer(browser.close)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="en-GB"
        )
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    return make


def test_issue_desk_scans_the_card_and_counts_the_holder_present(
    camera_page, live_server, settings, assert_accessible
):
    settings.SITE_URL = live_server.url
    vote = make_vote()
    bid = vote.options.order_by("position").first().bid
    bid.group_name = "Sleaford Youth Forum"
    bid.group_key = "name:sleaford-youth-forum"
    bid.save(update_fields=["group_name", "group_key"])
    ConflictDeclaration.objects.create(
        bid=bid,
        kind=ConflictDeclaration.Kind.VOTER_GROUP,
        voter_group=bid.group_key,
        reason="Their own bid",
    )
    (code,) = codes_generate(vote=vote, count=1)
    page = camera_page(f"{live_server.url}/pb/vote/{vote.pk}/?code={code}")
    sign_in(page, live_server, user_with_role("volunteer", area=vote.area))
    page.goto(f"/pb/votes/{vote.pk}/issue/")
    expect(page.get_by_text("0 cards handed out so far.")).to_be_visible()
    group = page.get_by_label("Do they belong to a group with a bid on the ballot?")
    labels = group.locator("option").all_inner_texts()
    assert "Sleaford Youth Forum" in labels and not any("name:" in label for label in labels)
    assert_accessible(page)

    page.get_by_role("button", name="Scan the card's QR code").click()
    box = page.get_by_label("Code on the card")
    expect(box).to_have_value(code, timeout=20000)
    page.get_by_label("They have declared that they may vote").check()
    group.select_option(label="Sleaford Youth Forum")
    page.get_by_role("button", name="Hand out the card").click()
    expect(page.get_by_text("1 card handed out so far.")).to_be_visible()
    record = VotingCode.objects.get(vote=vote)
    assert record.state == VotingCode.State.ISSUED
    assert record.voter_group == "name:sleaford-youth-forum"
    assert record.digest == digests.code_digest(digests.vote_key(vote.salt), code)

    # The hall screen counts the card holder as present.
    page.goto(f"/pb/vote/{vote.pk}/live/")
    expect(page.locator("#live-cards")).to_have_text("1")
    expect(page.locator("#live-attendance")).to_have_text("1")
