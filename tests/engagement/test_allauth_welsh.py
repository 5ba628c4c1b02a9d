"""allauth's words reach our Welsh catalogue, and its emails go out in the recipient's language
with links that open the page in that language.

Welsh text itself is checked in ``tests/browser/test_welsh_account.py``; these tests hold
without it: the list of allauth msgids against the installed allauth, and the language of the
email and its links."""

from __future__ import annotations

import gettext
import html
import json
import re
from pathlib import Path

import allauth
import django
import pytest
from django.core import mail
from django.urls import reverse

from engagement.account_strings import ALLAUTH_MSGIDS, DJANGO_MSGIDS, DJANGO_PLURALS
from engagement.models import User
from tests.factories import PASSWORD, UserFactory


def msgids(package, *parts: str) -> set[str]:
    # The German catalogues are complete (the tests below would fail loudly if one were not):
    # their keys are every msgid the package uses.
    path = Path(package.__file__).parent.joinpath(
        *parts, "locale", "de", "LC_MESSAGES", "django.mo"
    )
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    return {key if isinstance(key, str) else key[0] for key in catalogue._catalog if key}


def allauth_msgids() -> set[str]:
    return msgids(allauth)


def django_msgids() -> set[str]:
    """Every msgid of Django's core and auth app, from their English catalogues (the ones
    Django regenerates on each release; their German ones lag behind)."""
    found = set()
    for parts in (("conf",), ("contrib", "auth")):
        path = Path(django.__file__).parent.joinpath(*parts, "locale", "en", "LC_MESSAGES")
        text = (path / "django.po").read_text(encoding="utf-8")
        for block in re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M):
            found.add("".join(json.loads(line) for line in block.splitlines()))
    return found


def text_nodes(response) -> list[str]:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    nodes = (" ".join(html.unescape(node).split()) for node in re.split(r"<[^>]+>", body))
    return [node for node in nodes if node]


def shows(nodes: list[str], msgid: str) -> bool:
    """A one-word msgid ("Create") counts only as a whole piece of text: as part of a longer
    one it is likely our own words ("Create an account")."""
    if " " not in msgid:
        return msgid in nodes
    return any(re.search(rf"(?<!\w){re.escape(msgid)}(?!\w)", node) for node in nodes)


def test_every_listed_msgid_is_one_allauth_or_django_still_uses():
    assert sorted(set(ALLAUTH_MSGIDS) - allauth_msgids()) == []
    assert len(ALLAUTH_MSGIDS) == len(set(ALLAUTH_MSGIDS))
    ours = set(DJANGO_MSGIDS) | {plural._kw["singular"] for plural in DJANGO_PLURALS}
    assert sorted(ours - django_msgids()) == []


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_request_login_code",
]
SIGNED_IN_PAGES = ["account_email", "account_change_password", "account_logout"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANONYMOUS_PAGES + SIGNED_IN_PAGES)
def test_every_allauth_sentence_on_our_account_pages_is_listed(client, name):
    if name in SIGNED_IN_PAGES:
        client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    nodes = text_nodes(response)
    listed = sorted(ALLAUTH_MSGIDS, key=len, reverse=True)
    assert any(shows(nodes, msgid) for msgid in listed), "is this allauth's page at all?"
    # What is left once the listed texts are taken out ("email address" is part of a listed
    # sentence). Texts with placeholders or markup are listed by hand; plain ones are found here.
    for msgid in listed:
        nodes = [node.replace(msgid, " ").strip() for node in nodes]
    unlisted = {
        msgid
        for msgid in allauth_msgids() - set(ALLAUTH_MSGIDS)
        if "%" not in msgid and "<" not in msgid and shows(nodes, msgid)
    }
    assert sorted(unlisted) == []


@pytest.mark.django_db
def test_a_link_language_opens_the_page_in_it_and_stays(client):
    response = client.get(reverse("account_login") + "?lang=cy")
    assert '<html lang="cy">' in response.content.decode()
    assert response.cookies["django_language"].value == "cy"
    # The next page, with no parameter, is still Welsh (the cookie); an unknown code is ignored.
    assert '<html lang="cy">' in client.get(reverse("account_signup")).content.decode()
    response = client.get(reverse("account_signup") + "?lang=xx")
    assert '<html lang="cy">' in response.content.decode()
    assert "django_language" not in response.cookies


@pytest.mark.django_db
def test_password_reset_email_is_in_the_account_language_with_a_welsh_link(client):
    user = UserFactory(email="gwen@example.org", preferred_language="cy")
    # Asked for from an English page: the email follows the account's language, not the page.
    response = client.post(reverse("account_reset_password"), {"email": "GWEN@example.org"})
    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["GWEN@example.org"] or email.to == [user.email]
    assert email.extra_headers["Content-Language"] == "cy"
    assert email.subject.startswith("Common Ground: ")
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", email.body).group(0)
    assert link.endswith("?lang=cy")


@pytest.mark.django_db
def test_code_email_without_a_chosen_language_follows_the_page(client):
    UserFactory(email="rhys@example.org")
    client.get(reverse("account_request_login_code") + "?lang=cy")
    client.post(reverse("account_request_login_code"), {"email": "rhys@example.org"})
    (email,) = mail.outbox
    assert email.extra_headers["Content-Language"] == "cy"
    assert "Common Ground" in email.body and "Hello from" not in email.body


@pytest.mark.django_db
def test_a_new_account_keeps_the_language_it_signed_up_in(client):
    client.get(reverse("account_signup") + "?lang=cy")
    client.post(
        reverse("account_signup"),
        {"email": "newydd@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="newydd@example.org").preferred_language == "cy"
    (email,) = mail.outbox  # the verification code, in Welsh too
    assert email.extra_headers["Content-Language"] == "cy"
