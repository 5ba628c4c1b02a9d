"""Cancelling one lost voting card: the service, its permission role by role and phase by phase,
and the form on the vote's register page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from engagement.models import AuditEntry
from engagement.services import DomainError
from tests.factories import AreaFactory, user_with_role
from voting import digests as codelib
from voting.models import Ballot, VotingCode
from voting.services import ballot_cast, codes_generate, vote_close, vote_open
from voting.services.ballots import BallotRejected
from voting.services.cards import code_cancel

from .voting_helpers import issued_codes, key, make_vote

pytestmark = pytest.mark.django_db


def record_for(vote, code):
    digest = codelib.code_digest(codelib.vote_key(vote.salt), codelib.normalise(code))
    return VotingCode.objects.get(vote=vote, digest=digest)


def test_cancel_voids_the_card_with_an_audit_row_and_the_card_cannot_vote():
    vote = make_vote()
    lost, kept = issued_codes(vote, 2)
    coordinator = user_with_role("coordinator", area=vote.area)
    code_cancel(actor=coordinator, vote=vote, code=codelib.grouped(lost).lower(), reason="dropped")
    assert record_for(vote, lost).state == VotingCode.State.VOID
    assert record_for(vote, kept).state == VotingCode.State.ISSUED
    entry = AuditEntry.objects.get(action="vote.codes.cancel")
    assert entry.actor == coordinator and entry.object_id == str(vote.pk)
    assert entry.data == {"was": "issued", "reason": "dropped"}
    assert lost not in str(entry.data)  # the code itself is never logged
    with pytest.raises(BallotRejected) as refused:
        ballot_cast(vote=vote, code=lost, choices=[0], points=None, idempotency_key=key())
    assert refused.value.reason == "void"
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("malformed", "That is not a voting code"),
        ("other_vote", "That card is not for this vote"),
        ("twice", "already been cancelled"),
        ("used", "A ballot has already been cast with that card"),
        ("closed", "This vote has closed"),
    ],
)
def test_cancel_refused_with_a_clear_message_and_nothing_changed(case, message):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    if case == "malformed":
        code = "not-a-code"
    elif case == "other_vote":
        (code,) = issued_codes(make_vote(), 1)
    elif case == "twice":
        code_cancel(actor=None, vote=vote, code=code)
    elif case == "used":
        ballot_cast(vote=vote, code=code, choices=[0], points=None, idempotency_key=key())
    elif case == "closed":
        vote_close(actor=None, vote=vote)
    states = dict(VotingCode.objects.values_list("pk", "state"))
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        code_cancel(actor=None, vote=vote, code=code)
    assert message in " ".join(refused.value.messages)
    assert dict(VotingCode.objects.values_list("pk", "state")) == states
    assert AuditEntry.objects.count() == audits


def test_a_printed_card_not_yet_handed_out_can_be_cancelled():
    vote = make_vote()
    (code,) = codes_generate(vote=vote, count=1)
    code_cancel(actor=None, vote=vote, code=code)
    assert record_for(vote, code).state == VotingCode.State.VOID
    assert AuditEntry.objects.get(action="vote.codes.cancel").data["was"] == "printed"


ROLES = ["anonymous", "resident", "wrong_area", "volunteer", "pcc_office", "coordinator"]


def user_for(role, vote):
    if role == "anonymous":
        return AnonymousUser()
    if role == "resident":
        return user_with_role(None)
    if role == "wrong_area":
        return user_with_role("coordinator", area=AreaFactory())
    return user_with_role(role, area=vote.area)


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_cancel_permission_by_role_and_phase(role):
    vote = make_vote(open_now=False)
    user = user_for(role, vote)
    allowed = role in ("coordinator", "superuser")
    assert user.has_perm("voting.cancel_code", vote) == allowed, "draft"
    vote = vote_open(actor=None, vote=vote)
    assert user.has_perm("voting.cancel_code", vote) == allowed, "open"
    vote = vote_close(actor=None, vote=vote)
    # Django lets an active superuser do anything; the service refuses a closed vote for all.
    assert user.has_perm("voting.cancel_code", vote) == (role == "superuser"), "closed"


def test_register_page_form_cancels_a_card(client):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    coordinator = user_with_role("coordinator", area=vote.area)
    client.force_login(coordinator)
    manage = client.get(reverse("voting:vote_manage", kwargs={"pk": vote.pk}))
    cancel_url = reverse("voting:vote_code_cancel", kwargs={"pk": vote.pk})
    assert manage.status_code == 200 and cancel_url.encode() in manage.content
    bad = client.post(cancel_url, {"code": "AAAA-AAAA-AAAAA"})
    assert bad.status_code == 200 and b"That card is not for this vote" in bad.content
    assert record_for(vote, code).state == VotingCode.State.ISSUED
    done = client.post(cancel_url, {"code": codelib.grouped(code), "reason": "lost"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("voting:vote_manage", kwargs={"pk": vote.pk})
    assert b"The card is cancelled" in done.content
    assert record_for(vote, code).state == VotingCode.State.VOID


@pytest.mark.parametrize("role", ["volunteer", "wrong_area", "pcc_office"])
def test_register_page_form_is_for_coordinators_only(client, role):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    client.force_login(user_for(role, vote))
    manage = client.get(reverse("voting:vote_manage", kwargs={"pk": vote.pk}))
    cancel_url = reverse("voting:vote_code_cancel", kwargs={"pk": vote.pk})
    assert cancel_url.encode() not in manage.content
    assert client.post(cancel_url, {"code": code}).status_code == 403
    assert record_for(vote, code).state == VotingCode.State.ISSUED


def test_anonymous_is_sent_to_log_in(client):
    vote = make_vote()
    (code,) = issued_codes(vote, 1)
    answer = client.post(reverse("voting:vote_code_cancel", kwargs={"pk": vote.pk}), {"code": code})
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert record_for(vote, code).state == VotingCode.State.ISSUED


@pytest.mark.django_db(transaction=True)
def test_cancel_and_cast_at_the_same_moment_never_both_succeed():
    """Either the ballot is cast first (and the card cannot be cancelled) or the card is
    cancelled first (and the ballot is refused): never a counted ballot from a void card."""
    from .test_concurrency import run_in_threads

    vote = make_vote()
    codes = issued_codes(vote, 12)
    for code in codes:

        def race(i, code=code):
            if i == 0:
                return code_cancel(actor=None, vote=vote, code=code)
            return ballot_cast(
                vote=vote, code=code, choices=[0], points=None, idempotency_key=key()
            )

        cancelled, cast = run_in_threads(2, race)
        void = record_for(vote, code).state == VotingCode.State.VOID
        ballot = Ballot.objects.filter(
            vote=vote, code_digest=codelib.ballot_digest(codelib.vote_key(vote.salt), code)
        ).exists()
        assert void != ballot, (cancelled, cast)
        assert isinstance(cancelled, DomainError) == ballot
        assert isinstance(cast, BallotRejected) == void
