"""The paper ballot pages by HTTP: who may open which, the card field's refusals shown on the
field, blanks keyed by the vote's rules, the settle buttons, and the manage page's links."""

from __future__ import annotations

import pytest

from engagement.models import AuditEntry
from tests.factories import user_with_role
from voting.models import Ballot, PaperBallot
from voting.services import paper_entry_add

from .test_views import url
from .voting_helpers import issued_codes, make_vote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "waiting", "disputes", "pdf"),
    [
        ("volunteer", 200, 403, 200),
        ("coordinator", 200, 200, 200),
        ("pcc_office", 403, 403, 200),
        (None, 403, 403, 403),
    ],
)
def test_who_opens_the_paper_pages(client, role, waiting, disputes, pdf):
    vote = make_vote()
    client.force_login(user_with_role(role, area=vote.area))
    assert client.get(url("vote_paper_awaiting", vote)).status_code == waiting
    assert client.get(url("vote_paper_disputes", vote)).status_code == disputes
    assert client.get(url("vote_paper_pdf", vote)).status_code == pdf


def test_the_manage_page_links_every_paper_page(client):
    vote = make_vote()
    client.force_login(user_with_role("coordinator", area=vote.area))
    page = client.get(url("vote_manage", vote)).content.decode()
    for name in ("vote_paper", "vote_paper_awaiting", "vote_paper_disputes", "vote_paper_pdf"):
        assert f'"{url(name, vote)}"' in page
    assert 'name="version"' in page and 'value="large"' in page and 'value="easy"' in page
    assert 'name="language"' in page and 'value="cy"' in page


def test_the_card_is_refused_on_its_field_and_a_blank_score_in_words(client):
    vote = make_vote(ballot_type="scoring")
    (card,) = issued_codes(vote, 1)
    client.force_login(user_with_role("volunteer", area=vote.area))
    options = list(vote.options.order_by("position"))
    marks = {f"score_{o.position}": "3" for o in options[:-1]}  # the last bid left blank
    no_card = client.post(url("vote_paper", vote), {"number": 1, **marks})
    assert no_card.status_code == 200
    assert no_card.context["form"].errors["card"] == [
        "Enter the code of the voting card handed in with this ballot."
    ]
    blank = client.post(url("vote_paper", vote), {"number": 1, "card": card, **marks})
    assert blank.status_code == 200
    text = blank.content.decode()
    assert "This vote needs a score for every bid" in text and options[-1].title in text
    assert "a paper with an empty box cannot count, so key it as spoilt" in text
    assert not PaperBallot.objects.filter(vote=vote).exists()


def test_a_blank_score_is_keyed_as_blank_where_the_rules_allow_it(client):
    vote = make_vote(ballot_type="scoring", params={"score_every_bid": False})
    (card,) = issued_codes(vote, 1)
    options = list(vote.options.order_by("position"))
    marks = {"number": 1, "card": card, f"score_{options[0].position}": "4"}
    for _volunteer in range(2):
        client.force_login(user_with_role("volunteer", area=vote.area))
        page = client.get(url("vote_paper", vote)).content.decode()
        assert "Choose “blank” for a bid whose box on the paper is empty." in page
        blank_score = f'name="score_{options[1].position}" value=""'
        assert blank_score in page
        assert client.post(url("vote_paper", vote), marks).status_code == 302
    ballot = Ballot.objects.get(vote=vote)
    assert (ballot.choices, ballot.points) == (str(options[0].position), "4")


def test_settling_by_http_and_a_wrong_choice_in_words(client, django_assert_max_num_queries):
    vote = make_vote()
    card, other = issued_codes(vote, 2)
    anna, ben = (user_with_role("volunteer", area=vote.area) for _ in range(2))
    paper_entry_add(actor=anna, vote=vote, number=8, card=card, choices=[0])
    paper_entry_add(actor=ben, vote=vote, number=8, card=card, choices=[1])
    paper_entry_add(actor=anna, vote=vote, number=9, card=other, choices=[2])
    boss = user_with_role("coordinator", area=vote.area)
    client.force_login(boss)
    paper = PaperBallot.objects.get(vote=vote, number=8)
    settle = url("vote_paper_settle", vote, paper=paper.pk)
    refused = client.post(settle, {"choice": "both"}, follow=True)
    assert "Choose the first keying, the second, or key the paper again." in (
        refused.content.decode()
    )
    assert client.get(settle).status_code == 405
    done = client.post(settle, {"choice": "a"}, follow=True)
    assert "Paper ballot 8 settled." in done.content.decode()
    assert Ballot.objects.get(vote=vote).choices == "0"
    assert AuditEntry.objects.get(action="paper.settled").data == {"number": 8, "chose": "a"}
    # The waiting list shows the paper keyed once, by number, with who keyed it.
    with django_assert_max_num_queries(12):
        waiting = client.get(url("vote_paper_awaiting", vote))
    rows = list(waiting.context["papers"])
    assert [p.number for p in rows] == [9]
    assert other[-4:] in waiting.content.decode()
