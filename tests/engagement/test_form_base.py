"""The form base every app uses: plain text only, ``novalidate``, the error summary; and the
policy that every form with free text is built on it."""

import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from engagement.forms import CrispyForm, PlainTextMixin
from engagement.forms.base import LONG_TEXT_LIMIT, is_free_text
from engagement.validators import validate_plain_text
from tests.factories import UserFactory


@pytest.mark.parametrize(
    "text",
    ["<b>bold</b>", "<script>alert(1)</script>", "a <a href='x'>link</a>", "</p>", "<!-- x -->"],
)
def test_html_is_refused_with_a_clear_message(text):
    with pytest.raises(ValidationError) as caught:
        validate_plain_text(text)
    assert caught.value.code == "html"
    assert "plain text only" in caught.value.messages[0]


@pytest.mark.parametrize("value", ["", "I <3 the park", "age < 18 and > 12", "a<b", 1200, None])
def test_plain_text_and_values_that_are_not_text_pass(value):
    validate_plain_text(value)


class _Example(CrispyForm):
    submit_label = "Send it"

    title = forms.CharField(label="Title")
    email = forms.EmailField(label="Email", required=False)
    count = forms.IntegerField(label="How many", required=False)

    def clean(self):
        data = super().clean()
        if data.get("count") == 13:
            raise forms.ValidationError("Not thirteen.")
        return data


def _render(form) -> str:
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_a_form_on_the_base_refuses_html_in_its_text_fields_only():
    form = _Example({"title": "<i>Hello</i>", "email": "a@example.org", "count": "2"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    assert validate_plain_text in form.fields["title"].validators
    assert validate_plain_text not in form.fields["email"].validators


def test_the_base_draws_novalidate_the_button_and_the_error_summary():
    page = _render(_Example({"title": "", "count": "13"}))
    assert "novalidate" in page and 'value="Send it"' in page
    assert "There is a problem" in page
    assert '<a href="#id_title">Title: This field is required.</a>' in page
    # The non-field error is listed once, in the summary (not again in an alert below it).
    assert page.count("Not thirteen.") == 1
    assert page.index("There is a problem") < page.index("<form")


def test_free_text_without_a_limit_of_its_own_gets_one_with_a_clear_message():
    class Notes(CrispyForm):
        note = forms.CharField(widget=forms.Textarea)
        line = forms.CharField()
        title = forms.CharField(max_length=20)

    form = Notes({"note": "x" * (LONG_TEXT_LIMIT + 1), "line": "y" * 1001, "title": "z" * 21})
    assert not form.is_valid()
    assert form.errors["note"] == [
        f"Please shorten this to {LONG_TEXT_LIMIT} characters or fewer (it has "
        f"{LONG_TEXT_LIMIT + 1})."
    ]
    assert "1000 characters or fewer" in form.errors["line"][0]
    assert form.errors["title"] == [
        "Please shorten this to 20 characters or fewer (it has 21)."
    ]  # one message, not Django's as well
    assert Notes({"note": "x" * LONG_TEXT_LIMIT, "line": "ok", "title": "ok"}).is_valid()


def test_a_text_field_that_cleans_to_something_else_is_not_measured():
    class Ids(CrispyForm):
        client_id = forms.UUIDField()

    assert Ids({"client_id": "12345678-1234-5678-1234-567812345678"}).is_valid()


def test_a_model_text_field_gets_the_limit_on_its_model_form(db):
    from engagement.forms.events import TensionForm

    form = TensionForm(user=UserFactory())
    assert form.fields["what_happened"].max_length == LONG_TEXT_LIMIT
    assert form.fields["title"].max_length == 200  # its own limit stays


def test_a_valid_or_unbound_form_has_no_summary():
    assert "There is a problem" not in _render(_Example())
    assert "novalidate" in _render(_Example())


def test_a_form_without_a_button_when_the_page_draws_its_own():
    class Inside(_Example):
        submit_label = None

    form = Inside()
    form.helper.form_tag = False
    page = _render(form)
    assert "<form" not in page and 'type="submit"' not in page


# --- Every form with free text is on the base ---------------------------------------------------

APPS = ("engagement", "cafes", "assets", "budgeting", "voting", "reports")

# Forms with text fields that are not on the base, and why that is right.
NOT_PLAIN_TEXT = {
    # Search boxes and codes: what is typed is looked up, never stored or shown to anyone.
    "engagement.forms.events.CheckInForm",
    "engagement.forms.events.ActivityFilterForm",
    "assets.forms.OfferSearchForm",
    "budgeting.forms.EligibilityQueryForm",  # the as-you-type check; the bid step form saves
    # The ballot, on the casting hot path: its only text field is the hidden voting code,
    # which is checked against the stored codes and never shown.
    "voting.forms.BallotForm",
    # The Census import's confirmation: a hidden copy of the file just uploaded, read and
    # checked again by the import and never shown.
    "engagement.forms.census.CensusConfirmForm",
}


def _our_forms() -> list[type[forms.BaseForm]]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            # Forms live in forms modules (forms.py, forms_setup.py, the forms package) and,
            # for a one-field confirmation, beside their view.
            parts = module.name.split(".")[1:]
            if any(part.startswith("forms") or part == "views" for part in parts):
                importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return found


def test_every_form_that_takes_free_text_refuses_html():
    checked, missing = 0, []
    for cls in _our_forms():
        name = f"{cls.__module__}.{cls.__qualname__}"
        if not any(is_free_text(f) for f in cls.base_fields.values()):
            continue
        checked += 1
        if not issubclass(cls, PlainTextMixin) and name not in NOT_PLAIN_TEXT:
            missing.append(name)
    assert missing == []
    assert checked > 40  # the walk found the apps' forms (cafés, assets, bids, events...)
