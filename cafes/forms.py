"""Forms only parse and check input; the services in ``cafes.services`` make the changes."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engagement.forms import CrispyForm, CrispyModelForm, DateInput, PlainTextForm
from engagement.forms.bilingual import WELSH_HELP, BilingualFormMixin
from engagement.models import Role, User
from engagement.roles import holders_q

from .models import Cafe, CafeTable, CafeTheme, HarvestNote, Participant, SeatingConstraint
from .models.questions import validate_translations

# --- Translations typed as "cy: text" lines ----------------------------------------------------


def parse_translations(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, value = line.partition(":")
        if not sep:
            raise ValidationError(
                _("Line %(n)s: write the language code, a colon, then the text, e.g. cy: …")
                % {"n": number}
            )
        out[code.strip().lower()] = value.strip()
    validate_translations(out)
    return out


def translations_text(translations: dict[str, str]) -> str:
    return "\n".join(f"{code}: {text}" for code, text in sorted(translations.items()))


class TranslationsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Other languages (for language tables)"))
        kwargs.setdefault(
            "help_text",
            _("One per line: a language code, a colon, then the question, e.g. pl: Co jest…"),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_translations(super().clean(value) or "")


# --- Planning ----------------------------------------------------------------------------------


class CafeForm(BilingualFormMixin, CrispyModelForm):
    class Meta:
        model = Cafe
        fields = [
            "purpose",
            "purpose_cy",
            "rounds",
            "round_minutes",
            "changeover_minutes",
            "etiquette",
            "contact_phone",
            "safeguarding_lead_name",
            "safeguarding_lead_phone",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "purpose_cy": forms.Textarea(attrs={"rows": 3}),
            "etiquette": forms.Textarea(attrs={"rows": 4}),
        }


class CafeCreateForm(CafeForm):
    submit_label = _("Set up the café")
    tables = forms.IntegerField(
        label=_("Number of tables"),
        min_value=0,
        max_value=40,
        initial=6,
        help_text=_("You can add, change and remove tables later."),
    )
    seats = forms.IntegerField(
        label=_("Seats at each table"),
        min_value=2,
        max_value=5,
        initial=4,
        help_text=_("Including the host: four is best, never more than five."),
    )


class TableForm(CrispyModelForm):
    class Meta:
        model = CafeTable
        fields = ["number", "seats", "seats_override", "language", "bsl", "step_free"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Leave empty for the next number.")

    def _post_clean(self):
        # The service checks the whole table (and the café's other tables) under a lock.
        pass


class HostForm(CrispyForm):
    submit_label = _("Add host")
    user = forms.ModelChoiceField(label=_("Host"), queryset=User.objects.none())
    trained_on = forms.DateField(
        label=_("Trained on"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty to use the date in their host details."),
    )
    table = forms.ModelChoiceField(
        label=_("Table"),
        queryset=CafeTable.objects.none(),
        required=False,
        help_text=_("Leave empty to decide later."),
    )

    def __init__(self, *args, cafe: Cafe, **kwargs):
        super().__init__(*args, **kwargs)
        # Table hosts whose role reaches the café's event (the check the service makes).
        self.fields["user"].queryset = (
            User.objects.filter(holders_q(Role.TABLE_HOST, cafe.event, prefix="role_assignments__"))
            .distinct()
            .order_by("name", "email")
        )
        self.fields["table"].queryset = cafe.tables.order_by("number")
        self.fields["table"].label_from_instance = lambda t: str(t)


def welsh_question_field() -> forms.CharField:
    return forms.CharField(
        label=_("Question in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=WELSH_HELP,
    )


class QuestionForm(CrispyForm):
    text = forms.CharField(
        label=_("Question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty to use the one chosen below."),
    )
    text_cy = welsh_question_field()
    translations = TranslationsField()
    bank_question = forms.ModelChoiceField(
        label=_("Or take one from the question bank"), queryset=None, required=False
    )
    same_as_round = forms.TypedChoiceField(
        label=_("Or ask the same question as round"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )
    save_to_bank = forms.BooleanField(label=_("Also keep it in the question bank"), required=False)

    def __init__(self, *args, cafe: Cafe, round_number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_question"].queryset = cafe.event.programme.cafe_questions.order_by(
            "text_en"
        )
        others = [r for r in cafe.round_numbers if r != round_number]
        self.fields["same_as_round"].choices = [("", "—")] + [(r, str(r)) for r in others]


class BankQuestionForm(CrispyForm):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    text_cy = welsh_question_field()
    translations = TranslationsField()
    notes = forms.CharField(label=_("When it works well"), required=False, max_length=300)


# --- Seating -----------------------------------------------------------------------------------


class ParticipantForm(CrispyModelForm):
    class Meta:
        model = Participant
        fields = ["staff", "language", "needs_bsl", "needs_step_free"]

    def _post_clean(self):
        pass


class ConstraintForm(CrispyForm):
    submit_label = _("Add rule")
    kind = forms.ChoiceField(label=_("Rule"), choices=SeatingConstraint.Kind.choices)
    first = forms.ModelChoiceField(label=_("Person"), queryset=Participant.objects.none())
    second = forms.ModelChoiceField(label=_("and"), queryset=Participant.objects.none())

    def __init__(self, *args, cafe: Cafe, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            cafe.participants.present()
            .select_related("registration")
            .order_by("registration__name", "companion")
        )
        for name in ("first", "second"):
            self.fields[name].queryset = people
        self.helper.form_action = reverse("cafes:constraint_add", kwargs={"pk": cafe.pk})


# --- Harvest -----------------------------------------------------------------------------------


class NoteForm(PlainTextForm):
    """Rendered by hand on the host page (small and fast); posted by form or by the offline
    queue, both carrying ``client_id``."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    round_number = forms.TypedChoiceField(label=_("Round"), coerce=int, choices=())
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=HarvestNote.Kind.choices,
        initial=HarvestNote.Kind.NOTE,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("What was said"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    themes = forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=400,
        help_text=_("Separate with commas, e.g. parking, young people."),
    )
    attribution = forms.CharField(label=_("Said by (for a quote)"), required=False, max_length=120)
    attribution_consent = forms.BooleanField(
        label=_("They agreed to be quoted with this name"), required=False
    )

    def __init__(self, *args, cafe: Cafe, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_id", uuid.uuid4())
        kwargs["initial"].setdefault("round_number", max(cafe.current_round, 1))
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)
        self.fields["round_number"].choices = [(r, str(r)) for r in cafe.round_numbers]


class FlagForm(PlainTextForm):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    round_number = forms.TypedChoiceField(
        label=_("Round"), coerce=int, choices=(), required=False, empty_value=None
    )
    text = forms.CharField(
        label=_("What was disclosed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only the area's coordinators see this. If someone is in danger now, call 999."
        ),
    )

    def __init__(self, *args, cafe: Cafe, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_id", uuid.uuid4())
        kwargs["initial"].setdefault("round_number", max(cafe.current_round, 1))
        kwargs.setdefault("auto_id", "flag_%s")
        super().__init__(*args, **kwargs)
        self.fields["round_number"].choices = [(r, str(r)) for r in cafe.round_numbers]


class PhotoForm(PlainTextForm):
    image = forms.FileField(label=_("Photo of the tablecloth"))
    description = forms.CharField(
        label=_("What the photo shows"),
        max_length=250,
        help_text=_("A few words for people who cannot see it."),
    )
    round_number = forms.TypedChoiceField(
        label=_("Round"), coerce=int, choices=(), required=False, empty_value=None
    )

    def __init__(self, *args, cafe: Cafe, **kwargs):
        kwargs.setdefault("auto_id", "photo_%s")
        super().__init__(*args, **kwargs)
        self.fields["round_number"].choices = [("", "—")] + [
            (r, str(r)) for r in cafe.round_numbers
        ]
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


class ThemeForm(CrispyForm):
    name = forms.CharField(label=_("Theme"), max_length=80)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—")] + list(CafeTheme.Kind.choices)
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ThemeMergeForm(CrispyForm):
    submit_label = _("Merge")
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=CafeTheme.objects.none())

    def __init__(self, *args, theme: CafeTheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = theme.cafe.themes.exclude(pk=theme.pk).order_by("name")


class YouSaidForm(CrispyForm):
    submit_label = _('Add to "you said, we did"')
    you_said = forms.CharField(label=_("You said"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(
        label=_("Who is responsible"),
        max_length=200,
        help_text=_("A team or organisation, not a person."),
    )
    we_did = forms.CharField(
        label=_("We did (so far)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_public = forms.BooleanField(label=_("Show on the public page"), required=False, initial=True)


class PriorityForm(CrispyForm):
    submit_label = _("Save priority")
    is_priority = forms.BooleanField(label=_("A priority for community bids"), required=False)
    statement = forms.CharField(
        label=_("Priority as bidders will read it"), max_length=300, required=False
    )


class SummaryForm(CrispyForm):
    summary = forms.CharField(
        label=_("Summary for participants and partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    summary_cy = forms.CharField(
        label=_("Summary in Welsh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=WELSH_HELP,
    )
    published = forms.BooleanField(label=_("Publish the summary"), required=False)


class FlagHandleForm(CrispyForm):
    submit_label = _("Mark as handled")
    outcome = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteCorrectForm(CrispyForm):
    """A host or coordinator correcting one note. ``reason`` is required of coordinators."""

    submit_label = _("Save the correction")

    kind = forms.ChoiceField(
        label=_("Kind"), choices=HarvestNote.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What was said"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    themes = forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=400,
        help_text=_("Separate with commas, e.g. parking, young people."),
    )
    attribution = forms.CharField(label=_("Said by (for a quote)"), required=False, max_length=120)
    attribution_consent = forms.BooleanField(
        label=_("They agreed to be quoted with this name"), required=False
    )
    reason = forms.CharField(label=_("Why it is being changed"), required=False, max_length=300)

    def __init__(self, *args, as_coordinator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if as_coordinator:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _("Kept in the audit log.")
        else:
            del self.fields["reason"]


class RemoveForm(CrispyForm):
    """Removing a note or a photo for good."""

    submit_label = _("Remove it for good")
    submit_css_class = "btn-danger"

    reason = forms.CharField(label=_("Why it is being removed"), required=False, max_length=300)

    def __init__(self, *args, as_coordinator: bool = False, **kwargs):
        # Shown beside the correction form, which has its own "reason".
        kwargs.setdefault("auto_id", "remove_%s")
        super().__init__(*args, **kwargs)
        if as_coordinator:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _(
                "Kept in the audit log, for example: it names a neighbour."
            )
        else:
            self.fields["reason"].label = _("Why it is being removed (optional)")
