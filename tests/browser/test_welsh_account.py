"""The account pages in Welsh, through the pages in Chromium at 1366 and 360 px with axe-core:
signing in (with a wrong password first), signing up (with a weak password first), the sign-in
code, a password reset whose Welsh email's link opens a Welsh page in a browser that has never
seen the site, and the error pages. The Welsh comes from the site's catalogue (django-allauth
ships none)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from engagement.account_strings import ALLAUTH_MSGIDS
from tests.factories import PASSWORD, UserFactory

from .sessions import sign_in

pytestmark = pytest.mark.browser

# allauth's English that must not be left on a Welsh page (one-word ones could be names).
ENGLISH = [msgid for msgid in ALLAUTH_MSGIDS if " " in msgid and "%" not in msgid]


def main_text(page) -> str:
    return page.get_by_role("main").inner_text()


def assert_welsh(page) -> None:
    assert page.locator("html").get_attribute("lang") == "cy"
    text = main_text(page)
    assert [english for english in ENGLISH if english in text] == []


@pytest.mark.parametrize("width", [1366, 360])
def test_welsh_sign_in_with_a_wrong_password_first(page, assert_accessible, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    UserFactory(email="rhian@example.org", name="Rhian")
    page.goto("/accounts/login/?lang=cy")
    main = page.get_by_role("main")
    assert main.get_by_role("heading", name="Mewngofnodi").is_visible()
    assert "Os nad oes gennych gyfrif eto, cofrestrwch yn gyntaf." in main_text(page)
    assert main.get_by_label("Cyfrinair").is_visible()
    assert main.get_by_label("Cofio fi").is_visible()
    assert main.get_by_role("link", name="Anfonwch god mewngofnodi ataf").is_visible()
    assert_welsh(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"cy-login-{width}.png", full_page=True)

    main.get_by_label("E-bost").fill("rhian@example.org")
    main.get_by_label("Cyfrinair").fill("nid dyma fo")
    main.get_by_role("button", name="Mewngofnodi").click()
    assert main.get_by_text(
        "Nid yw'r cyfeiriad e-bost neu'r cyfrinair a roesoch yn gywir."
    ).is_visible()
    assert_welsh(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"cy-login-error-{width}.png", full_page=True)

    main.get_by_label("Cyfrinair").fill(PASSWORD)
    main.get_by_role("button", name="Mewngofnodi").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text("Rydych wedi mewngofnodi fel Rhian").is_visible()
    assert page.locator("html").get_attribute("lang") == "cy"


def test_welsh_sign_up_and_sign_in_code(page, assert_accessible):
    page.goto("/accounts/signup/?lang=cy")
    main = page.get_by_role("main")
    assert main.get_by_role("heading", name="Cofrestru").is_visible()
    main.get_by_label("E-bost").fill("newydd@example.org")
    page.locator("#id_password1").fill("abc12")
    page.locator("#id_password2").fill("abc12")
    main.get_by_role("button", name="Cofrestru").click()
    # Django's password rules, which its own Welsh catalogue leaves in English.
    main.get_by_text("Mae'r cyfrinair hwn yn rhy fyr. Rhaid iddo gynnwys o leiaf 8 nod.").wait_for()
    assert_welsh(page)
    assert_accessible(page)

    UserFactory(email="dafydd@example.org")
    page.goto("/accounts/login/code/")
    assert main.get_by_role("heading", name="Mewngofnodi").is_visible()
    assert "Byddwch yn cael cod arbennig i fewngofnodi heb gyfrinair." in main_text(page)
    main.get_by_label("E-bost").fill("dafydd@example.org")
    main.get_by_role("button", name="Gofyn am god").click()
    page.wait_for_url(re.compile(r"/accounts/login/code/confirm/"))
    assert main.get_by_role("heading", name="Rhowch y cod mewngofnodi").is_visible()
    assert_welsh(page)
    assert_accessible(page)
    email = mail.outbox[-1]
    assert email.subject == "Common Ground: Cod mewngofnodi"
    assert "Mae eich cod mewngofnodi isod." in email.body
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", email.body, re.M).group(1)
    main.get_by_label("Cod").fill(code)
    main.get_by_role("button", name="Cadarnhau").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text("Rydych wedi mewngofnodi fel").is_visible()


@pytest.mark.parametrize("width", [1366, 360])
def test_welsh_password_reset_email_opens_a_welsh_page(
    page, browser, live_server, assert_accessible, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    UserFactory(email="gareth@example.org", preferred_language="cy")
    page.goto("/accounts/password/reset/?lang=cy")
    main = page.get_by_role("main")
    assert main.get_by_role("heading", name="Ailosod cyfrinair").is_visible()
    assert_welsh(page)
    assert_accessible(page)
    main.get_by_label("E-bost").fill("gareth@example.org")
    main.get_by_role("button", name="Ailosod fy nghyfrinair").click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/done/"))
    assert "Rydym wedi anfon e-bost atoch." in main_text(page)
    assert_welsh(page)
    assert_accessible(page)

    email = mail.outbox[-1]
    assert email.subject == "Common Ground: E-bost ailosod cyfrinair"
    assert email.body.startswith("Helo,")
    assert "Dilynwch y ddolen isod i ailosod eich cyfrinair." in email.body
    assert email.extra_headers["Content-Language"] == "cy"
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", email.body).group(0)

    # A browser that has never been here and asks for English still gets Welsh from the link.
    fresh = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    try:
        other = fresh.new_page()
        other.goto(link)
        other_main = other.get_by_role("main")
        assert other_main.get_by_role("heading", name="Newid cyfrinair").is_visible()
        assert_welsh(other)
        assert_accessible(other)
        other.screenshot(path=tmp_path / f"cy-reset-key-{width}.png", full_page=True)
        other.locator("#id_password1").fill("cyfrinair-newydd-hir-iawn-7")
        other.locator("#id_password2").fill("cyfrinair-newydd-hir-iawn-7")
        other_main.get_by_role("button", name="Newid cyfrinair").click()
        other.wait_for_url(re.compile(r"/accounts/password/reset/key/done/"))
        assert "Mae eich cyfrinair wedi newid." in other_main.inner_text()
        assert_welsh(other)
        assert_accessible(other)
    finally:
        fresh.close()


def test_welsh_error_pages(page, live_server, assert_accessible):
    response = page.goto("/dim-yma/?lang=cy")
    assert response.status == 404
    assert page.get_by_role("heading", name="Heb ddod o hyd i'r dudalen").is_visible()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert_accessible(page)
    sign_in(page, live_server, UserFactory())
    response = page.goto("/reports/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Ni allwch weld y dudalen hon").is_visible()
    assert_accessible(page)
