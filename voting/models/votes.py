"""A PB vote at an event: the vote, its options (the ballot paper), its count and overrides.

Cards live in :mod:`voting.models.cards`, ballots and paper entry in :mod:`voting.models.ballots`.

Secrecy by design:

- A :class:`~voting.models.ballots.Ballot` never points at a person, a registration, a session
  or a code row. It keeps only ``code_digest`` (a keyed hash of the code that is *different*
  from the one on :class:`~voting.models.cards.VotingCode`), so the issue desk cannot be joined
  to a ballot without the card itself.
- Ballots have random UUID keys and no timestamps, so their order in the table says nothing
  about who voted when.

Integrity by design: one ballot per code is a unique constraint; a vote's result is one row
(``TallyRecord.vote`` is one-to-one); the marks are stored compactly as text
(``"3,7,12"``: option positions, ``"5,4,1"``: points) so 100,000 ballots load in one query and
tally as fast as a pabulib file.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgeting.models import Bid, BidRound
from engagement.models import Area, Event, TimeStampedModel

from ..digests import new_salt


class BallotType(models.TextChoices):
    """Values are the tally engine's ``BallotKind`` values (pabulib ``vote_type``)."""

    SCORE = "scoring", _("Score every bid (e.g. 0 to 5)")
    APPROVAL = "approval", _("Tick the bids you support")
    CHOOSE_ONE = "choose-1", _("Choose one bid")
    CUMULATIVE = "cumulative", _("Spread points between bids")
    ORDINAL = "ordinal", _("Rank your favourite bids")
    KNAPSACK = "knapsack", _("Choose bids within the budget")


class TallyRule(models.TextChoices):
    """Values are the engine's rule names (``pbtally.RULES``)."""

    GREEDY = "greedy", _("Most support first, skipping bids that no longer fit")
    GREEDY_NO_SKIP = (
        "greedy-no-skip",
        _("Most support first, stopping at the first that does not fit"),
    )
    GREEDY_THRESHOLD = "greedy-threshold", _("Most support first, only bids over a threshold")
    EQUAL_SHARES = "equalshares", _("Method of Equal Shares")
    EQUAL_SHARES_ADD1 = "equalshares/add1", _("Method of Equal Shares with add-one completion")
    EQUAL_SHARES_ADD1U = (
        "equalshares/add1u",
        _("Method of Equal Shares, add-one completion, then most support first"),
    )
    EQUAL_SHARES_ADD1_COMPARISON = (
        "equalshares/add1-comparison",
        _("Method of Equal Shares with add-one completion, compared with most support first"),
    )


class EqualSharesComparison(models.TextChoices):
    """How the comparison step judges which outcome voters prefer (equalshares.net names)."""

    SATISFACTION = "satisfaction", _("More of the bids they voted for are funded")
    EXCLUSION = "exclusion", _("At least one bid they voted for is funded")


class PBVoteQuerySet(models.QuerySet):
    def due_to_open(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(status=PBVote.Status.SCHEDULED, opens_at__lte=now)

    def due_to_close(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(
            status__in=[PBVote.Status.OPEN, PBVote.Status.SCHEDULED], closes_at__lte=now
        )

    def awaiting_tally(self):
        return self.filter(
            status=PBVote.Status.CLOSED,
            tally_state__in=[PBVote.TallyState.PENDING, PBVote.TallyState.RUNNING],
        )

    def live(self):
        """Votes that still count for their round: every vote except a cancelled one."""
        return self.exclude(status=PBVote.Status.CANCELLED)

    def publishable(self):
        """Votes whose results may be shown outside the vote's own staff pages (dashboards,
        reports, exports): counted, confirmed by two people, never cancelled. The one filter
        every report reads, so a stray or cancelled vote cannot reach a funder's document."""
        return self.filter(
            source=PBVote.Source.EVENT,
            tally_state=PBVote.TallyState.DONE,
            results_confirmed_at__isnull=False,
        ).exclude(status=PBVote.Status.CANCELLED)


class PBVote(TimeStampedModel):
    """The vote at one PB event on one round's shortlist (or an election imported from pabulib).

    The window opens and closes by hand (``status``) or at set times (``opens_at``/``closes_at``);
    :meth:`is_open` decides from both, so a ballot is refused the moment the closing time passes
    even if the sweeper that records the close has not run yet.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being set up")
        SCHEDULED = "scheduled", _("Opens at the set time")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class TallyState(models.TextChoices):
        NONE = "none", _("Not counted")
        PENDING = "pending", _("Waiting to be counted")
        RUNNING = "running", _("Being counted")
        DONE = "done", _("Counted")
        FAILED = "failed", _("Count failed")

    class Source(models.TextChoices):
        EVENT = "event", _("PB event")
        IMPORTED = "imported", _("Imported from pabulib")

    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pb_votes",
        verbose_name=_("PB event"),
        limit_choices_to={"kind": Event.Kind.PB_EVENT},
    )
    round = models.ForeignKey(
        BidRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("bid round"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pb_votes",
        verbose_name=_("area"),
        help_text=_("Empty only for an imported election not tied to an area."),
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EVENT
    )
    ballot_type = models.CharField(
        _("ballot type"), max_length=12, choices=BallotType.choices, default=BallotType.SCORE
    )
    rule = models.CharField(
        _("counting rule"), max_length=40, choices=TallyRule.choices, default=TallyRule.GREEDY
    )
    # The equalshares.net computation tool's options, stored one by one so the count can be
    # re-run exactly and the results can name each choice.
    equal_shares_integral = models.BooleanField(
        _("start every voter's share at a whole number of pounds"),
        default=False,
        help_text=_("The money per voter is rounded down to whole pounds before the count."),
    )
    equal_shares_stop_when_exhaustive = models.BooleanField(
        _("stop raising the shares once no other bid could be afforded"),
        default=True,
        help_text=_(
            "Untick to keep raising each voter's share by £1 for as long as the outcome still "
            "fits the money, as some cities do."
        ),
    )
    equal_shares_comparison = models.CharField(
        _("a voter prefers the outcome where"),
        max_length=12,
        choices=EqualSharesComparison.choices,
        default=EqualSharesComparison.SATISFACTION,
        help_text=_(
            "Only for the rule compared with most support first: the equal shares outcome is "
            "kept unless more voters prefer the other."
        ),
    )
    #: Ballot limits and rule options, keyed as ``pbtally.BallotRules`` fields plus
    #: ``threshold`` and ``policy`` (see ``voting.selectors.election.ballot_rules``).
    params = models.JSONField(_("ballot and rule settings"), default=dict, blank=True)
    budget_pence = models.PositiveBigIntegerField(_("money to allocate (pence)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    codes_must_be_issued = models.BooleanField(
        _("codes work only once handed out at check-in"),
        default=True,
        help_text=_("The volunteer records the declared eligibility when handing a card over."),
    )
    eligibility_note = models.CharField(
        _("who may vote"),
        max_length=300,
        blank=True,
        help_text=_("e.g. aged 11 or over and living, working or studying in the area."),
    )
    salt = models.CharField(max_length=64, default=new_salt, editable=False)
    meta = models.JSONField(default=dict, blank=True, editable=False)
    tally_state = models.CharField(
        _("count"), max_length=10, choices=TallyState.choices, default=TallyState.NONE
    )
    tally_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    tally_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    tally_error = models.TextField(blank=True, editable=False)
    results_confirmed_at = models.DateTimeField(
        _("results confirmed"), null=True, blank=True, editable=False
    )
    announce_provisional = models.BooleanField(
        _("show the results on the night, marked provisional"),
        default=False,
        help_text=_(
            "Otherwise the public sees that the results are being checked until two "
            "coordinators have confirmed them."
        ),
    )
    split = models.BooleanField(
        _("one of several ballots for this round"),
        default=False,
        help_text=_("For example one ballot for young people and one for adults."),
    )
    split_note = models.CharField(
        _("which ballot this is"),
        max_length=200,
        blank=True,
        help_text=_("Shown with the results, e.g. the ballot for voters aged 11 to 17."),
    )
    budget_note = models.TextField(
        _("why the money to allocate is more than the pot can still award"),
        blank=True,
        help_text=_("For example money promised but not yet pledged. Shown with the results."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
        editable=False,
    )
    cancel_reason = models.TextField(_("why the vote was cancelled"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set up by"),
    )

    objects = PBVoteQuerySet.as_manager()

    class Meta:
        db_table = "budgeting_pbvote"
        verbose_name = _("PB vote")
        verbose_name_plural = _("PB votes")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="pbvote_closes_after_opens",
                violation_error_message=_("Voting must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(source="imported")
                | (Q(event__isnull=False) & Q(round__isnull=False) & Q(area__isnull=False)),
                name="pbvote_event_vote_has_event_and_round",
                violation_error_message=_(
                    "A vote at an event needs its event, its bid round and its area."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(opens_at__isnull=False),
                name="pbvote_scheduled_has_opening_time",
                violation_error_message=_("A vote that opens at a set time needs that time."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | (Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="pbvote_cancelled_has_reason",
                violation_error_message=_("Give the reason the vote is cancelled."),
            ),
            models.CheckConstraint(
                condition=Q(split=True) | Q(split_note=""),
                name="pbvote_split_note_only_when_split",
                violation_error_message=_(
                    "Say which ballot this is only when the round's vote is split."
                ),
            ),
            # The last guard of "one live vote per round": the service explains the refusal.
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(split=False) & ~Q(status="cancelled"),
                name="pbvote_one_live_vote_per_round",
                violation_error_message=_(
                    "This round already has a vote. Cancel it first, or mark both votes as "
                    "one of several ballots for the round."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voting:vote_manage", kwargs={"pk": self.pk})

    @property
    def scope_object(self):
        return self.area

    def is_open(self, now: dt.datetime | None = None) -> bool:
        # voting.services.one_statement repeats this test in SQL: change both together.
        now = now or timezone.now()
        if self.closes_at is not None and now >= self.closes_at:
            return False
        if self.status == self.Status.OPEN:
            return True
        return (
            self.status == self.Status.SCHEDULED
            and self.opens_at is not None
            and now >= self.opens_at
        )

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status == self.Status.CLOSED:
            return True
        return (
            self.status in (self.Status.OPEN, self.Status.SCHEDULED)
            and self.closes_at is not None
            and now >= self.closes_at
        )

    def seconds_left(self, now: dt.datetime | None = None) -> int | None:
        if self.closes_at is None or not self.is_open(now):
            return None
        return max(int((self.closes_at - (now or timezone.now())).total_seconds()), 0)


class VoteOption(models.Model):
    """One bid on the ballot, in ballot order (``position`` from 0). ``project_id`` is the id used
    by the tally engine and pabulib files (the bid's primary key for our own votes)."""

    vote = models.ForeignKey(PBVote, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("place on the ballot"))
    project_id = models.CharField(_("project id"), max_length=64)
    bid = models.ForeignKey(
        Bid, on_delete=models.PROTECT, null=True, blank=True, related_name="vote_options"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    cost_pence = models.PositiveBigIntegerField(_("cost (pence)"))
    category = models.CharField(_("category"), max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "budgeting_voteoption"
        verbose_name = _("ballot option")
        verbose_name_plural = _("ballot options")
        ordering = ["vote", "position"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "position"], name="voteoption_unique_position"),
            models.UniqueConstraint(
                fields=["vote", "project_id"], name="voteoption_unique_project_id"
            ),
            models.UniqueConstraint(
                fields=["vote", "bid"], condition=Q(bid__isnull=False), name="voteoption_unique_bid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TallyRecord(models.Model):
    """The count of a vote: everything needed to re-run it and get the same answer. One per
    vote (the one-to-one is what makes the Celery tally idempotent)."""

    vote = models.OneToOneField(PBVote, on_delete=models.PROTECT, related_name="tally")
    rule = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    checksum = models.CharField(_("inputs checksum (SHA-256)"), max_length=64)
    engine_version = models.CharField(max_length=20)
    seed = models.CharField(_("tie-break seed"), max_length=128)
    ballots_counted = models.PositiveIntegerField()
    selected = models.JSONField(default=list, blank=True)  # project ids, in the order funded
    partial = models.JSONField(default=dict, blank=True)  # project id -> pence, when partly funded
    spent_pence = models.BigIntegerField()
    budget_pence = models.BigIntegerField()
    steps = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "budgeting_tallyrecord"
        verbose_name = _("count")
        verbose_name_plural = _("counts")

    def __str__(self) -> str:
        return f"{self.vote} – {self.rule}"

    @property
    def left_pence(self) -> int:
        return self.budget_pence - self.spent_pence


class ResultProposal(models.Model):
    """A coordinator's proposal about a vote's results, which another coordinator approves or
    rejects (four eyes): either a change to the outcome (``CHANGE``: the bids to fund instead,
    with the reason published with the results) or confirming the outcome in force
    (``CONFIRM``: funding the bids). Rows are never edited away: the public results page lists
    every one, so nothing is replaced silently. ``replaced`` is the outcome that was in force
    when the proposal was made, so the history says what each change changed."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("Change to the result")
        CONFIRM = "confirm", _("Confirming the results")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for a second coordinator")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    vote = models.ForeignKey(PBVote, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHANGE)
    selected = models.JSONField(_("bids funded"), default=list, blank=True)  # project ids
    replaced = models.JSONField(_("bids funded before"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created = models.DateTimeField(_("proposed"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or rejected by"),
    )
    decided_at = models.DateTimeField(_("approved or rejected"), null=True, blank=True)
    decision_note = models.TextField(_("why it was rejected"), blank=True)

    class Meta:
        db_table = "budgeting_resultoverride"
        verbose_name = _("proposal about the results")
        verbose_name_plural = _("proposals about the results")
        ordering = ["vote", "-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="confirm") | ~Q(reason=""),
                name="resultoverride_has_reason",
                violation_error_message=_("Give the reason: it is shown with the results."),
            ),
            models.CheckConstraint(
                condition=(Q(state="proposed") & Q(decided_at__isnull=True))
                | (~Q(state="proposed") & Q(decided_at__isnull=False)),
                name="resultproposal_decided_when_decided",
                violation_error_message=_("An approved or rejected proposal needs its date."),
            ),
            # Four eyes, in the database too: nobody approves or rejects their own proposal.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("made_by")),
                name="resultproposal_four_eyes",
                violation_error_message=_(
                    "A different coordinator must approve or reject this proposal."
                ),
            ),
            models.UniqueConstraint(
                fields=["vote"],
                condition=Q(state="proposed"),
                name="resultproposal_one_waiting_per_vote",
                violation_error_message=_(
                    "A proposal about these results is already waiting for a second coordinator."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote} – {self.get_kind_display()} – {self.created:%Y-%m-%d}"
