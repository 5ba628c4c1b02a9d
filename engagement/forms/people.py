"""Forms of the People pages: invite someone, change a role, accept an invitation."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from ..models import Area, HostProfile, Partner, Programme, Role
from ..roles import role_label
from ..services.roles import grantable_roles
from .base import CrispyForm, DateInput


def role_choices(user, programme: Programme, area: Area | None) -> list[tuple[str, str]]:
    return [
        (r, role_label(r, programme)) for r in grantable_roles(user, programme=programme, area=area)
    ]


class InviteForm(CrispyForm):
    submit_label = _("Send the invitation")

    email = forms.EmailField(label=_("Email address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("The whole programme"),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("Needed for the partner role."),
    )
    language = forms.ChoiceField(
        label=_("Language of the email"), choices=settings.LANGUAGES, initial="en"
    )

    def __init__(self, *args, user, programme: Programme, area: Area | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fixed_area = area
        if area is not None:
            del self.fields["area"]
            self.fields["role"].choices = role_choices(user, programme, area)
        else:
            self.fields["area"].queryset = programme.areas.all()
            # Any role a programme-wide coordinator may give, somewhere in the programme.
            self.fields["role"].choices = [(r, role_label(r, programme)) for r in Role.values]
        self.fields["partner"].queryset = Partner.objects.current().in_programme(programme)

    def clean(self):
        data = super().clean()
        if self.fixed_area is not None:
            data["area"] = self.fixed_area
        if data.get("role") == Role.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Choose the partner organisation this person works for."))
        if data.get("role") != Role.PARTNER:
            data["partner"] = None
        return data


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, user, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(user, assignment.programme, assignment.area)


class InvitationAccountForm(CrispyForm):
    """For someone invited who has no account yet: a name and a password."""

    submit_label = _("Create my account and accept")

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords are not the same."))
        elif one:
            from ..models import User

            try:
                validate_password(one, User(email=self.email, name=data.get("name", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class HostProfileForm(CrispyForm):
    submit_label = _("Save the host details")

    trained_on = forms.DateField(
        label=_("Trained on"),
        required=False,
        widget=DateInput(),
        help_text=_("When they completed table host training. Leave empty if not yet trained."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("A UK number; a mobile if they would like text messages."),
    )
    contact_by = forms.ChoiceField(
        label=_("Best way to reach them"),
        choices=HostProfile.ContactBy.choices,
        widget=forms.RadioSelect,
        initial=HostProfile.ContactBy.EMAIL,
    )
