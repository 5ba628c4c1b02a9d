"""Forms for voting: the code, the ballot (built from the vote's ballot type), paper keying, and
the coordinator's set-up, issue and override forms. They validate and convert; services write."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Layout
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from budgeting.money import PoundsField
from engagement.forms import CrispyForm, DateTimeInput
from engagement.forms.base import CrispyMixin
from engagement.models import Event

from .digests import normalise
from .models import BallotType, EqualSharesComparison, PBVote, TallyRule, VoteOption
from .services.ballots import PostedBallot


class CodeForm(CrispyForm):
    submit_label = _("Continue")

    code = forms.CharField(
        label=_("Your voting code"),
        help_text=_("It is on your card: 13 letters and numbers, like ABCD-EFGH-JKMNP."),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )


CODE_MAX_LENGTH = 40

#: Ballot types whose marks are plain ticks, which ``quick_ticks`` reads without a form.
TICK_BALLOTS = frozenset({BallotType.APPROVAL, BallotType.KNAPSACK, BallotType.CHOOSE_ONE})


def quick_ticks(
    *, kind: str, positions: frozenset[str], data
) -> tuple[str, uuid.UUID, list[int]] | None:
    """``(code, idempotency key, choices)`` of a tick ballot, read as :class:`BallotForm` reads
    it (``marks()``), without building a form: building one costs more than the rest of casting
    a ballot. ``None`` for other ballot types and for anything the form would refuse or read
    differently; then use the form. ``positions``: the options' positions, as strings.
    (``tests/voting/test_quick_ticks.py`` checks it agrees with the form.)"""
    if kind not in TICK_BALLOTS or not hasattr(data, "getlist"):
        return None
    raw_code = data.get("code", "").strip()
    code = normalise(raw_code) if len(raw_code) <= CODE_MAX_LENGTH else None
    if code is None:
        return None
    try:
        key = uuid.UUID(data.get("idempotency_key", "").strip())
    except ValueError:
        return None
    picked = data.getlist("choice")
    if any(p not in positions for p in picked):
        return None
    if kind == BallotType.CHOOSE_ONE and len(picked) != 1:
        return None
    return code, key, sorted(int(p) for p in picked)


class BallotForm(forms.Form):
    """The marks for one ballot type. Field names are stable so the offline queue can replay
    the same POST: ``choice`` (approval, knapsack, choose one), ``score_<position>``,
    ``points_<position>``, ``rank_<n>``; plus the hidden ``code`` and ``idempotency_key``.
    """

    code = forms.CharField(widget=forms.HiddenInput, max_length=CODE_MAX_LENGTH)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        vote: PBVote,
        options: Sequence[VoteOption],
        excluded: frozenset[int] = frozenset(),
        **kwargs,
    ):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.options = [o for o in options if o.position not in excluded]
        self.excluded = [o for o in options if o.position in excluded]
        params = vote.params or {}
        self.kind = vote.ballot_type
        choices = [(str(o.position), o.title) for o in self.options]
        if self.kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
            self.fields["choice"] = forms.MultipleChoiceField(
                label=_("Bids you support"),
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        elif self.kind == BallotType.CHOOSE_ONE:
            self.fields["choice"] = forms.ChoiceField(
                label=_("The bid you support"), choices=choices, widget=forms.RadioSelect
            )
        elif self.kind == BallotType.SCORE:
            low, high = int(params.get("min_score", 0)), int(params.get("max_score", 5))
            scores = [(str(s), str(s)) for s in range(low, high + 1)]
            for option in self.options:
                self.fields[f"score_{option.position}"] = forms.TypedChoiceField(
                    label=_("Your score for %(bid)s") % {"bid": option.title},
                    choices=scores,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=bool(params.get("score_every_bid", True)),
                )
        elif self.kind == BallotType.CUMULATIVE:
            most = params.get("max_points_per_bid") or params.get("max_total_points")
            for option in self.options:
                self.fields[f"points_{option.position}"] = forms.IntegerField(
                    label=_("Points for %(bid)s") % {"bid": option.title},
                    min_value=0,
                    max_value=most,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
        elif self.kind == BallotType.ORDINAL:
            places = int(params.get("ordinal_places") or params.get("max_choices") or 3)
            blank = [("", _("(no choice)"))]
            for n in range(1, min(places, len(self.options)) + 1):
                self.fields[f"rank_{n}"] = forms.ChoiceField(
                    label=_("Choice number %(n)s") % {"n": n},
                    choices=blank + choices,
                    required=False,
                )

    def rows(self) -> list[dict]:
        """One row per bid for the ballot template: the bid, a photo, and its input."""
        if self.is_bound and hasattr(self.data, "getlist"):
            chosen = set(self.data.getlist("choice"))
        else:
            chosen = set()
        kind = {
            BallotType.APPROVAL: "check",
            BallotType.KNAPSACK: "check",
            BallotType.CHOOSE_ONE: "radio",
            BallotType.SCORE: "score",
            BallotType.CUMULATIVE: "points",
        }.get(self.kind, "info")
        rows = []
        for option in self.options:
            photos = []
            if option.bid_id:
                photos = [a for a in option.bid.attachments.all() if a.kind == "photo"]
            field = None
            if kind == "score":
                field = self[f"score_{option.position}"]
            elif kind == "points":
                field = self[f"points_{option.position}"]
            rows.append(
                {
                    "option": option,
                    "kind": kind,
                    "photo": photos[0] if photos else None,
                    "checked": str(option.position) in chosen,
                    "field": field,
                }
            )
        return rows

    def rank_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("rank_")]

    def clean_code(self) -> str:
        code = normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("That is not a voting code."))
        return code

    def marks(self) -> tuple[list[int], list[int] | None]:
        """(option positions, points or None) from the cleaned data, in ballot form."""
        data = self.cleaned_data
        if self.kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
            return sorted(int(c) for c in data.get("choice", [])), None
        if self.kind == BallotType.CHOOSE_ONE:
            return [int(data["choice"])], None
        if self.kind == BallotType.SCORE:
            pairs = [
                (o.position, data.get(f"score_{o.position}"))
                for o in self.options
                if data.get(f"score_{o.position}") not in (None, "")
            ]
            return [p for p, _s in pairs], [s for _p, s in pairs]
        if self.kind == BallotType.CUMULATIVE:
            pairs = [
                (o.position, data.get(f"points_{o.position}") or 0)
                for o in self.options
                if data.get(f"points_{o.position}")
            ]
            return [p for p, _s in pairs], [s for _p, s in pairs]
        ranked = [data.get(f"rank_{n}") for n in range(1, len(self.options) + 1)]
        return [int(r) for r in ranked if r], None

    def summary(self) -> list[tuple[VoteOption, int | None]]:
        """For the review step: each chosen bid with its points (None for a plain tick)."""
        choices, points = self.marks()
        by_position = {o.position: o for o in self.options}
        return [
            (by_position[c], points[i] if points is not None else None)
            for i, c in enumerate(choices)
            if c in by_position
        ]

    def hidden_items(self) -> list[tuple[str, str]]:
        """The submitted data as (name, value) pairs, for the review page's hidden inputs."""
        items = []
        for name in self.fields:
            if name in ("code", "idempotency_key"):
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            items += [(name, v) for v in values]
        return items


def read_posted_ballot(
    data,
    *,
    vote: PBVote,
    options: Sequence[VoteOption],
    excluded: frozenset[int] = frozenset(),
    positions: frozenset[str] | None = None,
) -> PostedBallot | None:
    """The marks posted from a ballot page, read as :class:`BallotForm` reads them; ``None``
    when the form would refuse them. Tick ballots are read without building a form (see
    :func:`quick_ticks`). ``positions``: the options' positions as strings, if known."""
    if not excluded:
        if positions is None:
            positions = frozenset(str(o.position) for o in options)
        ticks = quick_ticks(kind=vote.ballot_type, positions=positions, data=data)
        if ticks is not None:
            code, key, choices = ticks
            return PostedBallot(code, key, choices, None)
    form = BallotForm(data, vote=vote, options=options, excluded=excluded)
    if not form.is_valid():
        return None
    choices, points = form.marks()
    return PostedBallot(
        form.cleaned_data["code"], form.cleaned_data["idempotency_key"], choices, points
    )


class VoteForm(CrispyForm):
    """Setting up the vote for a PB event (the coordinator)."""

    submit_label = _("Set up the vote")

    event = forms.ModelChoiceField(label=_("PB event"), queryset=Event.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    ballot_type = forms.ChoiceField(label=_("Ballot"), choices=BallotType.choices)
    rule = forms.ChoiceField(label=_("How the votes are counted"), choices=TallyRule.choices)
    budget = PoundsField(label=_("Money to allocate (£)"))
    max_choices = forms.IntegerField(
        label=_("Most bids one person may choose"), min_value=1, required=False
    )
    min_score = forms.IntegerField(label=_("Lowest score"), min_value=0, initial=0, required=False)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, initial=5, required=False)
    max_total_points = forms.IntegerField(
        label=_("Points each person may spread"), min_value=1, required=False
    )
    max_points_per_bid = forms.IntegerField(
        label=_("Most points on one bid"),
        min_value=1,
        required=False,
        help_text=_("For spreading points. Leave empty if you tick the box below."),
    )
    no_per_bid_limit = forms.BooleanField(
        label=_("No limit beyond the total: a person may put all their points on one bid"),
        required=False,
    )
    equal_shares_integral = forms.BooleanField(
        label=capfirst(PBVote._meta.get_field("equal_shares_integral").verbose_name),
        help_text=PBVote._meta.get_field("equal_shares_integral").help_text,
        required=False,
    )
    equal_shares_stop_when_exhaustive = forms.BooleanField(
        label=capfirst(PBVote._meta.get_field("equal_shares_stop_when_exhaustive").verbose_name),
        help_text=PBVote._meta.get_field("equal_shares_stop_when_exhaustive").help_text,
        required=False,
        initial=True,
    )
    equal_shares_comparison = forms.ChoiceField(
        label=_("For the comparison with most support first, a voter prefers the outcome where"),
        choices=EqualSharesComparison.choices,
        initial=EqualSharesComparison.SATISFACTION,
        help_text=PBVote._meta.get_field("equal_shares_comparison").help_text,
        required=False,
    )
    threshold = forms.CharField(
        label=_("Threshold"),
        required=False,
        max_length=12,
        help_text=_("For the threshold rule: a minimum support, or e.g. 40% of the top score."),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at (optional)"), required=False, widget=DateTimeInput
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (optional)"), required=False, widget=DateTimeInput
    )
    budget_note = forms.CharField(
        label=_("If the money to allocate is more than the pot can still award, say why"),
        help_text=_(
            "For example money promised but not yet pledged. It is recorded and shown with "
            "the results."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    eligibility_note = forms.CharField(label=_("Who may vote"), max_length=300, required=False)
    codes_must_be_issued = forms.BooleanField(
        label=_("Codes work only once handed out at check-in"), required=False, initial=True
    )
    split = forms.BooleanField(
        label=_("This is one of several ballots for the round (a split vote)"),
        help_text=_(
            "For example one ballot for young people and one for adults. Otherwise a round "
            "has one vote."
        ),
        required=False,
    )
    split_note = forms.CharField(
        label=_("Which ballot this is"),
        help_text=_("Shown with the results, e.g. the ballot for voters aged 11 to 17."),
        max_length=200,
        required=False,
    )
    announce_provisional = forms.BooleanField(
        label=_("Show the results on the night, marked provisional"),
        help_text=_(
            "Otherwise the public sees that the results are being checked until two "
            "coordinators have confirmed them."
        ),
        required=False,
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(
            kind=Event.Kind.PB_EVENT, area=round.area
        ).order_by("-starts_at")

    def clean(self):
        data = super().clean()
        if data.get("ballot_type") == BallotType.CUMULATIVE:
            if data.get("no_per_bid_limit") and data.get("max_points_per_bid"):
                self.add_error(
                    "max_points_per_bid",
                    _("Leave this empty when there is no limit beyond the total."),
                )
            elif not data.get("no_per_bid_limit") and not data.get("max_points_per_bid"):
                self.add_error(
                    "max_points_per_bid",
                    _("Enter the most points on one bid, or tick “No limit beyond the total”."),
                )
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Voting must close after it opens."))
        if data.get("split_note") and not data.get("split"):
            self.add_error("split_note", _("Say which ballot this is only when the vote is split."))
        return data

    def params(self) -> dict:
        data = self.cleaned_data
        keys = ("max_choices", "min_score", "max_score", "max_total_points", "threshold")
        params = {k: data[k] for k in keys if data.get(k) not in (None, "")}
        if data.get("ballot_type") == BallotType.CUMULATIVE:
            # None overrides the default per-bid limit: no limit beyond the total.
            params["max_points_per_bid"] = (
                None if data.get("no_per_bid_limit") else data.get("max_points_per_bid")
            )
        return params

    def count_options(self) -> dict:
        """The equal shares options, as ``vote_create`` takes them."""
        data = self.cleaned_data
        return {
            "equal_shares_integral": bool(data.get("equal_shares_integral")),
            "equal_shares_stop_when_exhaustive": bool(
                data.get("equal_shares_stop_when_exhaustive")
            ),
            "equal_shares_comparison": data.get("equal_shares_comparison")
            or EqualSharesComparison.SATISFACTION,
        }

    def service_kwargs(self) -> dict:
        """What ``vote_create`` and ``vote_update`` take from this form."""
        data = self.cleaned_data
        return {
            "event": data["event"],
            "title": data["title"],
            "ballot_type": data["ballot_type"],
            "rule": data["rule"],
            "budget_pence": data["budget"],
            "params": self.params(),
            "opens_at": data.get("opens_at"),
            "closes_at": data.get("closes_at"),
            "codes_must_be_issued": data.get("codes_must_be_issued", False),
            "eligibility_note": data.get("eligibility_note", ""),
            "split": data.get("split", False),
            "split_note": data.get("split_note", ""),
            "budget_note": data.get("budget_note", ""),
            "announce_provisional": data.get("announce_provisional", False),
            **self.count_options(),
        }

    @staticmethod
    def initial_for(vote: PBVote) -> dict:
        """The form's values for an existing vote (to change it before it opens)."""
        params = vote.params or {}
        return {
            "event": vote.event_id,
            "title": vote.title,
            "ballot_type": vote.ballot_type,
            "rule": vote.rule,
            "budget": vote.budget_pence,
            **{
                k: params.get(k)
                for k in ("max_choices", "min_score", "max_score", "max_total_points", "threshold")
            },
            "opens_at": vote.opens_at,
            "closes_at": vote.closes_at,
            "eligibility_note": vote.eligibility_note,
            "codes_must_be_issued": vote.codes_must_be_issued,
            "split": vote.split,
            "split_note": vote.split_note,
            "budget_note": vote.budget_note,
            "announce_provisional": vote.announce_provisional,
            "max_points_per_bid": params.get("max_points_per_bid"),
            "no_per_bid_limit": vote.ballot_type == BallotType.CUMULATIVE
            and "max_points_per_bid" in params
            and params["max_points_per_bid"] is None,
            "equal_shares_integral": vote.equal_shares_integral,
            "equal_shares_stop_when_exhaustive": vote.equal_shares_stop_when_exhaustive,
            "equal_shares_comparison": vote.equal_shares_comparison,
        }


class VoteCancelForm(CrispyForm):
    submit_label = _("Cancel this vote")
    submit_css_class = "btn-danger"

    reason = forms.CharField(
        label=_("Why is the vote cancelled?"),
        help_text=_(
            "Recorded, shown to staff and, if any ballots were cast, on the vote's public page."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalRejectForm(CrispyForm):
    submit_label = _("Reject the proposal")
    submit_css_class = "btn-danger"

    reason = forms.CharField(
        label=_("Why do you reject it?"),
        help_text=_("Shown on the public history of the results."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = action


class ConfirmProposeForm(CrispyForm):
    submit_label = _("Propose confirming the results")
    submit_css_class = "btn-success"

    note = forms.CharField(
        label=_("Note for the second coordinator (optional, shown with the results)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = action


class CodeBatchForm(CrispyForm):
    submit_label = _("Make the cards")

    size = forms.IntegerField(label=_("Number of cards"), min_value=1, max_value=5000, initial=100)
    layout = forms.ChoiceField(
        label=_("Paper"),
        choices=[
            ("a4-10", _("A4, 10 cards a page, cut marks")),
            ("a4-8", _("A4, 8 larger cards a page, cut marks")),
            ("labels-8", _("Label sheets, 8 labels of 99.1 × 67.7 mm (Avery L7165 style)")),
        ],
        initial="a4-10",
        required=False,
    )


class IssueForm(CrispyForm):
    submit_label = _("Hand out the card")

    code = forms.CharField(label=_("Code on the card"), max_length=40)
    eligible = forms.BooleanField(label=_("They have declared that they may vote"), required=False)
    voter_group = forms.ChoiceField(
        label=_("Do they belong to a group with a bid on the ballot?"), required=False
    )

    def __init__(
        self,
        *args,
        groups: Sequence[tuple[str, str]] = (),
        eligibility_note: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["voter_group"].choices = [("", _("No"))] + list(groups)
        if eligibility_note:
            self.fields["eligible"].help_text = eligibility_note


class CodeCancelForm(CrispyForm):
    """The coordinator cancelling one lost card by typing its code."""

    submit_label = _("Cancel this card")
    submit_css_class = "btn-danger"

    code = forms.CharField(
        label=_("Code on the lost card"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    reason = forms.CharField(
        label=_("What happened (optional, for the audit log)"), max_length=200, required=False
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = action


class PaperForm(CrispyMixin, BallotForm):
    """A volunteer keying one paper ballot: its number, the voting card handed in with it, the
    ballot fields (each can be left blank, as on paper: the service applies the vote's rules)
    and the spoilt flag."""

    submit_label = _("Save this paper ballot")

    code = None
    idempotency_key = None
    number = forms.IntegerField(label=_("Number written on the paper ballot"), min_value=1)
    card = forms.CharField(
        label=_("Code of the voting card handed in with it"),
        help_text=_(
            "13 letters and numbers, like ABCD-EFGH-JKMNP. Not needed for a spoilt ballot."
        ),
        max_length=CODE_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )
    spoilt = forms.BooleanField(label=_("This ballot is spoilt"), required=False)
    spoilt_reason = forms.CharField(label=_("Why it is spoilt"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tail = ("number", "card", "spoilt", "spoilt_reason")
        self.fields = {
            "number": self.fields.pop("number"),
            "card": self.fields.pop("card"),
            **{k: v for k, v in self.fields.items() if k not in tail},
            "spoilt": self.fields["spoilt"],
            "spoilt_reason": self.fields["spoilt_reason"],
        }
        if "choice" in self.fields and isinstance(self.fields["choice"], forms.ChoiceField):
            self.fields["choice"].required = False
        by_position = {f"score_{o.position}": o for o in self.options}
        for name, field in self.fields.items():
            if name.startswith("score_"):
                # A score left empty on the paper is keyed as blank, said as a choice of its own.
                field.required = False
                field.choices = [("", _("blank"))] + list(field.choices)
                field.empty_value = None
                field.label = _("Score on the paper for %(bid)s") % {"bid": by_position[name].title}
        # Scores in a row: a volunteer keys a pile of papers, often on a phone.
        self.helper.layout = Layout(
            *(InlineRadios(name) if name.startswith("score_") else name for name in self.fields)
        )

    def marks(self):
        if self.cleaned_data.get("spoilt"):
            return [], None
        if self.kind == BallotType.CHOOSE_ONE and not self.cleaned_data.get("choice"):
            return [], None
        return super().marks()


class PaperSettleForm(forms.Form):
    """The supervisor's choice on the side-by-side page: the first keying or the second."""

    choice = forms.ChoiceField(choices=[("a", "a"), ("b", "b")])


class OverrideForm(CrispyForm):
    submit_label = _("Propose this change")

    selected = forms.MultipleChoiceField(
        label=_("Bids to fund"), widget=forms.CheckboxSelectMultiple, required=False
    )
    reason = forms.CharField(
        label=_("Reason (plain text, shown on the results)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, options: Sequence[VoteOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(o.project_id, o.title) for o in options]
