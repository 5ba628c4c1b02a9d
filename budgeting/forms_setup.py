"""Forms a coordinator uses to set up community bids: pots, rounds, priorities, category pots,
and the after-the-vote actions (revoke an award, move category leftovers, close unfunded bids).

They validate and convert (pounds to pence, dates in order, HTML refused); services write.
"""

from __future__ import annotations

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from engagement.forms import CrispyForm, DateTimeInput
from engagement.forms.bilingual import WELSH_HELP
from engagement.models import Area

from .models import BidRound, FundingPot, GroupType, LeftoverRule
from .money import PoundsField

#: The round's dates in time order, with whether the next must be strictly later than the one
#: before (otherwise it may be the same moment). Mirrors the ``round_dates_in_order`` constraint.
ROUND_DATES = [
    ("submission_opens", _("Bids open"), False),
    ("submission_closes", _("Bids close"), True),
    ("review_closes", _("Checking ends"), False),
    ("shortlist_closes", _("Shortlist published"), False),
    ("voting_opens", _("Voting opens"), False),
    ("voting_closes", _("Voting closes"), True),
    ("results_at", _("Results published"), False),
]
DATE_FIELDS = [name for name, _label, _strict in ROUND_DATES]


class PotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FundingPot) -> str:
        return f"{obj.name} ({obj.area.name}, {obj.area.programme.name})"


class AreaChoiceField(forms.ModelChoiceField):
    """Areas of different programmes can share a name ("Town centre"): always say which."""

    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.programme.name})"


class PotForm(CrispyForm):
    """A funding pot: its area (when creating), name and fundraising target. Contributions are
    added on the round's Money page."""

    submit_label = _("Save the pot")

    area = AreaChoiceField(label=_("Area"), queryset=Area.objects.none())
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example “Skegness community pot 2025”."),
    )
    target_pence = PoundsField(
        label=_("Fundraising target (£)"),
        required=False,
        allow_zero=True,
        help_text=_("How much the area hopes to raise from the PCC, partners and businesses."),
    )

    def __init__(self, *args, areas: QuerySet[Area] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is None:
            del self.fields["area"]
        else:
            self.fields["area"].queryset = areas.select_related("programme")

    def clean_target_pence(self):
        return self.cleaned_data.get("target_pence") or 0


class RoundForm(CrispyForm):
    """A bid round: where and from which pot, the seven dates, who may bid and the how-to-bid
    text. ``areas`` is given when creating (the coordinator's areas); when editing, the area
    stays and ``round`` is the round being changed."""

    submit_label = _("Save the round")

    area = AreaChoiceField(label=_("Area"), queryset=Area.objects.none())
    pot = PotChoiceField(
        label=_("Funding pot"),
        queryset=FundingPot.objects.none(),
        help_text=_("The pot must belong to the round's area."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    name_cy = forms.CharField(
        label=_("Name in Welsh"),
        max_length=200,
        required=False,
        help_text=WELSH_HELP,
    )
    slug = forms.SlugField(
        label=_("Short name for web addresses (optional)"),
        max_length=80,
        required=False,
        help_text=_("Letters, numbers and hyphens. Left empty, it is made from the name."),
    )
    published = forms.BooleanField(
        label=_("Published: anyone can see the round"),
        required=False,
        help_text=_("Until then only staff see it, whatever the dates say."),
    )

    submission_opens = forms.DateTimeField(label=_("Bids open"), widget=DateTimeInput())
    submission_closes = forms.DateTimeField(label=_("Bids close"), widget=DateTimeInput())
    review_closes = forms.DateTimeField(label=_("Checking ends"), widget=DateTimeInput())
    shortlist_closes = forms.DateTimeField(label=_("Shortlist published"), widget=DateTimeInput())
    voting_opens = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeInput())
    voting_closes = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeInput())
    results_at = forms.DateTimeField(label=_("Results published"), widget=DateTimeInput())

    max_amount_pence = PoundsField(label=_("Most a bid may ask for (£)"))
    min_amount_pence = PoundsField(
        label=_("Least a bid may ask for (£)"), required=False, allow_zero=True
    )
    eligible_group_types = forms.MultipleChoiceField(
        label=_("Groups that may bid"),
        choices=GroupType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to let every kind of group bid."),
    )
    require_postcode_in_area = forms.BooleanField(
        label=_("The project must take place in the area"),
        required=False,
        help_text=_(
            "Bids are checked against the area's postcode districts (set on the area's page)."
        ),
    )
    max_bids_per_group = forms.IntegerField(
        label=_("Most bids per group"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Leave empty for no limit."),
    )
    require_constituted = forms.BooleanField(
        label=_("Only groups with a constitution or set of rules may bid"), required=False
    )
    leftover_rule = forms.ChoiceField(
        label=_("Money left in a category pot after awarding"),
        choices=LeftoverRule.choices,
        widget=forms.RadioSelect,
        initial=LeftoverRule.RETURN_TO_POT,
    )
    intro = forms.CharField(
        label=_("How to bid: introduction in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain words, shown at the top of the round's public page."),
    )
    intro_cy = forms.CharField(
        label=_("How to bid: introduction in Welsh (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "cy"}),
        help_text=WELSH_HELP,
    )

    def __init__(
        self,
        *args,
        areas: QuerySet[Area] | None = None,
        round: BidRound | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.round = round
        if round is not None:
            del self.fields["area"]
            self.fields["pot"].queryset = FundingPot.objects.filter(
                area=round.area_id
            ).select_related("area__programme")
        else:
            self.fields["area"].queryset = areas.select_related("programme")
            self.fields["pot"].queryset = FundingPot.objects.filter(area__in=areas).select_related(
                "area__programme"
            )
        self.helper.layout = Layout(
            Fieldset(
                _("The round"),
                *[
                    f
                    for f in ("area", "pot", "name", "name_cy", "slug", "published")
                    if f in self.fields
                ],
            ),
            Fieldset(_("Dates, in order"), *DATE_FIELDS),
            Fieldset(
                _("Who can bid"),
                "max_amount_pence",
                "min_amount_pence",
                "eligible_group_types",
                "require_postcode_in_area",
                "max_bids_per_group",
                "require_constituted",
            ),
            Fieldset(_("Category pots"), "leftover_rule"),
            Fieldset(_("How to bid (public page)"), "intro", "intro_cy"),
        )

    def clean_min_amount_pence(self):
        value = self.cleaned_data.get("min_amount_pence")
        return 100 if value is None else value

    def clean(self):
        data = super().clean()
        self._check_dates(data)
        low, high = data.get("min_amount_pence"), data.get("max_amount_pence")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_amount_pence",
                _("The most a bid may ask for cannot be less than the least."),
            )
        area = self.round.area if self.round is not None else data.get("area")
        pot = data.get("pot")
        if area is not None and pot is not None and pot.area_id != area.pk:
            self.add_error("pot", _("Choose a pot in %(area)s.") % {"area": area.name})
        if "slug" not in self.errors and data.get("name"):
            data["slug"] = self._slug(data)
        return data

    def _check_dates(self, data: dict) -> None:
        """Each date must come after the one before it; the error goes on the later date."""
        previous = None  # (label, moment) of the last date that was given and valid
        for name, label, strict in ROUND_DATES:
            when = data.get(name)
            if when is None:
                continue  # missing or invalid: already an error on this field
            if previous is not None:
                before_label, before = previous
                if (strict and when <= before) or when < before:
                    message = (
                        _("This must be after “%(before)s”.")
                        if strict
                        else _("This cannot be before “%(before)s”.")
                    )
                    self.add_error(name, message % {"before": before_label})
                    continue  # later dates are compared with the last date in order
            previous = (label, when)

    def _slug(self, data: dict) -> str:
        others = BidRound.objects.all()
        if self.round is not None:
            others = others.exclude(pk=self.round.pk)
        wanted = data.get("slug")
        if wanted:
            if others.filter(slug=wanted).exists():
                self.add_error(
                    "slug", _("Another round already uses this short name. Choose another.")
                )
            return wanted
        if self.round is not None:
            return self.round.slug
        base = slugify(data["name"])[:72] or "round"
        slug, n = base, 2
        while others.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def service_fields(self) -> dict:
        """The cleaned answers as keyword arguments for ``round_create``/``round_update``."""
        return {k: v for k, v in self.cleaned_data.items() if k != "area"}


class PriorityForm(CrispyForm):
    submit_label = _("Add the priority")

    title = forms.CharField(label=_("Priority"), max_length=200)
    description = forms.CharField(
        label=_("More about it (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, round: BidRound, **kwargs):
        self.round = round
        super().__init__(*args, **kwargs)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if self.round.priorities.filter(title__iexact=title).exists():
            raise forms.ValidationError(_("This round already has that priority."))
        return title


class FeedbackPrioritiesForm(CrispyForm):
    """Pick priorities from what the community said in the area ("you said, we did", which
    World Café harvests feed)."""

    submit_label = _("Add the chosen priorities")

    items = forms.MultipleChoiceField(
        label=_("What people in the area said"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one.")},
    )

    def __init__(self, *args, options: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {str(o["pk"]): o for o in options}
        self.fields["items"].choices = [(str(o["pk"]), o["label"]) for o in options]

    def chosen(self) -> list[dict]:
        return [self.options[pk] for pk in self.cleaned_data["items"]]


class CategoryForm(CrispyForm):
    submit_label = _("Add the category pot")

    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example “Young people”.")
    )
    budget_pence = PoundsField(label=_("Budget (£)"))
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Used by the “next category” leftover rule. Lowest first."),
    )

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class RevokeAwardForm(CrispyForm):
    submit_label = _("Revoke the award")

    reason = forms.CharField(
        label=_("Reason (the group will see this)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(CrispyForm):
    """A button that asks for nothing more: the page above it says what will happen (the view
    passes ``submit_label``)."""


class OrganisationMergeForm(CrispyForm):
    """Two records that are the same group: the duplicate's bids move to the one kept."""

    submit_label = _("Merge")

    keep = forms.ModelChoiceField(label=_("Keep this record"), queryset=None)
    duplicate = forms.ModelChoiceField(
        label=_("Merge this duplicate into it"),
        queryset=None,
        help_text=_("Its bids move to the record kept and count towards that group's limit."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = organisations
        self.fields["duplicate"].queryset = organisations
        label = lambda o: f"{o} ({o.charity_number or o.company_number or o.contact_email})"  # noqa: E731
        self.fields["keep"].label_from_instance = label
        self.fields["duplicate"].label_from_instance = label

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("duplicate"):
            self.add_error("duplicate", _("Choose two different organisations to merge."))
        return data
