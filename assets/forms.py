"""Forms of the assets app. They parse and check input; the services apply the domain rules."""

from __future__ import annotations

import datetime as dt

from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.forms import CrispyForm, CrispyModelForm, DateInput, PlainTextForm
from engagement.models import Area, Programme

from .geo import normalise_postcode, postcode_place, postcode_point
from .import_checks import UkDateField, import_row_problems
from .models import (
    AbcdCategory,
    Audience,
    ContactLogEntry,
    ContactPreference,
    Frequency,
    Match,
    Need,
    Offer,
    OffererKind,
    OfferKind,
    Subcategory,
)
from .postcodes.words import place_note, unknown_postcode_message
from .selectors import (
    OfferFilters,
    offerable_subcategories,
    searchable_subcategories,
    subcategory_choices,
)
from .suggestions import DAYS


def _split(value: str, seps: str = ",;") -> list[str]:
    for sep in seps[1:]:
        value = value.replace(sep, seps[0])
    return [v.strip() for v in value.split(seps[0]) if v.strip()]


class PostcodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalise_postcode(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a UK postcode such as PE25 3AB, or a district such as PE25."),
                code="postcode",
            ) from None


class OfferForm(CrispyModelForm):
    """The fast offer form: what, who, where, when, sharing. Short enough for a phone at a café
    table; everything but the first few fields is optional."""

    submit_label = _("Save the offer")

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Words that help people find it, separated by commas."),
    )
    share_with = forms.MultipleChoiceField(
        label=_("Who may see this offer?"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For offers from individuals. Nothing from an individual is ever shown publicly; "
            "only the partner types ticked here see it, until the date below."
        ),
    )
    involves_vulnerable = forms.BooleanField(
        label=_("It involves children or adults at risk"),
        required=False,
        help_text=_("A coordinator checks safeguarding before anybody else sees it."),
    )
    postcode = PostcodeField(label=_("Postcode"))

    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "description",
            "offerer_kind",
            "offerer_name",
            "area",
            "postcode",
            "contact_preference",
            "contact_email",
            "contact_phone",
            "frequency",
            "schedule",
            "available_from",
            "available_until",
            "capacity",
            "insured",
            "dbs_checked",
            "accessible_venue",
            "category",
            "subcategory",
            "is_public",
            "consent_until",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "offerer_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "available_from": DateInput(),
            "available_until": DateInput(),
            "consent_until": DateInput(),
        }
        labels = {"is_public": _("Show publicly (organisations only)")}

    def __init__(self, *args, areas, programme: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["category"].required = False
        self.fields["category"].help_text = _(
            "Leave empty and we will choose from what is offered."
        )
        self.fields["subcategory"].queryset = offerable_subcategories(
            areas=areas, keep=self.instance.subcategory_id
        )
        self.fields["consent_until"].help_text = _("For individuals: share until this date.")
        self.fields["contact_phone"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel"}
        )
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        if self.instance.pk:
            self.initial.setdefault("share_with", self.instance.audiences)
            self.initial.setdefault("tags", ", ".join(t.name for t in self.instance.tags.all()))
        elif "consent_until" not in self.initial:
            self.initial["consent_until"] = timezone.localdate() + dt.timedelta(days=365)
        self.helper.layout = Layout(
            Fieldset(_("What is offered"), "kind", "title", "description", "tags"),
            Fieldset(
                _("Who is offering"),
                "offerer_kind",
                "offerer_name",
                "contact_preference",
                "contact_email",
                "contact_phone",
            ),
            Fieldset(_("Where"), "area", "postcode"),
            Fieldset(
                _("When and how much"),
                "frequency",
                "schedule",
                Div(
                    Div("available_from", css_class="col-sm-6"),
                    Div("available_until", css_class="col-sm-6"),
                    css_class="row",
                ),
                "capacity",
            ),
            Fieldset(
                _("Conditions"), "insured", "dbs_checked", "accessible_venue", "involves_vulnerable"
            ),
            Fieldset(_("Sharing"), Field("share_with"), "consent_until", "is_public"),
            Fieldset(_("Classification (optional)"), "category", "subcategory"),
        )

    def clean(self):
        data = super().clean()
        if data.get("offerer_kind") == OffererKind.INDIVIDUAL and data.get("is_public"):
            self.add_error("is_public", _("Offers from individuals are never shown publicly."))
        sub, area = data.get("subcategory"), data.get("area")
        if sub and area and sub.programme_id not in (None, area.programme_id):
            self.add_error(
                "subcategory", _("That subcategory belongs to another programme than the area.")
            )
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["tags"] = _split(data.pop("tags", "") or "")
        return data


class SafeguardingCheckForm(CrispyForm):
    submit_label = _("Record the check")

    outcome = forms.ChoiceField(
        label=_("Outcome of the check"),
        choices=[
            ("cleared", _("Cleared: it may be shared")),
            ("refused", _("Not to be shared")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What was checked"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: DBS certificate seen, references taken, group's policy read."),
    )


class OrganisationCheckForm(CrispyForm):
    submit_label = _("Record the check and publish")

    confirmed = forms.BooleanField(
        label=_("I checked that this organisation exists and offers this"),
        required=False,
    )
    contact_is_organisations = forms.BooleanField(
        label=_("The contact details are the organisation's, not a private person's"),
        required=False,
    )


class SafeguardingQueueForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All my areas")
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class OfferConfirmForm(CrispyForm):
    """Drawn inside the page's own form, which has the two buttons."""

    submit_label = None

    consent_until = forms.DateField(
        label=_("Share until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave as it is, or choose a later date to keep sharing your offer."),
    )

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer.is_individual:
            del self.fields["consent_until"]
        else:
            self.initial.setdefault("consent_until", offer.consent_until)
        self.helper.form_tag = False


class OfferSearchForm(forms.Form):
    """The GET search form of the list and map pages; every field optional."""

    SORTS = [
        ("", _("Best match")),
        ("distance", _("Nearest first")),
        ("newest", _("Newest first")),
        ("expiring", _("Expiring soon")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Any area")
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Any category")), *AbcdCategory.choices],
        required=False,
    )
    subcategory = forms.ModelChoiceField(
        label=_("Subcategory"),
        queryset=Subcategory.objects.none(),
        required=False,
        empty_label=_("Any subcategory"),
    )
    kind = forms.ChoiceField(
        label=_("What"), choices=[("", _("Anything")), *OfferKind.choices], required=False
    )
    offerer = forms.ChoiceField(
        label=_("From"),
        choices=[
            ("", _("Anyone")),
            ("organisations", _("Organisations")),
            ("individuals", _("Individuals")),
        ],
        required=False,
    )
    available = forms.ChoiceField(
        label=_("Available"),
        choices=[("", _("Any time")), ("now", _("Now")), ("month", _("Within a month"))],
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=[("", _("Any")), *Frequency.choices], required=False
    )
    insured = forms.BooleanField(label=_("Insured"), required=False)
    dbs_checked = forms.BooleanField(label=_("DBS-checked"), required=False)
    accessible_venue = forms.BooleanField(label=_("Accessible venue"), required=False)
    near = PostcodeField(label=_("Near postcode"))
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    within_km = forms.ChoiceField(
        label=_("Within"),
        choices=[
            ("", _("Any distance")),
            ("2", "2 km"),
            ("5", "5 km"),
            ("10", "10 km"),
            ("25", "25 km"),
        ],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Order"), choices=SORTS, required=False)

    near_place = None  # where "near" is, once cleaned (assets.postcodes.lookup.Place)
    near_note = ""  # a sentence when distances are not from that very postcode

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["subcategory"].queryset = searchable_subcategories(areas=areas)

    def clean(self):
        data = super().clean()
        near = data.get("near") or ""
        self.near_place = postcode_place(near) if near else None
        if near and self.near_place is None:
            self.add_error("near", unknown_postcode_message(near))
        self.near_note = place_note(near, self.near_place)
        return data

    def to_filters(self) -> OfferFilters:
        d = self.cleaned_data if self.is_valid() else {}
        near = None
        if d.get("lat") is not None and d.get("lon") is not None:
            near = (d["lat"], d["lon"])
        elif d.get("near") and self.near_place is not None:
            near = self.near_place.point
        return OfferFilters(
            q=d.get("q", ""),
            area=d.get("area"),
            category=d.get("category", ""),
            subcategory=d.get("subcategory"),
            kind=d.get("kind", ""),
            offerer=d.get("offerer", ""),
            available=d.get("available", ""),
            frequency=d.get("frequency", ""),
            insured=d.get("insured", False),
            dbs_checked=d.get("dbs_checked", False),
            accessible_venue=d.get("accessible_venue", False),
            near=near,
            within_km=float(d["within_km"]) if d.get("within_km") and near else None,
            sort=d.get("sort", ""),
        )


class OfferImportForm(CrispyForm):
    submit_label = _("Check and import")

    DUPLICATES = [
        ("stop", _("Import nothing and show me those rows")),
        ("skip", _("Leave those rows out and import the rest")),
        ("import", _("Import them too")),
    ]

    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("For rows with no 'area' column, or every row if you tick the box below."),
    )
    use_chosen_area = forms.BooleanField(
        label=_("Use the choice above for every row, even where the file names another"),
        required=False,
    )
    duplicates = forms.ChoiceField(
        label=_("If a row looks like an offer already in the directory"),
        choices=DUPLICATES,
        initial="stop",
        required=False,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV with a header row; see the column list below."),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        only = list(areas[:2])
        if len(only) == 1:
            self.initial.setdefault("area", only[0].pk)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean(self):
        data = super().clean()
        data["duplicates"] = data.get("duplicates") or "stop"
        if data.get("use_chosen_area") and not data.get("area"):
            self.add_error("area", _("Choose the area to put every row in."))
        return data


_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


class OfferImportRowForm(PlainTextForm):
    """One CSV row. Choice columns take the stored value or the English label, any case;
    yes/no columns take yes/no, true/false, 1/0 or blank; lists are separated by ';'."""

    title = forms.CharField(max_length=150)
    kind = forms.CharField()
    offerer_kind = forms.CharField()
    offerer_name = forms.CharField(max_length=200)
    description = forms.CharField(required=False)
    category = forms.CharField(required=False)
    subcategory = forms.CharField(required=False)
    tags = forms.CharField(required=False)
    contact_email = forms.EmailField(required=False)
    contact_phone = forms.CharField(required=False, max_length=40)
    contact_preference = forms.CharField(required=False)
    postcode = PostcodeField()
    frequency = forms.CharField(required=False)
    schedule = forms.CharField(required=False, max_length=200)
    available_from = UkDateField()
    available_until = UkDateField()
    capacity = forms.CharField(required=False, max_length=120)
    insured = forms.CharField(required=False)
    dbs_checked = forms.CharField(required=False)
    accessible_venue = forms.CharField(required=False)
    involves_vulnerable = forms.CharField(required=False)
    is_public = forms.CharField(required=False)
    share_with = forms.CharField(required=False)
    consent_until = UkDateField()
    area = forms.CharField(required=False, max_length=200)

    CHOICES = {
        "kind": OfferKind,
        "offerer_kind": OffererKind,
        "category": AbcdCategory,
        "contact_preference": ContactPreference,
        "frequency": Frequency,
    }
    BOOLEANS = ("insured", "dbs_checked", "accessible_venue", "involves_vulnerable", "is_public")

    @classmethod
    def required_columns(cls) -> list[str]:
        return ["title", "kind", "offerer_kind", "offerer_name"]

    @classmethod
    def columns(cls) -> list[str]:
        return list(cls.base_fields)

    def __init__(self, *args, area: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area

    def _choice(self, name: str):
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return ""
        enum = self.CHOICES[name]
        for value, label in enum.choices:
            if raw.lower() in (value, str(label).lower()):
                return value
        raise forms.ValidationError(
            _("'%(value)s' is not one of: %(choices)s.")
            % {"value": raw, "choices": ", ".join(enum.values)}
        )

    def clean_kind(self):
        return self._choice("kind")

    def clean_offerer_kind(self):
        return self._choice("offerer_kind")

    def clean_category(self):
        return self._choice("category")

    def clean_contact_preference(self):
        return self._choice("contact_preference") or ContactPreference.EMAIL

    def clean_frequency(self):
        return self._choice("frequency") or Frequency.ONE_OFF

    def _bool(self, name: str) -> bool:
        raw = (self.cleaned_data.get(name) or "").strip().lower()
        if raw in _YES:
            return True
        if raw in _NO:
            return False
        raise forms.ValidationError(_("Write yes or no."))

    def clean_insured(self):
        return self._bool("insured")

    def clean_dbs_checked(self):
        return self._bool("dbs_checked")

    def clean_accessible_venue(self):
        return self._bool("accessible_venue")

    def clean_involves_vulnerable(self):
        return self._bool("involves_vulnerable")

    def clean_is_public(self):
        return self._bool("is_public")

    def clean_share_with(self):
        values = [v.lower() for v in _split(self.cleaned_data.get("share_with") or "", ";,")]
        unknown = [v for v in values if v not in Audience.values]
        if unknown:
            raise forms.ValidationError(
                _("Unknown partner type %(value)s; use %(choices)s.")
                % {"value": ", ".join(unknown), "choices": ", ".join(Audience.values)}
            )
        return values

    def clean_tags(self):
        return _split(self.cleaned_data.get("tags") or "", ";,")

    def clean_subcategory(self):
        raw = (self.cleaned_data.get("subcategory") or "").strip()
        if not raw:
            return None
        qs = subcategory_choices(programme=self.area.programme)
        sub = qs.filter(slug=raw.lower()).first() or qs.filter(name__iexact=raw).first()
        if sub is None:
            raise forms.ValidationError(_("Unknown subcategory '%(value)s'.") % {"value": raw})
        if sub.retired_at is not None:
            raise forms.ValidationError(
                _("The subcategory '%(value)s' is retired; choose another.") % {"value": raw}
            )
        return sub

    def clean(self):
        data = super().clean()
        sub = data.get("subcategory")
        if sub and not data.get("category"):
            data["category"] = sub.category
        # The rules the service would refuse one at a time, checked here all at once so the
        # importer sees every problem of the row in one upload.
        for name, message in import_row_problems(data, given=self.data):
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("area", None)
        return data


class NeedForm(CrispyModelForm):
    """A need, with where, on which days and for how many, so suggestions can rank by them."""

    link_url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    postcode = PostcodeField(
        label=_("Postcode"), help_text=_("Where it is needed; nearer offers are suggested first.")
    )
    days = forms.MultipleChoiceField(
        label=_("Days it is needed on"),
        choices=DAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    size = forms.IntegerField(
        label=_("How many people"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("For a venue or an activity: how many people it is for."),
    )

    class Meta:
        model = Need
        fields = [
            "area",
            "title",
            "description",
            "kind",
            "wanted_kind",
            "wanted_category",
            "postcode",
            "days",
            "size",
            "link_url",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        if self.instance.pk:
            # Stored as "mon,thu"; the checkboxes want a list.
            self.initial["days"] = [d for d in self.instance.days.split(",") if d]
        if not self.instance.pk:
            del self.fields["status"]
            only = list(areas[:2])
            if len(only) == 1:
                self.initial.setdefault("area", only[0].pk)

    def clean_postcode(self):
        postcode = self.cleaned_data.get("postcode", "")
        if postcode and postcode_point(postcode) is None:
            raise forms.ValidationError(
                _("We do not know where that postcode is yet; try its district, e.g. PE25.")
            )
        return postcode

    def clean_days(self):
        chosen = set(self.cleaned_data.get("days") or [])
        return ",".join(code for code, _label in DAYS if code in chosen)


class MatchUpdateForm(CrispyModelForm):
    submit_label = _("Update the match")

    class Meta:
        model = Match
        fields = ["status", "outcome"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = "?form=status"


class ContactLogForm(CrispyModelForm):
    submit_label = _("Add to the contact log")

    class Meta:
        model = ContactLogEntry
        fields = ["method", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"method": _("How you got in touch"), "note": _("What was said")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = "?form=contact"


__all__ = [
    "ContactLogForm",
    "MatchUpdateForm",
    "NeedForm",
    "OfferConfirmForm",
    "OfferForm",
    "OfferImportForm",
    "OfferImportRowForm",
    "OfferSearchForm",
    "SafeguardingCheckForm",
]
