"""Paper ballots tied to the voting card handed in with them: a card votes once, on paper or on
a phone; keying follows the vote's rules for blanks; a supervisor settles a dispute by choosing
a keying (audit-logged). Real PostgreSQL, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from engagement.models import AuditEntry
from tests.factories import UserFactory
from voting import digests
from voting.models import Ballot, PaperBallot
from voting.selectors.paper import paper_dispute_list
from voting.services import (
    BallotRejected,
    ballot_cast,
    code_issue,
    codes_generate,
    paper_entry_add,
    paper_settle,
)
from voting.services.cards import code_cancel

from .test_one_statement import ballot_post, one_statement
from .voting_helpers import issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


def card_errors(excinfo) -> str:
    return " ".join(excinfo.value.message_dict.get("card", []))


def test_a_card_already_used_on_a_phone_is_refused_in_words_and_nothing_is_stored():
    vote = make_vote()
    (card,) = issued_codes(vote, 1)
    anna = UserFactory()
    ballot_cast(vote=vote, code=card, choices=[1], points=None, idempotency_key=key())
    with pytest.raises(ValidationError) as refused:
        paper_entry_add(actor=anna, vote=vote, number=1, card=card, choices=[0])
    assert "already been used to vote on a phone" in card_errors(refused)
    assert card[-4:] in card_errors(refused)
    assert not PaperBallot.objects.filter(vote=vote).exists()
    # Told what to do instead: the paper can be keyed as spoilt, which needs no card.
    spoilt = paper_entry_add(
        actor=anna, vote=vote, number=1, spoilt=True, spoilt_reason="Card already used"
    )
    assert spoilt.state == PaperBallot.State.AWAITING_SECOND


def test_a_card_keyed_on_paper_cannot_then_vote_on_a_phone():
    vote = make_vote()
    waiting, counted = issued_codes(vote, 2)
    anna, ben = UserFactory.create_batch(2)
    # Keyed once: the card is held already, on both phone paths.
    paper_entry_add(actor=anna, vote=vote, number=1, card=waiting, choices=[0])
    assert one_statement(vote_id=vote.pk, data=ballot_post(waiting, 1)) is None
    with pytest.raises(BallotRejected, match="used to vote on paper") as refused:
        ballot_cast(vote=vote, code=waiting, choices=[1], points=None, idempotency_key=key())
    assert refused.value.reason == "on_paper"
    # Counted: the paper ballot keeps the card's ballot digest, the one-per-code guard.
    paper_entry_add(actor=anna, vote=vote, number=2, card=counted, choices=[2])
    paper_entry_add(actor=ben, vote=vote, number=2, card=counted, choices=[2])
    hkey = digests.vote_key(vote.salt)
    ballot = Ballot.objects.get(vote=vote, source=Ballot.Source.PAPER)
    assert ballot.code_digest == digests.ballot_digest(hkey, counted)
    assert ballot.receipt_digest is None
    assert one_statement(vote_id=vote.pk, data=ballot_post(counted, 1)) is None
    with pytest.raises(BallotRejected, match="used to vote on paper"):
        ballot_cast(vote=vote, code=counted, choices=[1], points=None, idempotency_key=key())
    assert Ballot.objects.filter(vote=vote, source=Ballot.Source.ONLINE).count() == 0
    # A card on a counted paper ballot cannot be cancelled either: its ballot stays counted.
    with pytest.raises(ValidationError, match="already been cast"):
        code_cancel(actor=None, vote=vote, code=counted)


def test_a_card_on_another_paper_ballot_is_refused_with_its_number():
    vote = make_vote()
    (card,) = issued_codes(vote, 1)
    anna, ben = UserFactory.create_batch(2)
    paper_entry_add(actor=anna, vote=vote, number=4, card=card, choices=[0])
    with pytest.raises(ValidationError) as refused:
        paper_entry_add(actor=ben, vote=vote, number=5, card=card, choices=[0])
    assert "already on paper ballot 4" in card_errors(refused)
    # The second keying of the same paper names the same card: that is no clash.
    assert paper_entry_add(actor=ben, vote=vote, number=4, card=card, choices=[0]).state == (
        PaperBallot.State.COUNTED
    )


@pytest.mark.parametrize(
    ("card", "words"),
    [
        ("", "Enter the code of the voting card"),
        ("not a code", "That is not a voting code"),
        ("ABCD-EFGH-JKMNP", "not for this vote"),
        ("cancelled", "was cancelled"),
        ("not handed out", "never handed out"),
    ],
)
def test_a_card_that_cannot_vote_is_refused_in_words(card, words):
    vote = make_vote()
    cancelled, unissued = codes_generate(vote=vote, count=2)
    code_issue(actor=None, vote=vote, code=cancelled, eligible=True)
    code_cancel(actor=None, vote=vote, code=cancelled)
    typed = {"cancelled": cancelled, "not handed out": unissued}.get(card, card)
    with pytest.raises(ValidationError) as refused:
        paper_entry_add(actor=UserFactory(), vote=vote, number=1, card=typed, choices=[0])
    assert words in card_errors(refused)
    assert not PaperBallot.objects.filter(vote=vote).exists()


def test_blanks_are_keyed_as_blank_where_the_rules_allow_them():
    # Scores: a bid left blank is no score, unless the vote needs every bid scored.
    lenient = make_vote(ballot_type="scoring", params={"score_every_bid": False})
    (card,) = issued_codes(lenient, 1)
    anna, ben = UserFactory.create_batch(2)
    paper_entry_add(actor=anna, vote=lenient, number=1, card=card, choices=[0, 2], points=[4, 1])
    paper_entry_add(actor=ben, vote=lenient, number=1, card=card, choices=[0, 2], points=[4, 1])
    assert Ballot.objects.get(vote=lenient).points == "4,1"

    strict = make_vote(ballot_type="scoring")  # every bid scored: the default
    (card,) = issued_codes(strict, 1)
    with pytest.raises(ValidationError, match="needs a score for every bid") as refused:
        paper_entry_add(actor=anna, vote=strict, number=1, card=card, choices=[0], points=[3])
    assert "key it as spoilt" in str(refused.value)
    titles = list(strict.options.order_by("position").values_list("title", flat=True))
    assert all(title in str(refused.value) for title in titles[1:])
    assert not PaperBallot.objects.filter(vote=strict).exists()

    # Ticks: a blank paper is a blank ballot, unless the vote needs a number of bids marked.
    blank_ok = make_vote(ballot_type="approval")
    (card,) = issued_codes(blank_ok, 1)
    paper_entry_add(actor=anna, vote=blank_ok, number=1, card=card, choices=[])
    paper_entry_add(actor=ben, vote=blank_ok, number=1, card=card, choices=[])
    assert Ballot.objects.get(vote=blank_ok).choices == ""

    at_least_two = make_vote(ballot_type="approval", params={"min_choices": 2})
    (card,) = issued_codes(at_least_two, 1)
    with pytest.raises(ValidationError, match="at least 2 bids marked, and the paper has 1"):
        paper_entry_add(actor=anna, vote=at_least_two, number=1, card=card, choices=[3])


def test_the_supervisor_settles_by_choosing_a_keying_and_it_is_audit_logged():
    vote = make_vote()
    first_card, second_card, third = issued_codes(vote, 3)
    anna, ben, boss = UserFactory.create_batch(3)
    # The keyings disagree on one bid and on the card.
    paper_entry_add(actor=anna, vote=vote, number=9, card=first_card, choices=[0, 2])
    disputed = paper_entry_add(actor=ben, vote=vote, number=9, card=second_card, choices=[0, 3])
    assert disputed.state == PaperBallot.State.DISPUTED

    (dispute,) = paper_dispute_list(vote=vote)
    differing = {row.label for row in dispute.rows if row.differs}
    titles = list(vote.options.order_by("position").values_list("title", flat=True))
    assert differing == {"Voting card", titles[2], titles[3]}
    card_row = dispute.rows[0]
    assert (card_row.first, card_row.second) == (
        f"ending {first_card[-4:]}",
        f"ending {second_card[-4:]}",
    )
    assert dispute.differences == 3

    with pytest.raises(ValidationError, match="Choose the first keying"):
        paper_settle(actor=boss, paper=disputed.paper, choice="c")
    settled = paper_settle(actor=boss, paper=disputed.paper, choice="b")
    assert settled.state == PaperBallot.State.COUNTED
    ballot = Ballot.objects.get(vote=vote, source=Ballot.Source.PAPER)
    hkey = digests.vote_key(vote.salt)
    assert ballot.choices == "0,3"
    assert ballot.code_digest == digests.ballot_digest(hkey, second_card)
    # The other keying's card is free again: it was never counted.
    ballot_cast(vote=vote, code=first_card, choices=[1], points=None, idempotency_key=key())
    entry = AuditEntry.objects.get(action="paper.settled")
    assert entry.data == {"number": 9, "chose": "b"} and entry.actor == boss
    assert AuditEntry.objects.filter(action="paper.counted").count() == 1
    # Settled once only.
    with pytest.raises(ValidationError, match="not waiting for a supervisor"):
        paper_settle(actor=boss, paper=disputed.paper, choice="a")

    # A paper first keyed as spoilt holds the card the second keying names, until settled:
    # settled as spoilt, it gives no vote and the card is free again.
    paper_entry_add(actor=anna, vote=vote, number=10, spoilt=True, spoilt_reason="Torn")
    other = paper_entry_add(actor=ben, vote=vote, number=10, card=third, choices=[1])
    assert other.state == PaperBallot.State.DISPUTED
    with pytest.raises(BallotRejected, match="used to vote on paper"):
        ballot_cast(vote=vote, code=third, choices=[1], points=None, idempotency_key=key())
    assert paper_settle(actor=boss, paper=other.paper, choice="a").state == "spoilt"
    assert PaperBallot.objects.get(pk=other.paper.pk).card_digest is None
    ballot_cast(vote=vote, code=third, choices=[1], points=None, idempotency_key=key())


def test_the_dispute_list_takes_the_same_queries_however_many_disputes(
    django_assert_num_queries,
):
    vote = make_vote()
    anna, ben = UserFactory.create_batch(2)
    cards = issued_codes(vote, 3)
    for number, card in enumerate(cards, start=1):
        paper_entry_add(actor=anna, vote=vote, number=number, card=card, choices=[0])
        paper_entry_add(actor=ben, vote=vote, number=number, card=card, choices=[1])
    # The options, the disputed papers, their keyings and who keyed them.
    with django_assert_num_queries(4):
        disputes = paper_dispute_list(vote=vote)
        names = [d.keyings[1].entered_by.name for d in disputes]
    assert [d.paper.number for d in disputes] == [1, 2, 3] and names == [ben.name] * 3


@pytest.mark.django_db(transaction=True)
def test_one_card_on_many_papers_and_phones_at_once_votes_once():
    """Papers and phones racing with one card: whatever the timing, the card ends with at most
    one counted ballot, every refusal is in words, and no paper holds a card a phone used."""
    from .test_concurrency import run_in_threads

    vote = make_vote()
    (card,) = issued_codes(vote, 1)
    keyers = UserFactory.create_batch(4)

    def attempt(i: int):
        if i % 2:
            return ballot_cast(
                vote=vote, code=card, choices=[0], points=None, idempotency_key=key()
            )
        return paper_entry_add(actor=keyers[i], vote=vote, number=i + 1, card=card, choices=[1])

    results = run_in_threads(4, attempt)
    refusals = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, ValidationError) for r in refusals), [str(r) for r in refusals]
    held = PaperBallot.objects.filter(vote=vote, card_digest__isnull=False)
    phone = Ballot.objects.filter(vote=vote, source=Ballot.Source.ONLINE).count()
    assert held.count() + phone >= 1
    assert held.count() <= 1 and phone <= 1
    # A second keying of a held paper counts it only if no phone voted with the card.
    for paper in held:
        first = paper.entries.get()
        second = next(u for u in keyers if u.pk != first.entered_by_id)
        try:
            paper_entry_add(actor=second, vote=vote, number=paper.number, card=card, choices=[1])
        except ValidationError as exc:
            assert "used to vote on a phone" in str(exc)
    assert Ballot.objects.filter(vote=vote).count() == 1
