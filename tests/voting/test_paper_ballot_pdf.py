"""The printable paper ballot read back from the PDF (pdftotext, page by page): every bid once,
in the ballot's drawn order, with the phone ballot's words, never split across a page; the
ballot number and card code boxes; how to mark it under the vote's rules; large-print and
easy-read versions; English or Welsh (Welsh checked with strings the catalogue already has)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from budgeting.money import format_pence
from tests.factories import user_with_role

from .voting_helpers import make_vote

pytestmark = pytest.mark.django_db

COSTS = [101_000 + 1_100 * n for n in range(14)]  # fourteen bids, each its own price


def fetch_pdf(client, vote, tmp_path: Path, **query) -> Path:
    client.force_login(user_with_role("coordinator", area=vote.area))
    response = client.get(reverse("voting:vote_paper_pdf", kwargs={"pk": vote.pk}), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "ballot.pdf"
    path.write_bytes(response.content)
    return path


def pages_text(path: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_bids_whole_and_in_order(vote, pages: list[str]) -> None:
    options = list(vote.options.order_by("position"))
    seen = []
    for page in pages:
        text = flat(page)
        for n, option in enumerate(options, start=1):
            # "2. Bid 1" must not match inside "12. Bid 11".
            heading = rf"(?<!\d){re.escape(f'{n}. {option.title}')}(?!\d)"
            found = re.findall(heading, text)
            if not found:
                continue
            assert len(found) == 1
            seen.append(n)
            # The whole bid on this page: heading, price and summary together.
            block = rf"{heading} {re.escape(format_pence(option.cost_pence))}[^£]*?"
            block += re.escape(option.summary)
            assert re.search(block, text), f"bid {n} is split across a page"
    assert seen == list(range(1, len(options) + 1)), "every bid once, in the drawn order"


def test_the_standard_paper_ballot_has_the_phone_ballots_words(client, tmp_path):
    vote = make_vote(ballot_type="approval", costs=COSTS, params={"max_choices": 3})
    pages = pages_text(fetch_pdf(client, vote, tmp_path, language="en"))
    assert_bids_whole_and_in_order(vote, pages)
    first = flat(pages[0])
    assert vote.title in first
    assert "Your voting card code" in first and "Ballot number (the counters write it)" in first
    # The words of the phone ballot: the money shared out and its instructions.
    assert "£2,000 is being shared out between the bids with the most support." in first
    assert "There is £2,000 to share out." in first
    assert "Tick the bids you support (up to 3)." in first
    # How to mark paper, under this vote's rules.
    assert "Put a cross (X) in the box next to every bid you support." in first
    assert "Cross no more than 3 boxes." in first
    assert "once this paper is counted, the card cannot vote on a phone" in first


def test_large_print_runs_over_pages_without_splitting_a_bid(client, tmp_path):
    vote = make_vote(ballot_type="scoring", costs=COSTS)
    pages = pages_text(fetch_pdf(client, vote, tmp_path, version="large", language="en"))
    assert len(pages) >= 3
    assert_bids_whole_and_in_order(vote, pages)
    first = flat(pages[0])
    assert "Write a score from 0 to 5 in the box next to each bid." in first
    assert "Score every bid: a paper with an empty box cannot be counted." in first


@pytest.mark.parametrize(
    ("ballot_type", "params", "step"),
    [
        ("approval", {}, "Put a cross X in the box of each bid you like."),
        ("choose-1", {}, "Put a cross X in the box of the one bid you like best."),
        ("knapsack", {}, "All together they must cost £2,000 or less."),
        ("cumulative", {"max_total_points": 10, "max_points_per_bid": 5}, "You have 10 points."),
        ("ordinal", {"max_choices": 3}, "You can go up to 3."),
    ],
)
def test_the_easy_read_version_says_how_to_mark_in_short_steps(
    client, tmp_path, ballot_type, params, step
):
    vote = make_vote(ballot_type=ballot_type, params=params)
    pages = pages_text(fetch_pdf(client, vote, tmp_path, version="easy", language="en"))
    assert_bids_whole_and_in_order(vote, pages)
    first = flat(pages[0])
    assert "How to vote on paper" in first
    assert "Find your voting card. Write its code in the box at the top." in first
    assert step in first
    assert "Fold your paper. Put it in the ballot box." in first


def test_the_paper_ballot_in_welsh(client, tmp_path):
    vote = make_vote(ballot_type="approval")
    pages = pages_text(fetch_pdf(client, vote, tmp_path, language="cy"))
    assert "Ticiwch bob cais rydych yn ei gefnogi." in flat(pages[0])
    assert_bids_whole_and_in_order(vote, pages)


def test_the_paper_ballot_follows_the_page_language_and_is_for_the_votes_staff(client, tmp_path):
    vote = make_vote(ballot_type="approval")
    client.cookies["django_language"] = "cy"
    pages = pages_text(fetch_pdf(client, vote, tmp_path, version="nonsense"))
    assert "Ticiwch bob cais rydych yn ei gefnogi." in flat(pages[0])
    client.logout()
    url = reverse("voting:vote_paper_pdf", kwargs={"pk": vote.pk})
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(user_with_role("coordinator", area=make_vote().area))
    assert client.get(url).status_code == 403


WELSH = {
    "Your voting card code": "Cod eich cerdyn pleidleisio",
    "How to mark this paper:": "Sut i farcio'r papur hwn:",
    "Put a cross (X) in the box next to every bid you support.": (
        "Rhowch groes (X) yn y blwch wrth ymyl pob cais rydych yn ei gefnogi."
    ),
}


def test_the_paper_ballots_own_words_in_welsh(client, tmp_path, settings):
    """With a throwaway catalogue of this page's own strings (the project's catalogue gets
    them at merge): the Welsh PDF shows them in Welsh."""
    folder = tmp_path / "locale" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    lines = ['msgid ""', 'msgstr ""', r'"Content-Type: text/plain; charset=UTF-8\n"', ""]
    for english, welsh in WELSH.items():
        lines += [f'msgid "{english}"', f'msgstr "{welsh}"', ""]
    (folder / "django.po").write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(
        ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True
    )
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    vote = make_vote(ballot_type="approval")
    text = flat(" ".join(pages_text(fetch_pdf(client, vote, tmp_path, language="cy"))))
    assert all(welsh in text for welsh in WELSH.values())
    assert "Your voting card code" not in text
