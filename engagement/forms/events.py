"""Forms for events, bookings, check-in, equality monitoring, the register and CTAs."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    AccessNeed,
    AgeBand,
    Area,
    Audience,
    Disability,
    EngagementActivity,
    Ethnicity,
    Event,
    FirstLanguage,
    Programme,
    Registration,
    Strand,
    StrategyGroup,
    TensionAssessment,
    YouSaidWeDid,
)
from ..models.equality import Religion, Sex, population_key_choices
from ..phones import is_uk_mobile, uk_phone_parse
from ..selectors.events import coordinated_areas, coordinated_programmes, event_clashes
from ..services.notify import notify_enabled
from .base import CrispyForm, CrispyModelForm, DateInput, DateTimeInput
from .bilingual import BilingualFormMixin


def _when(event: Event) -> str:
    return formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")


class EventForm(BilingualFormMixin, CrispyModelForm):
    """Create or change an event. A clash with another event at the same venue or in the same
    area at the same time is shown as an error until the coordinator ticks "book anyway"."""

    confirm_clash = forms.BooleanField(
        label=_("I know about the clash: save anyway"), required=False
    )

    class Meta:
        model = Event
        fields = [
            "kind", "programme", "area", "title", "title_cy", "slug", "purpose", "purpose_cy",
            "starts_at", "ends_at", "venue_name", "venue_address", "venue_postcode",
            "step_free", "hearing_loop", "bsl", "parking", "quiet_room", "accessible_toilets",
            "access_notes", "capacity", "reserved_places", "registration_opens_at",
            "registration_closes_at", "languages", "is_public", "status", "reminder_hours",
            "offer_hours",
        ]  # fmt: skip
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "purpose_cy": forms.Textarea(attrs={"rows": 3}),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
            "access_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.clashes: list[Event] = []
        areas = coordinated_areas(user=user)
        programmes = Programme.objects.filter(
            pk__in=set(areas.values_list("programme_id", flat=True))
            | set(coordinated_programmes(user=user).values_list("pk", flat=True))
        )
        self.fields["area"].queryset = areas
        self.fields["programme"].queryset = programmes
        statuses = [Event.Status.DRAFT, Event.Status.PUBLISHED]
        if self.instance.pk and self.instance.status not in statuses:
            statuses.append(self.instance.status)
        self.fields["status"].choices = [c for c in Event.Status.choices if c[0] in statuses]
        if self.instance.pk:
            # The address of a published page must not change under people's bookmarks.
            self.fields["slug"].disabled = True
            self.fields["programme"].disabled = True

    def clean(self):
        data = super().clean()
        area, programme = data.get("area"), data.get("programme")
        if area is not None and programme is not None and area.programme_id != programme.pk:
            self.add_error("area", _("That area is not part of this programme."))
        if (
            area is None
            and programme is not None
            and not self.user.has_perm("engagement.change_event", Event(programme=programme))
        ):
            self.add_error("area", _("Choose one of your areas."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends > starts and data.get("status") != Event.Status.CANCELLED:
            self.clashes = list(
                event_clashes(
                    starts_at=starts,
                    ends_at=ends,
                    area=area,
                    venue_name=data.get("venue_name", ""),
                    venue_postcode=data.get("venue_postcode", ""),
                    exclude=self.instance,
                )
            )
            if self.clashes and not data.get("confirm_clash"):
                listed = "; ".join(f"{e.title} ({_when(e)}, {e.venue_name})" for e in self.clashes)
                raise forms.ValidationError(
                    _(
                        "This clashes with: %(events)s. "
                        "Change the time or venue, or tick “save anyway”."
                    )
                    % {"events": listed},
                    code="clash",
                )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_clash", None)
        if self.instance.pk:
            data.pop("slug", None)
            data.pop("programme", None)
        return data


class RegistrationForm(CrispyForm):
    """As few personal details as we can manage with."""

    submit_label = _("Book my place")

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("For your confirmation and the cancel link.")
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("Only if you have no email, or would like a call about access."),
    )
    contact_by = forms.ChoiceField(
        label=_("How should we send your confirmation and reminders?"),
        choices=Registration.ContactBy.choices,
        initial=Registration.ContactBy.EMAIL,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Text messages need a mobile number. We never use it for anything else."),
    )
    party_size = forms.IntegerField(
        label=_("How many people, including you?"), min_value=1, max_value=12, initial=1
    )
    group_details = forms.CharField(
        label=_("Who is coming with you? (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: two children aged 8 and 11, or my carer."),
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Access needs (optional)"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_notes = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_consent = forms.BooleanField(
        label=_("You may contact me about future events (optional)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if notify_enabled():
            self.fields["phone"].help_text = _(
                "For text messages instead of email, or if you would like a call about access."
            )
        else:
            # Without GOV.UK Notify the site sends email only: offering texts would mislead.
            del self.fields["contact_by"]

    def clean_phone(self) -> str:
        typed = self.cleaned_data.get("phone", "").strip()
        if not typed:
            return ""
        phone = uk_phone_parse(typed)
        if phone is None:
            raise forms.ValidationError(
                _("Please give a UK phone number, for example 07700 900123 or 01522 555000.")
            )
        return phone.e164

    def clean(self):
        data = super().clean()
        if not data.get("email") and not (data.get("phone") or "").strip() and not self.errors:
            raise forms.ValidationError(
                _("Please give an email address or a phone number so we can reach you.")
            )
        return self._clean_contact_by(data)

    def _clean_contact_by(self, data: dict) -> dict:
        wants_text = data.get("contact_by") == Registration.ContactBy.TEXT
        if wants_text and not self.errors and not is_uk_mobile(data.get("phone") or ""):
            self.add_error(
                "contact_by",
                _(
                    "Text messages need a mobile number (one starting 07). Give one, or "
                    "choose email."
                ),
            )
        data["contact_by"] = data.get("contact_by") or Registration.ContactBy.EMAIL
        return data


class StaffRegistrationForm(RegistrationForm):
    submit_label = _("Book")

    source = forms.ChoiceField(
        label=_("How did they book?"),
        choices=[c for c in Registration.Source.choices if c[0] in ("phone", "paper")],
    )
    use_reserved_place = forms.BooleanField(
        label=_("Use a reserved place (invited partner)"), required=False
    )

    def clean(self):
        # A person booked on paper may have no email or phone.
        return self._clean_contact_by(forms.Form.clean(self))


class WalkInForm(CrispyForm):
    submit_label = _("Add and check in")

    name = forms.CharField(label=_("Name"), max_length=150)
    party_size = forms.IntegerField(label=_("People"), min_value=1, max_value=12, initial=1)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    contact_consent = forms.BooleanField(
        label=_("They agree to be contacted about future events"), required=False
    )


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)


class EventCancelForm(CrispyForm):
    submit_label = _("Cancel the event and tell everyone")

    reason = forms.CharField(
        label=_("Reason (for the audit log)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("I understand everyone booked or waiting will be emailed."), required=True
    )


#: The optional questions each person in a booking is asked (the Census 2021 wording where the
#: Census asks it), as (name, label, choices, several answers allowed).
EQUALITY_QUESTIONS = [
    ("age_band", _("Age"), AgeBand, False),
    ("sex", _("What is your sex?"), Sex, False),
    ("ethnicity", _("Ethnic group"), Ethnicity, False),
    ("religion", _("What is your religion?"), Religion, False),
    ("disability", _("Do you consider yourself disabled?"), Disability, False),
    ("first_language", _("First language"), FirstLanguage, False),
    ("groups", _("Do any of these describe you?"), StrategyGroup, True),
]


class EqualityForm(CrispyForm):
    """The questions once for each person in the booking (a party of two gives two answers),
    every one optional, with one consent for the booking."""

    submit_label = _("Send my answers")

    consent = forms.BooleanField(
        label=_("I agree to these answers being used, without names, to see who we reach."),
        required=True,
    )

    def __init__(self, *args, party_size: int = 1, **kwargs):
        self.party_size = max(1, party_size)
        if self.party_size > 1:
            kwargs.setdefault("submit_label", _("Send our answers"))
        super().__init__(*args, **kwargs)
        from crispy_forms.layout import Fieldset, Layout

        sets = []
        for person in range(1, self.party_size + 1):
            names = []
            for name, label, choices, several in EQUALITY_QUESTIONS:
                field_name = f"p{person}_{name}"
                if several:
                    field = forms.MultipleChoiceField(
                        label=label,
                        choices=choices.choices,
                        required=False,
                        widget=forms.CheckboxSelectMultiple,
                    )
                else:
                    field = forms.ChoiceField(
                        label=label,
                        choices=choices.choices,
                        required=False,
                        widget=forms.RadioSelect,
                    )
                self.fields[field_name] = field
                names.append(field_name)
            legend = _("You") if person == 1 else _("Person %(n)s in your booking") % {"n": person}
            sets.append(Fieldset(legend, *names))
        self.helper.layout = Layout(*sets, "consent")

    def people(self) -> list[dict]:
        """One dict of answers per person, leaving out people who answered nothing."""
        out = []
        for person in range(1, self.party_size + 1):
            answers = {
                name: self.cleaned_data.get(f"p{person}_{name}") or ([] if several else "")
                for name, _label, _choices, several in EQUALITY_QUESTIONS
            }
            if any(answers.values()):
                out.append(answers)
        return out


class PopulationForm(CrispyForm):
    """One percentage per group for the area, from Census 2021."""

    def __init__(self, *args, area: Area, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(area.population_figures.values_list("key", "percent"))
        for key, label in population_key_choices():
            self.fields[key.replace(":", "__")] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=1,
                initial=current.get(key),
            )

    def figures(self) -> dict:
        return {name.replace("__", ":"): value for name, value in self.cleaned_data.items()}


class ActivityForm(CrispyModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    audiences = forms.MultipleChoiceField(
        label=_("Who it is for"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EngagementActivity
        fields = [
            "programme", "area", "title", "description", "kind", "strand", "audiences", "partner",
            "starts_on", "ends_on", "police_can_join", "contact", "website",
        ]  # fmt: skip
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["programme"].disabled = True

    def clean(self):
        data = super().clean()
        programme, area = data.get("programme"), data.get("area")
        if area is not None and programme is not None and area.programme_id != programme.pk:
            self.add_error("area", _("That area is not part of this programme."))
        elif programme is not None and not self.user.has_perm(
            "engagement.add_activity", EngagementActivity(programme=programme, area=area)
        ):
            self.add_error("programme", _("You can only add activities where you work."))
        elif programme is not None and not self.user.has_perm(
            "engagement.post_activity_as",
            EngagementActivity(programme=programme, area=area, partner=data.get("partner")),
        ):
            self.add_error("partner", _("You can only add activities run by your organisation."))
        return data


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    strand = forms.ChoiceField(
        label=_("Strand"), choices=[("", _("Any"))] + Strand.choices, required=False
    )
    audience = forms.ChoiceField(
        label=_("Who it is for"), choices=[("", _("Anyone"))] + Audience.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any"))] + EngagementActivity.Kind.choices, required=False
    )
    police_can_join = forms.BooleanField(label=_("Police can join in"), required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class EventFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("All kinds"))] + Event.Kind.choices,
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(
            programme__in=Programme.objects.visible_to_public()
        ).select_related("programme")


class YouSaidWeDidForm(BilingualFormMixin, CrispyModelForm):
    class Meta:
        model = YouSaidWeDid
        fields = [
            "event", "you_said", "you_said_cy", "we_did", "we_did_cy", "owner", "status",
            "action_date", "is_public",
        ]  # fmt: skip
        widgets = {
            "action_date": DateInput(),
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "you_said_cy": forms.Textarea(attrs={"rows": 3}),
            "we_did": forms.Textarea(attrs={"rows": 3}),
            "we_did_cy": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, area: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(area=area)


class TensionForm(CrispyModelForm):
    class Meta:
        model = TensionAssessment
        fields = [
            "programme", "area", "title", "incident_date", "what_happened", "communities_affected",
            "vulnerable_groups", "tension_level", "confidence_assessment", "actions",
            "next_review_on", "status",
        ]  # fmt: skip
        widgets = {"incident_date": DateInput(), "next_review_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = coordinated_areas(user=user)
        self.fields["programme"].queryset = Programme.objects.filter(
            pk__in=coordinated_areas(user=user).values("programme_id")
        ) | coordinated_programmes(user=user)
        if self.instance.pk:
            self.fields["programme"].disabled = True

    def clean(self):
        data = super().clean()
        programme, area = data.get("programme"), data.get("area")
        if area is not None and programme is not None and area.programme_id != programme.pk:
            self.add_error("area", _("That area is not part of this programme."))
        elif (
            programme is not None
            and area is None
            and not self.user.has_perm(
                "engagement.change_tension", TensionAssessment(programme=programme)
            )
        ):
            self.add_error("area", _("Choose one of your areas."))
        return data
