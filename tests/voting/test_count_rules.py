"""The count honours the round's rules: category pots, cumulative limits, equal shares options,
and the results in plain words (through the services and the pages)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgeting.models import BidStatus
from budgeting.services import category_create
from engagement.models import Event
from tests.budgeting.conftest import fund
from tests.budgeting.factories import BidRoundFactory, submitted_bid
from tests.engagement.factories import EventFactory
from voting.forms import VoteForm
from voting.selectors.election import rule_spec
from voting.selectors.explanations import category_results, results_explained
from voting.services import (
    BallotRejected,
    ballot_cast,
    vote_close,
    vote_create,
    vote_open,
    vote_tally,
)

from .voting_helpers import issued_codes, key, make_vote

pytestmark = pytest.mark.django_db

# Bids (pence) and their categories: two for young people, two for streets, one for anyone.
BIDS = [
    ("Youth boxing nights", 300_000, "Young people"),
    ("Skate park repairs", 200_000, "Young people"),
    ("Speed watch", 250_000, "Streets"),
    ("Walking bus", 100_000, "Streets"),
    ("Bench by the green", 200_000, None),
]


def category_round():
    round_ = BidRoundFactory(phase="voting")
    fund(round_.pot, 1_000_000)
    categories = {
        "Young people": category_create(
            actor=None, round=round_, name="Young people", budget_pence=400_000
        ),
        "Streets": category_create(actor=None, round=round_, name="Streets", budget_pence=300_000),
    }
    for title, cost, category in BIDS:
        submitted_bid(
            round=round_,
            title=title,
            amount_requested_pence=cost,
            status=BidStatus.SHORTLISTED,
            category=categories.get(category),
        )
    return round_


def vote_on(round_, **kwargs):
    event = EventFactory(area=round_.area, kind=Event.Kind.PB_EVENT, title="PB night")
    vote = vote_create(
        actor=None,
        event=event,
        round=round_,
        title="Sleaford decides",
        ballot_type=kwargs.pop("ballot_type", "approval"),
        rule=kwargs.pop("rule", "greedy"),
        budget_pence=kwargs.pop("budget_pence", 1_000_000),
        params=kwargs.pop("params", {}),
        **kwargs,
    )
    return vote_open(actor=None, vote=vote)


def cast_titles(vote, ballots):
    positions = {o.title: o.position for o in vote.options.all()}
    codes = issued_codes(vote, len(ballots))
    for code, titles in zip(codes, ballots, strict=True):
        choices = sorted(positions[t] for t in titles)
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())


def count(vote):
    vote_close(actor=None, vote=vote)
    return vote_tally(vote_id=vote.pk)


YOUTH, SKATE, SPEED, WALK, BENCH = (b[0] for b in BIDS)
# Votes: boxing 4, skate 3, speed watch 3, walking bus 2, bench 1.
BALLOTS = [
    [YOUTH, SKATE, SPEED, WALK, BENCH],
    [YOUTH, SKATE, SPEED, WALK],
    [YOUTH, SKATE, SPEED],
    [YOUTH],
]


def test_category_pots_are_applied_by_the_count_as_counted_by_hand():
    # £10,000: Streets £3,000 first (pots by name): speed watch £2,500 funded, walking bus
    # £1,000 does not fit the £500 left, £500 moves on. Young people £4,000: boxing £3,000
    # funded, skate park £2,000 does not fit the £1,000 left, £1,000 moves on. General pot
    # £3,000 + £500 + £1,000 = £4,500, by votes: skate park (3) £2,000, walking bus (2)
    # £1,000, bench (1) £2,000 does not fit the £1,500 left.
    vote = vote_on(category_round())
    assert vote.params["category_pots"] == {"Young people": 400_000, "Streets": 300_000}
    cast_titles(vote, BALLOTS)
    record = count(vote)
    titles = dict(vote.options.values_list("project_id", "title"))
    assert [titles[p] for p in record.selected] == [SPEED, YOUTH, SKATE, WALK]
    assert record.spent_pence == 850_000
    options = list(vote.options.order_by("position"))
    pots = {p.name: p for p in category_results(record=record, options=options)}
    assert (pots["Streets"].spent_pence, pots["Streets"].moved_pence) == (250_000, 50_000)
    assert (pots["Young people"].spent_pence, pots["Young people"].moved_pence) == (
        300_000,
        100_000,
    )
    assert (pots[""].budget_pence, pots[""].spent_pence) == (450_000, 300_000)
    assert pots[""].funded == [SKATE, WALK]
    explained = results_explained(vote=vote, record=record, options=options)
    reasons = {line.option.title: line.reason for line in explained.bids if not line.funded}
    assert reasons == {
        BENCH: "Needed £2,000, only £1,500 was left in the general pot when its turn came."
    }
    support = {line.option.title: line.support for line in explained.bids}
    assert support == {YOUTH: 4, SKATE: 3, SPEED: 3, WALK: 2, BENCH: 1}


def test_a_category_pot_cannot_exceed_what_the_pot_holds_or_the_vote():
    round_ = BidRoundFactory(phase="voting", pot__target_pence=500_000)
    with pytest.raises(ValidationError) as caught:
        category_create(actor=None, round=round_, name="Young people", budget_pence=150_000)
    message = " ".join(caught.value.messages)
    assert "£1,500" in message and "more than the pot holds" in message and "£0 pledged" in message
    round_ = category_round()  # £7,000 in category pots
    with pytest.raises(ValidationError, match="add up to £7,000, more than the £5,000"):
        vote_on(round_, budget_pence=500_000)


def test_greedy_reasons_say_what_was_left_when_its_turn_came():
    # £2,600 to allocate: A (3 votes) £2,000 funded, £600 left; B (2 votes) needs £2,000.
    vote = make_vote(costs=[200_000, 200_000, 50_000, 90_000], budget_pence=260_000)
    ids = list(vote.options.order_by("position"))
    codes = issued_codes(vote, 3)
    for code, choices in zip(codes, [[0, 1, 2], [0, 1], [0]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    record = count(vote)
    explained = results_explained(vote=vote, record=record, options=ids)
    reasons = {line.option.position: line.reason for line in explained.bids}
    assert reasons[1] == "Needed £2,000, only £600 was left when its turn came."
    assert explained.rule == "most votes first, skipping bids that no longer fit"
    assert explained.left_pence == 260_000 - 200_000 - 50_000


def test_equal_shares_reasons_and_comparison_in_words():
    # The hand-counted village of tests/pbtally/test_tally_count_options.py, in pounds.
    vote = make_vote(
        costs=[8_000, 2_000, 6_000, 2_000],
        budget_pence=8_000,
        rule="equalshares/add1-comparison",
    )
    assert vote.equal_shares_comparison == "satisfaction"
    cast = [[0, 1], [0, 1, 2, 3], [0, 1, 2, 3], [2], [0]]
    for code, choices in zip(issued_codes(vote, 5), cast, strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    record = count(vote)
    options = list(vote.options.order_by("position"))
    titles = [o.title for o in options]
    assert record.selected == [options[1].project_id, options[3].project_id]
    explained = results_explained(vote=vote, record=record, options=options)
    reasons = {line.option.position: line.reason for line in explained.bids}
    assert reasons[0] == (
        f"Its supporters' share had already paid for {titles[1]} and {titles[3]}; what they "
        "had left (£28) could not cover its £80."
    )
    assert explained.notes[-1] == (
        "2 voters prefer this outcome, 1 the one funding the most supported bids first, so "
        "equal shares was kept (a voter prefers the outcome that funds more of the bids they "
        "voted for)."
    )
    assert "compared with funding most votes first" in explained.rule
    from voting.selectors.votes import vote_results

    assert vote_results(vote=vote)["explanation"][-1] == explained.notes[-1]


def test_equal_shares_options_are_stored_and_counted():
    vote = make_vote(
        rule="equalshares/add1",
        equal_shares_integral=True,
        equal_shares_stop_when_exhaustive=False,
    )
    spec = rule_spec(vote)
    assert (spec.integral_endowment, spec.stop_when_exhaustive, spec.comparison) == (
        True,
        False,
        "none",
    )
    compared = make_vote(rule="equalshares/add1-comparison", equal_shares_comparison="exclusion")
    assert rule_spec(compared).comparison == "exclusion"
    assert rule_spec(compared).label == "equalshares/add1-comparison"


def vote_form(**data):
    round_ = BidRoundFactory()
    event = EventFactory(area=round_.area, kind=Event.Kind.PB_EVENT)
    base = {
        "event": event.pk,
        "title": "Vote",
        "ballot_type": "cumulative",
        "rule": "greedy",
        "budget": "4,000",
        "max_total_points": "10",
    }
    return VoteForm({**base, **data}, round=round_)


def test_cumulative_form_takes_the_limit_per_bid_or_none():
    form = vote_form(max_points_per_bid="4")
    assert form.is_valid(), form.errors
    assert form.params()["max_points_per_bid"] == 4
    form = vote_form(no_per_bid_limit="on")
    assert form.is_valid(), form.errors
    assert form.params()["max_points_per_bid"] is None
    form = vote_form()
    assert not form.is_valid()
    assert "No limit beyond the total" in form.errors["max_points_per_bid"][0]
    with pytest.raises(ValidationError, match=r"on one bid \(12\) cannot be more"):
        make_vote(
            ballot_type="cumulative", params={"max_total_points": 10, "max_points_per_bid": 12}
        )


def test_cumulative_all_points_on_one_bid_accepted_without_a_per_bid_limit(client):
    vote = make_vote(
        ballot_type="cumulative", params={"max_total_points": 10, "max_points_per_bid": None}
    )
    assert "max_points_per_bid" not in vote.params
    code = issued_codes(vote, 1)[0]
    page = client.get(reverse("voting:vote_start", kwargs={"pk": vote.pk}), {"code": code})
    assert "You may put them all on one bid." in page.content.decode()
    ballot_cast(vote=vote, code=code, choices=[2], points=[10], idempotency_key=key())
    limited = make_vote(ballot_type="cumulative", params={"max_total_points": 10})
    with pytest.raises(BallotRejected, match="at most 5 points"):
        ballot_cast(
            vote=limited,
            code=issued_codes(limited, 1)[0],
            choices=[2],
            points=[10],
            idempotency_key=key(),
        )


def test_the_ballot_shows_the_money_and_the_category_pots(client):
    vote = vote_on(category_round())
    code = issued_codes(vote, 1)[0]
    ballot = client.get(reverse("voting:vote_start", kwargs={"pk": vote.pk}), {"code": code})
    html = ballot.content.decode()
    assert "There is £10,000 to share out." in html
    assert "Young people: £4,000" in html and "Streets: £3,000" in html
    assert "Any bid: £3,000" in html


def confirm(vote):
    """Confirm the results as it is done: one coordinator proposes, another approves."""
    from tests.factories import user_with_role
    from voting.services import result_proposal_approve, results_confirm_propose

    proposer = user_with_role("coordinator", area=vote.area)
    approver = user_with_role("coordinator", area=vote.area)
    proposal = results_confirm_propose(actor=proposer, vote=vote)
    result_proposal_approve(actor=approver, proposal=proposal)


def test_confirmed_awards_are_reported_by_category():
    from budgeting.models import Award
    from reports.selectors import money_by_category

    vote = vote_on(category_round())
    cast_titles(vote, BALLOTS)
    count(vote)
    confirm(vote)
    awards = Award.objects.filter(bid__round=vote.round)
    assert money_by_category(awards=awards) == [("Young people", 500_000), ("Streets", 350_000)]


WELSH = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Needed %(cost)s, only %(left)s was left when its turn came."
msgstr "Roedd angen %(cost)s, dim ond %(left)s oedd ar ôl pan ddaeth ei dro."

msgid "most votes first"
msgstr "y mwyaf o bleidleisiau yn gyntaf"

msgid "%(order)s, skipping bids that no longer fit"
msgstr "%(order)s, gan hepgor ceisiadau nad ydynt yn ffitio mwyach"
"""


def test_reasons_are_translated_when_read_in_welsh(tmp_path, settings):
    # A throwaway catalogue with entries copied from the Welsh notes: the sentences are made
    # at read time through gettext, so the Welsh page gets Welsh reasons.
    import subprocess

    from django.utils import translation

    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(WELSH, encoding="utf-8")
    subprocess.run(
        ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True
    )
    vote = make_vote(costs=[200_000, 200_000, 50_000, 90_000], budget_pence=260_000)
    for code, choices in zip(issued_codes(vote, 3), [[0, 1, 2], [0, 1], [0]], strict=True):
        ballot_cast(vote=vote, code=code, choices=choices, points=None, idempotency_key=key())
    record = count(vote)
    options = list(vote.options.order_by("position"))
    settings.LOCALE_PATHS = [str(tmp_path)]
    with translation.override("cy"):
        explained = results_explained(vote=vote, record=record, options=options)
    reasons = {line.option.position: line.reason for line in explained.bids}
    assert reasons[1] == "Roedd angen £2,000, dim ond £600 oedd ar ôl pan ddaeth ei dro."
    assert explained.rule == (
        "y mwyaf o bleidleisiau yn gyntaf, gan hepgor ceisiadau nad ydynt yn ffitio mwyach"
    )


def test_a_count_that_cannot_fit_the_pots_says_so_in_words():
    from pbtally import RuleError

    vote = vote_on(category_round())
    # Pots copied onto a vote later made smaller behind the services' back: the count refuses.
    vote.budget_pence = 500_000
    vote.save(update_fields=["budget_pence"])
    cast_titles(vote, BALLOTS[:1])
    vote_close(actor=None, vote=vote)
    with pytest.raises(RuleError):
        vote_tally(vote_id=vote.pk)
    vote.refresh_from_db()
    assert vote.tally_error == (
        "The category pots add up to £7,000, more than the £5,000 to allocate. Make the "
        "category pots smaller, or set up the vote again with more money."
    )


def test_360giving_grants_name_their_category_pot():
    from budgeting.models import Award
    from reports.exports import grant

    vote = vote_on(category_round())
    cast_titles(vote, BALLOTS)
    count(vote)
    confirm(vote)
    grants = {a.bid.title: grant(a) for a in Award.objects.filter(bid__round=vote.round)}
    assert grants[SKATE]["classifications"][0]["title"] == "Young people"
    assert grants[WALK]["classifications"][0]["title"] == "Streets"


def test_the_vote_page_says_how_the_vote_is_counted(login):
    from tests.factories import user_with_role

    vote = vote_on(
        category_round(),
        rule="equalshares/add1-comparison",
        equal_shares_integral=True,
        equal_shares_stop_when_exhaustive=False,
        equal_shares_comparison="exclusion",
    )
    client = login(user_with_role("coordinator", area=vote.area))
    html = client.get(reverse("voting:vote_manage", kwargs={"pk": vote.pk})).content.decode()
    assert "How this vote is counted" in html
    assert "Every voter's share starts at whole pounds." in html
    assert "keep rising by £1 for as long as the outcome fits the money" in html
    assert "a voter prefers the outcome where at least one bid they voted for is funded" in html
    assert "Young people: £4,000" in html
