"""Casting a ballot with a voting code (paper ballots are in :mod:`voting.services.paper`).

``ballot_cast`` is the hot path of a PB event: hundreds of phones within minutes, on bad Wi-Fi,
with retries and double taps. It is safe to call any number of times, from any number of
threads:

- the ballot row is inserted under a unique constraint on (vote, digest of the code), so two
  requests with one code can never make two ballots, whatever the timing;
- the same code with the same client idempotency key returns the first receipt (a retry after
  a timeout, a double tap, the offline queue replaying); with another key it is refused as used;
- the vote row is held ``FOR SHARE`` while the ballot is written, so closing (``FOR UPDATE``)
  waits for ballots in flight and the count never misses an accepted ballot.

It touches only PostgreSQL: no Redis, so ballots are accepted while Redis is down.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engagement.services import DomainError
from pbtally import Ballot as EngineBallot
from pbtally import BallotError, BallotKind, Project, validate_ballot

from .. import digests
from ..ballot_store import encode, pence_to_money
from ..models import Ballot, PaperBallot, PBVote, VoteOption, VotingCode
from ..selectors.election import ballot_rules, vote_projects
from .locks import lock_vote_for_ballot

#: Translatable messages for the engine's ballot error codes (``pbtally.errors``).
BALLOT_MESSAGES = {
    "unknown_bid": gettext_lazy("The ballot names a bid that is not on it."),
    "duplicate_bid": gettext_lazy("A bid was chosen more than once."),
    "too_many_choices": gettext_lazy("Choose at most %(maximum)s bids (you chose %(count)s)."),
    "too_few_choices": gettext_lazy("Choose at least %(minimum)s bids (you chose %(count)s)."),
    "points_mismatch": gettext_lazy("Every bid you choose needs a number of points."),
    "points_not_integer": gettext_lazy("Points must be whole numbers."),
    "negative_points": gettext_lazy("Points cannot be less than zero."),
    "points_over_bid_limit": gettext_lazy("Give each bid at most %(maximum)s points."),
    "points_over_total": gettext_lazy(
        "You gave %(total)s points in all; you have %(maximum)s to spread."
    ),
    "score_out_of_range": gettext_lazy("Scores go from %(minimum)s to %(maximum)s."),
    "missing_score": gettext_lazy("Give every bid a score."),
    "over_budget": gettext_lazy(
        "The bids you chose cost £%(total)s, more than the £%(budget)s available."
    ),
    "unexpected_points": gettext_lazy("This ballot does not take points."),
}


class BallotRejected(DomainError):
    """A ballot or code was refused; ``code`` says why (for logs, tests and rate limiting)."""

    def __init__(self, message, code: str):
        super().__init__(message, code=code)
        self.reason = code


def ballot_error_message(exc: BallotError) -> str:
    template = BALLOT_MESSAGES.get(exc.code)
    if template is None:
        return str(exc)
    try:
        return str(template) % exc.params
    except (KeyError, TypeError, ValueError):
        return str(template)


@dataclass(frozen=True)
class CodeCheck:
    """A code that may vote now, and the bids its holder may not score."""

    code: str
    record: VotingCode
    excluded: frozenset[int]  # option positions


@dataclass(frozen=True)
class PostedBallot:
    """The marks read from a posted ballot (``voting.forms.read_posted_ballot``)."""

    code: str
    idempotency_key: uuid.UUID
    choices: list[int]
    points: list[int] | None


@dataclass(frozen=True)
class CastResult:
    receipt: str
    repeated: bool  # True when this was a retry of a ballot already cast


def _excluded_positions(vote: PBVote, voter_group: str) -> frozenset[int]:
    """Options a member of ``voter_group`` may not score: declared voter-group conflicts."""
    if not voter_group or vote.round_id is None:
        return frozenset()
    from budgeting.selectors import voter_group_conflicts

    bid_ids = voter_group_conflicts(round=vote.round).get(voter_group, set())
    if not bid_ids:
        return frozenset()
    return frozenset(vote.options.filter(bid_id__in=bid_ids).values_list("position", flat=True))


def code_check(*, vote: PBVote, code: str) -> CodeCheck:
    """Is ``code`` a code of this vote that may vote now? Raises :class:`BallotRejected` with
    ``reason`` ``malformed``/``unknown``/``void``/``not_issued``/``on_paper``/``closed``
    (``on_paper``: a paper ballot holds the card; a phone ballot already cast with it is found
    by the insert, as ``used``)."""
    if not vote.is_open():
        raise BallotRejected(_("Voting is not open."), "closed")
    normal = digests.normalise(code)
    if normal is None:
        raise BallotRejected(
            _("That is not a voting code. Codes have 13 letters and numbers: ABCD-EFGH-JKMNP."),
            "malformed",
        )
    key = digests.vote_key(vote.salt)
    # Whether a paper ballot holds the card comes in the same query: the hot path is pinned.
    on_paper = PaperBallot.objects.filter(vote=vote, card_digest=digests.ballot_digest(key, normal))
    record = (
        VotingCode.objects.filter(vote=vote, digest=digests.code_digest(key, normal))
        .annotate(on_paper=Exists(on_paper))
        .first()
    )
    if record is None:
        raise BallotRejected(
            _("We do not recognise that code. Check it and try again, or ask a volunteer."),
            "unknown",
        )
    if record.state == VotingCode.State.VOID:
        raise BallotRejected(_("That code has been cancelled. Ask a volunteer."), "void")
    if record.state != VotingCode.State.ISSUED and vote.codes_must_be_issued:
        raise BallotRejected(
            _("That code has not been handed out at check-in yet. Ask a volunteer."), "not_issued"
        )
    if record.on_paper:
        raise BallotRejected(
            _("This card has been used to vote on paper, so it cannot vote again here."),
            "on_paper",
        )
    return CodeCheck(normal, record, _excluded_positions(vote, record.voter_group))


def code_already_used(*, vote: PBVote, code: str) -> bool:
    key = digests.vote_key(vote.salt)
    return Ballot.objects.filter(vote=vote, code_digest=digests.ballot_digest(key, code)).exists()


def ballot_validate(
    *,
    vote: PBVote,
    choices: Sequence[int],
    points: Sequence[int] | None,
    excluded: frozenset[int] = frozenset(),
    options: Sequence[VoteOption] | None = None,
    projects: Sequence[Project] | None = None,
) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
    """Check marks against the ballot's rules (the engine's ``validate_ballot``) and the
    holder's conflicts; return them in stored form. Raises :class:`BallotRejected`.
    ``options`` or ``projects`` (the options as the engine sees them) save a query."""
    rules = ballot_rules(vote)
    if projects is None:
        projects = vote_projects(vote, options)
    n = len(projects)
    if any(isinstance(c, bool) or not isinstance(c, int) or not 0 <= c < n for c in choices):
        raise BallotRejected(_("The ballot names a bid that is not on it."), "forged")
    if excluded & set(choices):
        raise BallotRejected(
            _("You declared an interest in a bid, so you cannot score it."), "conflict"
        )
    weighted = rules.kind in (BallotKind.SCORE, BallotKind.CUMULATIVE)
    if weighted and (points is None or len(points) != len(choices)):
        raise BallotRejected(_("Every bid you choose needs a number of points."), "malformed")
    if not weighted and points:
        raise BallotRejected(_("This ballot does not take points."), "forged")
    allowed: Mapping[str, Project] = {p.id: p for i, p in enumerate(projects) if i not in excluded}
    engine_ballot = EngineBallot(
        bids=tuple(projects[c].id for c in choices),
        points=tuple(points) if weighted and points is not None else None,
    )
    try:
        validate_ballot(engine_ballot, rules, allowed, budget=pence_to_money(vote.budget_pence))
    except BallotError as exc:
        raise BallotRejected(ballot_error_message(exc), "rules") from None
    if weighted and rules.kind is BallotKind.CUMULATIVE:
        # Zero points is no support: store only the bids that got some.
        kept = [(c, p) for c, p in zip(choices, points or (), strict=True) if p > 0]
        return tuple(c for c, _p in kept), tuple(p for _c, p in kept)
    return tuple(choices), (tuple(points) if weighted and points is not None else None)


def _parse_key(idempotency_key: str | uuid.UUID) -> uuid.UUID:
    try:
        return uuid.UUID(str(idempotency_key))
    except (TypeError, ValueError):
        raise BallotRejected(
            _("The ballot form was damaged in transit. Reload the page and try again."), "forged"
        ) from None


def ballot_cast(
    *,
    vote: PBVote,
    code: str,
    choices: Sequence[int],
    points: Sequence[int] | None,
    idempotency_key: str | uuid.UUID,
    options: Sequence[VoteOption] | None = None,
) -> CastResult:
    """Cast the ballot of the holder of ``code``; returns its receipt.

    Idempotent per (code, idempotency key): see the module docstring. Raises
    :class:`BallotRejected` (and stores nothing) for a malformed, unknown, void, unissued or used
    code, a closed vote, a damaged form, or marks that break the ballot's rules. ``options``
    (the vote's options in ballot order) saves a query when the caller has them.

    Six statements: lock the ballot table and the vote, read the code, insert the ballot,
    commit (pinned in
    ``tests/voting/test_hot_path.py``). A second ballot for the code is found by the
    unique constraint, not by a read before the insert. The view tries
    ``ballot_insert.ballot_cast_in_one_statement`` first, which does the common case in one.

    No audit row: the audit log records what *people* did (coordinators, volunteers keying
    paper); an online ballot is anonymous, is its own record, and is reconciled against the
    cards handed out by the register. A row per ballot would only add a timestamp per ballot.
    """
    key_uuid = _parse_key(idempotency_key)
    try:
        with transaction.atomic():
            locked = lock_vote_for_ballot(vote.pk)
            if locked.status == PBVote.Status.CANCELLED:
                raise BallotRejected(_("This vote was cancelled."), "closed")
            if not locked.is_open():
                raise BallotRejected(_("Voting has closed."), "closed")
            # Under the vote's lock: a card cancelled (``code_cancel``) a moment ago is refused.
            check = code_check(vote=vote, code=code)
            stored_choices, stored_points = ballot_validate(
                vote=vote,
                choices=choices,
                points=points,
                excluded=check.excluded,
                options=options,
            )
            hkey = digests.vote_key(vote.salt)
            digest = digests.ballot_digest(hkey, check.code)
            receipt = digests.receipt_for(hkey, check.code)
            row = Ballot(
                vote_id=vote.pk,
                source=Ballot.Source.ONLINE,
                choices=encode(stored_choices),
                points=encode(stored_points),
                code_digest=digest,
                idempotency_key=key_uuid,
                receipt_digest=digests.receipt_digest(receipt),
            )
            # A ballot for this code already (a retry, a double tap, another device) makes
            # the insert fail on the unique constraint, which rolls all of this back.
            row.save(force_insert=True)
            return CastResult(receipt, repeated=False)
    except IntegrityError:
        existing = Ballot.objects.filter(vote_id=vote.pk, code_digest=digest).first()
        if existing is None:  # pragma: no cover - the constraint fired, so the row exists
            raise
    return _repeat(existing, row, receipt)


def _repeat(existing: Ballot, attempt: Ballot, receipt: str) -> CastResult:
    """The code has a ballot already: the same request again gets the same receipt."""
    same = (
        existing.idempotency_key == attempt.idempotency_key
        and existing.choices == attempt.choices
        and existing.points == attempt.points
    )
    if same:
        return CastResult(receipt, repeated=True)
    if existing.idempotency_key == attempt.idempotency_key:
        raise BallotRejected(
            _("This ballot was already sent with different choices; the first one counts."),
            "replayed",
        )
    raise BallotRejected(_("A ballot has already been cast with this code."), "used")


def receipt_is_counted(*, vote: PBVote, receipt: str) -> bool | None:
    """True if a ballot with this receipt is in the count; None if it cannot be a receipt."""
    normal = digests.normalise_receipt(receipt)
    if normal is None:
        return None
    return Ballot.objects.filter(vote=vote, receipt_digest=digests.receipt_digest(normal)).exists()


__all__ = [
    "BALLOT_MESSAGES",
    "BallotRejected",
    "CastResult",
    "CodeCheck",
    "PostedBallot",
    "ballot_cast",
    "ballot_error_message",
    "ballot_validate",
    "code_already_used",
    "code_check",
    "receipt_is_counted",
]
