"""Forms of the budgeting app. They validate and convert; services do the writing."""

from __future__ import annotations

from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engagement.forms import CrispyForm, DateInput, PlainTextForm

from .models import (
    Bid,
    BidRound,
    Category,
    ContributionSource,
    DBSChecks,
    GroupType,
)
from .money import PoundsField
from .steps import STEP_BY_SLUG
from .validators import clean_upload, validate_uk_phone

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no_coerce(value):
    return {"yes": True, "no": False}.get(value)


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as two radio buttons; unanswered is None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            choices=YES_NO,
            coerce=_yes_no_coerce,
            empty_value=None,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


# --- The bid form, one form per step ------------------------------------------------------------


class BidStepForm(PlainTextForm):
    """A step of the bid. ``strict`` (pressing "Save and continue") makes the step's questions
    required; saving as a draft accepts gaps. Either way the good answers are saved."""

    required_when_strict: tuple[str, ...] = ()

    def __init__(self, *args, bid: Bid, strict: bool = False, **kwargs):
        self.bid = bid
        super().__init__(*args, **kwargs)
        for name in self.required_when_strict:
            self.fields[name].required = strict

    def step_fields(self) -> dict:
        """The cleaned answers that passed validation (all of them when the form is valid)."""
        names = STEP_BY_SLUG[self.step].fields
        return {n: self.cleaned_data[n] for n in names if n in self.cleaned_data}


class GroupStepForm(BidStepForm):
    step = "group"
    required_when_strict = (
        "group_name",
        "group_type",
        "group_constituted",
        "contact_name",
        "contact_email",
    )

    group_name = forms.CharField(label=_("Group name"), max_length=200, required=False)
    group_type = forms.ChoiceField(
        label=_("Type of group"),
        choices=[("", _("Choose one"))] + list(GroupType.choices),
        required=False,
    )
    group_constituted = YesNoField(
        label=_("Does your group have a constitution or a written set of rules?")
    )
    charity_number = forms.CharField(
        label=_("Charity number (if you have one)"), max_length=20, required=False
    )
    company_number = forms.CharField(
        label=_("Company number (if you have one)"), max_length=20, required=False
    )
    group_address = forms.CharField(
        label=_("Group's address (optional)"),
        help_text=_("Where letters about a grant should go."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone (optional)"),
        max_length=30,
        required=False,
        validators=[validate_uk_phone],
    )


class IdeaStepForm(BidStepForm):
    step = "idea"
    required_when_strict = (
        "title",
        "summary",
        "description",
        "beneficiaries",
        "beneficiaries_count",
        "location",
        "postcode",
    )

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        required=False,
        help_text=_("A few words people will see on the ballot."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences (up to 300 characters)."),
    )
    description = forms.CharField(
        label=_("What will it do?"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    beneficiaries = forms.CharField(
        label=_("Who will benefit, and how?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    beneficiaries_count = forms.IntegerField(
        label=_("About how many people will benefit?"),
        required=False,
        min_value=1,
        max_value=10_000_000,
    )
    location = forms.CharField(label=_("Where will it happen?"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode of the place"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )


class MoneyStepForm(BidStepForm):
    step = "money"
    required_when_strict = ("amount_requested_pence",)

    amount_requested_pence = PoundsField(
        label=_("How much are you asking for? (£)"), required=False
    )
    match_funding_pence = PoundsField(
        label=_("Match funding from elsewhere (£, optional)"), required=False, allow_zero=True
    )
    in_kind_support = forms.CharField(
        label=_("In-kind support (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Volunteer time, a free venue, donated equipment..."),
    )

    def clean_match_funding_pence(self):
        return self.cleaned_data.get("match_funding_pence") or 0


class CostLineForm(PlainTextForm):
    item = forms.CharField(label=_("Item"), max_length=200, required=False)
    amount = PoundsField(label=_("Cost (£)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("amount") and "amount" not in self.errors:
            self.add_error("amount", _("Enter what this item costs."))
        if data.get("amount") and not data.get("item"):
            self.add_error("item", _("Say what this cost is for."))
        return data


CostLineFormSet = forms.formset_factory(CostLineForm, extra=0, max_num=30, absolute_max=30)


class PrioritiesStepForm(BidStepForm):
    step = "priorities"
    required_when_strict = ("works_with_children", "works_with_adults_at_risk")

    priorities = forms.ModelMultipleChoiceField(
        label=_("Which of the round's priorities does your bid address?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    works_with_children = YesNoField(label=_("Will the project work with children (under 18)?"))
    works_with_adults_at_risk = YesNoField(label=_("Will the project work with adults at risk?"))
    dbs_checks = forms.ChoiceField(
        label=_("DBS checks"),
        choices=[("", _("Choose one"))] + list(DBSChecks.choices),
        required=False,
    )
    has_safeguarding_policy = YesNoField(label=_("Does your group have a safeguarding policy?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = self.bid.round.priorities.all()
        if not self.bid.round.priorities.exists():
            del self.fields["priorities"]


class AttachmentForm(PlainTextForm):
    file = forms.FileField(
        label=_("Photo or document"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    description = forms.CharField(
        label=_("What the photo shows, or what the document is"), max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting: read it per form, not once when the class is defined.
        self.fields["file"].help_text = _("A JPEG or PNG photo, or a PDF, up to %(size)s MB.") % {
            "size": settings.BUDGETING_MAX_UPLOAD_BYTES // (1024 * 1024)
        }

    def clean_file(self):
        return clean_upload(self.cleaned_data["file"])


STEP_FORMS = {
    "group": GroupStepForm,
    "idea": IdeaStepForm,
    "money": MoneyStepForm,
    "priorities": PrioritiesStepForm,
}


class EligibilityQueryForm(forms.Form):
    """What the as-you-type check sends; every answer is optional."""

    amount_requested_pence = PoundsField(required=False)
    group_type = forms.ChoiceField(choices=[("", "")] + list(GroupType.choices), required=False)
    group_constituted = YesNoField()
    postcode = forms.CharField(max_length=10, required=False)
    group_name = forms.CharField(max_length=200, required=False)
    charity_number = forms.CharField(max_length=20, required=False)
    company_number = forms.CharField(max_length=20, required=False)
    works_with_children = YesNoField()
    works_with_adults_at_risk = YesNoField()
    dbs_checks = forms.ChoiceField(choices=[("", "")] + list(DBSChecks.choices), required=False)
    has_safeguarding_policy = YesNoField()


# --- Group actions --------------------------------------------------------------------------------


class MessageForm(CrispyForm):
    submit_label = _("Send message")

    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(CrispyForm):
    submit_label = _("Withdraw the bid")

    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Review ---------------------------------------------------------------------------------------


class DueDiligenceForm(CrispyForm):
    submit_label = _("Save checks")

    group_exists = forms.BooleanField(label=_("The group exists and is active"), required=False)
    bank_account = forms.BooleanField(
        label=_("The group has a bank account in its own name"), required=False
    )
    safeguarding_policy = forms.BooleanField(
        label=_("The safeguarding policy has been seen (or is not needed)"), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestChangesForm(CrispyForm):
    submit_label = _("Ask for changes")

    message = forms.CharField(
        label=_("What should the group change?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ShortlistForm(CrispyForm):
    submit_label = _("Accept onto the shortlist")

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    message = forms.CharField(
        label=_("Message to the group (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, round: BidRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = round.categories.all()
        if not round.categories.exists():
            del self.fields["category"]


class TurnDownButton(Submit):
    """Red, and asks first: turning a bid down must never look like shortlisting it."""

    field_classes = "btn btn-danger"


class RejectForm(CrispyForm):
    submit_label = None

    reason = forms.CharField(
        label=_("Reason (the group will see this)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.add_input(
            TurnDownButton(
                "submit",
                _("Turn the bid down"),
                **{"data-confirm": _("Turn this bid down? The group will be told.")},
            )
        )


class HandoverForm(CrispyForm):
    submit_label = _("Hand the bid over")

    to = forms.ModelChoiceField(label=_("Hand it to"), queryset=None)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        from engagement.models import User

        self.fields["to"].queryset = User.objects.filter(pk__in=[p.pk for p in people])
        self.fields["to"].label_from_instance = lambda u: u.name or u.email


class BallotRedrawForm(CrispyForm):
    """Drawing the ballot order again: the reason is published with every draw."""

    submit_label = _("Draw the ballot order again")
    submit_css_class = "btn-outline-primary"

    reason = forms.CharField(
        label=_("Why must the ballot order be drawn again?"),
        help_text=_("Published on this page with every draw: who drew it, when and why."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = action


class ConflictForm(CrispyForm):
    submit_label = _("Declare the conflict")

    WHO = [("me", _("Me, as a reviewer")), ("group", _("A group of voters"))]
    who = forms.ChoiceField(label=_("Who has the conflict?"), choices=WHO, widget=forms.RadioSelect)
    voter_group = forms.CharField(
        label=_("Name of the voter group"), max_length=200, required=False
    )
    reason = forms.CharField(label=_("What is the conflict?"), max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("who") == "group" and not data.get("voter_group"):
            self.add_error("voter_group", _("Name the group of voters."))
        return data


class NoteForm(CrispyForm):
    submit_label = _("Add note")

    body = forms.CharField(
        label=_("Internal note (the group does not see it)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AwardForm(CrispyForm):
    submit_label = _("Award the money")

    amount = PoundsField(label=_("Amount to award (£)"))


# --- Money and projects ---------------------------------------------------------------------------


class ContributionForm(CrispyForm):
    submit_label = _("Add contribution")

    source = forms.ChoiceField(label=_("Source"), choices=ContributionSource.choices)
    funder_name = forms.CharField(label=_("Funder"), max_length=200)
    pledged_pence = PoundsField(label=_("Pledged (£)"))
    received_pence = PoundsField(label=_("Received so far (£)"), required=False, allow_zero=True)
    pledged_on = forms.DateField(
        label=_("Pledged on"), required=False, widget=DateInput(), help_text=_("Today if blank.")
    )
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_received_pence(self):
        return self.cleaned_data.get("received_pence") or 0


class ContributionUpdateForm(CrispyForm):
    submit_label = _("Save")

    pledged_pence = PoundsField(label=_("Pledged (£)"))
    received_pence = PoundsField(label=_("Received so far (£)"), required=False, allow_zero=True)
    pledged_on = forms.DateField(label=_("Pledged on"), required=False, widget=DateInput())
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_received_pence(self):
        return self.cleaned_data.get("received_pence") or 0


class ProgrammePotsForm(CrispyForm):
    submit_label = _("Set up every area's pot")

    name = forms.CharField(label=_("Name of each pot"), max_length=200)
    target_pence = PoundsField(label=_("Fundraising target in each area (£)"), allow_zero=True)
    seed_pence = PoundsField(
        label=_("Seed money for each area (£)"), required=False, allow_zero=True
    )
    seed_funder = forms.CharField(
        label=_("Who gives the seed money"), max_length=200, required=False
    )
    seed_source = forms.ChoiceField(
        label=_("Source of the seed money"), choices=ContributionSource.choices
    )
    seed_received = forms.BooleanField(
        label=_("The seed money has arrived in each pot"), required=False
    )

    def clean_seed_pence(self):
        return self.cleaned_data.get("seed_pence") or 0


class GrantAcceptForm(CrispyForm):
    submit_label = _("Accept the grant offer")

    name = forms.CharField(label=_("Your full name"), max_length=150)
    role = forms.CharField(label=_("Your role in the group, e.g. treasurer"), max_length=100)


class SignedCopyForm(CrispyForm):
    submit_label = _("Upload the signed copy")

    signed_copy = forms.FileField(
        label=_("A photo or scan of the signed letter (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_signed_copy(self):
        return clean_upload(self.cleaned_data["signed_copy"], allow_documents=True)


class MilestoneForm(CrispyForm):
    submit_label = _("Add payment")

    title = forms.CharField(label=_("What it is for"), max_length=200)
    amount_pence = PoundsField(label=_("Amount (£)"))
    due_date = forms.DateField(label=_("Due"), widget=DateInput())


class MonitoringUpdateForm(CrispyForm):
    submit_label = _("Send update")

    progress = forms.CharField(
        label=_("What has happened since the last update?"),
        help_text=_(
            "A coordinator reads it before it is shown on the public page of funded projects."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    spend_pence = PoundsField(label=_("Money spent since the last update (£)"), allow_zero=True)
    people_reached = forms.IntegerField(
        label=_("People reached since the last update"), min_value=0, max_value=10_000_000
    )
    photo = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )
    photo_description = forms.CharField(
        label=_("What the photo shows"), max_length=200, required=False
    )
    photo_consent = forms.BooleanField(
        label=_(
            "Everyone shown in the photo (or their parent or carer) agreed to it being published"
        ),
        required=False,
    )
    happened_on = forms.DateField(
        label=_("When did this happen? (optional)"), required=False, widget=DateInput()
    )
    is_final = forms.BooleanField(
        label=_("This is our final report: the project is finished"), required=False
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_upload(photo, allow_documents=False) if photo else None

    def clean(self):
        data = super().clean()
        if data.get("photo") and not data.get("photo_description"):
            self.add_error("photo_description", _("Say what the photo shows."))
        if data.get("photo") and not data.get("photo_consent"):
            self.add_error(
                "photo_consent",
                _("Confirm that everyone shown in the photo agreed to it being published."),
            )
        return data


class UpdateModerationForm(CrispyForm):
    """A coordinator publishes (after editing, if need be) or turns down a group's update."""

    submit_label = _("Save")

    progress = forms.CharField(
        label=_("Text to publish"),
        help_text=_("You may correct it before publishing; the group sees what was published."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    note = forms.CharField(
        label=_("Your note"),
        help_text=_(
            "Needed to publish an update whose figures are flagged, and to turn one down "
            "(the group reads it)."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Publish it")), ("reject", _("Do not publish it"))],
        widget=forms.RadioSelect,
    )
