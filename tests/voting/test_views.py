"""The voting pages through Django's test client: the attendee flow, refusals, rate limiting,
the hall screen, results, and the staff pages' permissions."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import user_with_role
from voting import digests as codelib
from voting.models import Ballot, PaperBallot, PBVote, VotingCode
from voting.services import ballot_cast, codes_generate, vote_close, vote_tally

from .voting_helpers import confirm_results, issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def url(name, vote, **kwargs):
    return reverse(f"voting:{name}", kwargs={"pk": vote.pk, **kwargs})


def test_vote_by_typed_code_review_cast_and_receipt(client):
    vote = make_vote(ballot_type="scoring")
    (code,) = issued_codes(vote, 1)
    page = client.get(url("vote_start", vote))
    assert page.status_code == 200 and b"Your voting code" in page.content

    ballot = client.post(url("vote_start", vote), {"code": codelib.grouped(code).lower()})
    assert ballot.status_code == 200
    html = ballot.content.decode()
    idem = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    assert 'name="score_0"' in html and 'name="score_3"' in html

    data = {
        "code": code,
        "idempotency_key": idem,
        "score_0": "5",
        "score_1": "0",
        "score_2": "3",
        "score_3": "1",
    }
    incomplete = client.post(url("vote_review", vote), {**data, "score_3": ""})
    assert incomplete.status_code == 400 and b"There is a problem" in incomplete.content
    review = client.post(url("vote_review", vote), data)
    assert review.status_code == 200 and b"Check your choices" in review.content
    change = client.post(url("vote_review", vote), {**data, "change": "1"})
    assert change.status_code == 200 and b"Review my choices" in change.content
    assert re.search(rb'value="5"[^>]*checked', change.content)

    cast = client.post(url("vote_cast", vote), data)
    assert cast.status_code == 302
    receipt = client.get(cast["Location"])
    assert receipt.status_code == 200 and b"your vote has been cast" in receipt.content
    ballot_row = Ballot.objects.get(vote=vote)
    assert (ballot_row.choices, ballot_row.points) == ("0,1,2,3", "5,0,3,1")

    # A retry of the same request (timeout, double tap) lands on the same receipt.
    again = client.post(url("vote_cast", vote), data)
    assert again["Location"] == cast["Location"]
    assert Ballot.objects.filter(vote=vote).count() == 1
    # The offline queue gets JSON.
    as_json = client.post(url("vote_cast", vote), data, HTTP_ACCEPT="application/json")
    assert as_json.json()["receipt_url"] == cast["Location"]
    # Trying the code again from the start shows its receipt, saying it was cast already.
    used = client.post(url("vote_start", vote), {"code": code}, follow=True)
    assert used.status_code == 200 and b"already been cast" in used.content
    assert used.redirect_chain[-1][0] == cast["Location"] + "?again=1"


def test_vote_by_qr_link_goes_straight_to_the_ballot(client):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    page = client.get(url("vote_start", vote) + f"?code={code}")
    assert page.status_code == 200 and b"Review my choices" in page.content
    bad = client.get(url("vote_start", vote) + "?code=ZZZZ-ZZZZ-ZZZZZ")
    assert bad.status_code == 400 and b"do not recognise" in bad.content


def test_forged_and_rule_breaking_posts_are_refused_and_store_nothing(client):
    vote = make_vote(params={"max_choices": 2})
    (code,) = issued_codes(vote, 1)
    base = {"code": code, "idempotency_key": key()}
    for data in (
        {**base, "choice": ["0", "1", "2"]},  # too many
        {**base, "choice": ["9"]},  # not on the ballot
        {**base, "choice": ["0"], "idempotency_key": "x"},  # damaged form
        {**base, "code": "ABCD"},  # malformed code
    ):
        response = client.post(url("vote_cast", vote), data, HTTP_ACCEPT="application/json")
        assert response.status_code == 400, data
        assert response.json()["ok"] is False and response.json()["message"]
    assert not Ballot.objects.exists()


def test_code_guessing_is_rate_limited_and_logged(client, caplog, settings):
    settings.VOTING_GUESS_LIMIT = 3  # read when each guess is counted, not at import
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    for _ in range(settings.VOTING_GUESS_LIMIT):
        client.post(url("vote_start", vote), {"code": codelib.new_code()})
    blocked = client.post(url("vote_start", vote), {"code": codelib.new_code()})
    assert blocked.status_code == 429
    assert "Code guessing blocked" in caplog.text
    assert "Wrong voting code" in caplog.text
    # A real card is looked up before the limiter refuses: it is never blocked.
    assert client.post(url("vote_start", vote), {"code": code}).status_code == 200


def test_closed_vote_and_unknown_votes(client):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    vote_close(actor=None, vote=vote)
    page = client.get(url("vote_start", vote))
    assert b"Voting has closed" in page.content
    response = client.post(
        url("vote_cast", vote), {"code": code, "idempotency_key": key(), "choice": ["0"]}
    )
    assert response.status_code == 400 and b"not open" in response.content
    assert client.get(reverse("voting:vote_start", kwargs={"pk": 999999})).status_code == 404
    draft = make_vote(open_now=False)
    assert client.get(url("vote_start", draft)).status_code == 404


def test_live_screen_never_shows_totals_and_results_wait_for_the_count(client):
    vote = make_vote()
    codes = issued_codes(vote, 2)
    for code in codes:
        ballot_cast(vote=vote, code=code, choices=[1], points=None, idempotency_key=key())
    live = client.get(url("vote_live_json", vote)).json()
    assert live["ballots"] == 2 and live["state"] == "open"
    assert set(live) == {
        "state",
        "ballots",
        "cards_handed_out",
        "paper_keyed",
        "attendance",
        "turnout_percent",
        "seconds_left",
        "counted",
    }
    assert client.get(url("vote_live", vote)).status_code == 200
    results = client.get(url("vote_results", vote))
    assert b"published after voting closes" in results.content
    option_title = vote.options.get(position=1).title.encode()
    assert option_title not in results.content

    vote_close(actor=None, vote=vote)
    vote_tally(vote_id=vote.pk)
    # Counted but not confirmed: the public sees that the results are being checked.
    for name in ("vote_results", "vote_announce"):
        checking = client.get(url(name, vote)).content.decode()
        assert "The results are being checked" in checking
        assert option_title.decode() not in checking
    confirm_results(vote)
    results = client.get(url("vote_results", vote))
    assert option_title in results.content and b"Fingerprint of the inputs" in results.content
    assert b"Confirmed results." in results.content
    assert client.get(url("vote_announce", vote)).status_code == 200
    listing = client.get(url("vote_receipts", vote) + "?format=txt").content.decode().split()
    assert len(listing) == 2


@pytest.mark.parametrize(
    ("role", "manage", "issue", "cards", "register"),
    [
        (None, 403, 403, 403, False),
        ("volunteer", 200, 200, 403, False),
        ("pcc_office", 200, 403, 403, True),
        ("coordinator", 200, 200, 200, True),
        ("superuser", 200, 200, 200, True),
    ],
)
def test_staff_pages_by_role(client, role, manage, issue, cards, register):
    vote = make_vote()
    user = user_with_role(role, area=vote.area)
    client.force_login(user)
    page = client.get(url("vote_manage", vote))
    assert page.status_code == manage
    if manage == 200:
        # The register (``voting.view_vote_register``) is for coordinators and the PCC office.
        assert (b'id="register-title"' in page.content) is register
        assert (b"Codes handed out but not used" in page.content) is register
    assert client.get(url("vote_issue", vote)).status_code == issue
    assert client.get(url("vote_paper", vote)).status_code == issue
    response = client.post(url("vote_codes", vote), {"size": 3})
    assert response.status_code in ((302,) if cards == 200 else (403,))


def test_wrong_area_coordinator_is_refused(client):
    vote = make_vote()
    other = make_vote()
    client.force_login(user_with_role("coordinator", area=other.area))
    assert client.get(url("vote_manage", vote)).status_code == 403
    assert client.post(url("vote_action", vote, action="close")).status_code == 403
    vote.refresh_from_db()
    assert vote.status == PBVote.Status.OPEN


def test_anonymous_staff_pages_redirect_to_login(client):
    vote = make_vote()
    response = client.get(url("vote_manage", vote))
    assert response.status_code == 302 and "login" in response["Location"]


def test_issue_desk_and_paper_keying_by_http(client):
    vote = make_vote()
    (code,) = codes_generate(vote=vote, count=1)
    anna = user_with_role("volunteer", area=vote.area)
    ben = user_with_role("volunteer", area=vote.area)
    client.force_login(anna)
    refused = client.post(url("vote_issue", vote), {"code": code})
    assert refused.status_code == 200 and b"declares" in refused.content
    ok = client.post(url("vote_issue", vote), {"code": code, "eligible": "on"})
    assert ok.status_code == 302
    assert VotingCode.objects.get(vote=vote).state == VotingCode.State.ISSUED

    keyed = {"number": 7, "card": code, "choice": ["0", "2"]}
    assert client.post(url("vote_paper", vote), keyed).status_code == 302
    client.force_login(ben)
    assert client.post(url("vote_paper", vote), keyed).status_code == 302
    assert PaperBallot.objects.get(vote=vote, number=7).state == PaperBallot.State.COUNTED
    assert Ballot.objects.filter(vote=vote, source="paper").count() == 1


def test_staff_pages_render_through_a_whole_vote(client):
    vote = make_vote()
    coordinator = user_with_role("coordinator", area=vote.area)
    volunteer = user_with_role("volunteer", area=vote.area)
    client.force_login(coordinator)
    assert b"PB votes" in client.get(reverse("voting:vote_list")).content
    new = reverse("voting:vote_create", kwargs={"slug": vote.round.slug})
    assert client.get(new).status_code == 200
    created = client.post(
        new,
        {
            "event": vote.event_id,
            "title": "Second vote",
            "ballot_type": "approval",
            "rule": "greedy",
            "budget": "2000",
            "codes_must_be_issued": "on",
        },
    )
    # One live vote per round: the second is refused in words, and nothing is stored.
    assert created.status_code == 200
    assert "This round already has a vote" in created.content.decode()
    assert not PBVote.objects.filter(title="Second vote").exists()

    # A disputed paper ballot, settled by the supervisor.
    (card,) = issued_codes(vote, 1)
    client.force_login(volunteer)
    client.post(url("vote_paper", vote), {"number": 3, "card": card, "choice": ["0"]})
    client.force_login(coordinator)
    client.post(url("vote_paper", vote), {"number": 3, "card": card, "choice": ["1"]})
    queue = client.get(url("vote_paper_disputes", vote))
    assert queue.status_code == 200 and b"Paper ballot 3" in queue.content
    paper = PaperBallot.objects.get(vote=vote, number=3)
    resolve = url("vote_paper_resolve", vote, paper=paper.pk)
    assert client.get(resolve).status_code == 200
    assert client.post(resolve, {"number": 3, "card": card, "choice": ["1"]}).status_code == 302
    assert PaperBallot.objects.get(pk=paper.pk).state == PaperBallot.State.COUNTED

    assert client.get(url("vote_manage", vote)).status_code == 200
    assert client.post(url("vote_action", vote, action="close")).status_code == 302
    vote_tally(vote_id=vote.pk)
    page = client.get(url("vote_manage", vote))
    assert b"Propose confirming the results" in page.content
    override = client.get(url("vote_override", vote))
    assert override.status_code == 200
    ids = list(vote.options.values_list("project_id", flat=True))
    done = client.post(url("vote_override", vote), {"selected": [ids[0]], "reason": "Withdrawn"})
    assert done.status_code == 302
    assert b"Withdrawn" in client.get(url("vote_results", vote)).content
