"""Home, sign-up and sign-in in real Chromium, each page scanned with axe-core."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from engagement.models import User
from tests.factories import PASSWORD, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.browser


def test_home_page_is_accessible_and_lists_programmes(page, assert_accessible):
    ProgrammeFactory(name="Lincolnshire pilot", description="Four towns talking.")
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Have your say, shape your area"
    assert page.get_by_role("link", name="Lincolnshire pilot").is_visible()
    assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_home_page_fits_a_320px_phone(phone_page, assert_accessible):
    phone_page.goto("/")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(phone_page)


def test_language_switcher_shows_welsh(page, assert_accessible):
    page.goto("/")
    page.get_by_role("button", name="Cymraeg").click()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.get_by_role("link", name="Hysbysiad preifatrwydd").is_visible()
    assert_accessible(page)


def test_sign_up_verifies_email_then_signs_in(page, assert_accessible, live_server):
    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.locator("#id_email, #id_login").first.fill("new.resident@example.org")
    page.locator("#id_password1").fill("abc12")
    page.locator("#id_password2").fill("abc12")
    page.get_by_role("button", name="Sign Up").click()
    # A weak password is refused with a clear message and no account is made.
    assert page.get_by_text("This password is too short").first.is_visible()
    assert_accessible(page)
    assert not User.objects.filter(email="new.resident@example.org").exists()

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    assert_accessible(page)
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/$|/dashboard/"))
    assert EmailAddress.objects.get(email="new.resident@example.org").verified
    assert page.get_by_role("link", name="My account").is_visible()


def test_sign_in_with_password_and_errors(page, assert_accessible):
    UserFactory(email="rita@example.org")
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("#id_email, #id_login").first.fill("rita@example.org")
    page.locator("#id_password").fill("wrong password")
    page.get_by_role("button", name="Sign In").click()
    assert page.get_by_text(
        "The email address and/or password you specified are not correct."
    ).is_visible()
    assert_accessible(page)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="My account").is_visible()


def _sign_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))


def test_coordinator_dashboard_and_programme_pages(page, assert_accessible):
    from engagement.models import Role
    from tests.factories import AreaFactory, user_with_role

    area = AreaFactory(name="Skegness")
    coordinator = user_with_role(Role.COORDINATOR, programme=area.programme)
    _sign_in(page, coordinator)
    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_role("heading", name="Your work").is_visible()
    assert page.get_by_role("link", name="Events and check-in").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=area.programme.name).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Add an area").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()  # empty form: errors, nothing saved
    assert page.locator(".invalid-feedback").first.is_visible()
    assert_accessible(page)
    page.locator("#id_name").fill("Sleaford")
    page.locator("#id_slug").fill("sleaford")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Area added.").is_visible()
    assert_accessible(page)


def test_resident_account_page_by_keyboard(page, assert_accessible):
    user = UserFactory()
    _sign_in(page, user)
    page.goto("/account/data/")
    assert_accessible(page)
    page.goto("/account/data/erase/")
    assert_accessible(page)
    page.get_by_role("button", name="Erase my account").click()  # not confirmed: refused
    assert page.locator(".invalid-feedback").first.is_visible()
    assert_accessible(page)
    assert User.objects.filter(pk=user.pk).exists()


def test_privacy_notice_and_accessibility_statement(page, assert_accessible):
    page.goto("/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    assert_accessible(page)
    page.goto("/accessibility/")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    assert_accessible(page)
