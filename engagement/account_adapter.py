"""django-allauth's adapter: how the account pages fit the site.

The sign-in limits count the real client (``engagement.network``) and lock an account out only
for the address its wrong passwords came from. Behind a proxy allauth would otherwise see one
address for every visitor, so ten wrong passwords from anyone would stop everyone signing in.
Keying the per-account limit on the account *and* the address means a stranger cannot lock a
coordinator out of their own account from elsewhere; a guesser still gets five tries per
account every five minutes per address, and ten failures a minute per address in all
(``ACCOUNT_RATE_LIMITS["login_failed"]``). Staff land on their dashboard after signing in.

allauth's emails go out in the recipient's language: the one their account chose, else the
one the page was in when they asked (a reset requested from a Welsh page is Welsh), and every
link in them carries that language (``engagement.languages``). A new account keeps the language
it signed up in.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from .languages import language_code, link_in_language
from .network import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_address(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_address(request)}"

    def get_login_redirect_url(self, request):
        # A ``next`` address (an invitation link, say) still wins: allauth reads it first.
        if request.user.has_perm("engagement.view_dashboard"):
            return reverse("dashboard")
        return super().get_login_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        if not user.preferred_language:
            user.preferred_language = language_code(translation.get_language()) or ""
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        language = recipient_language(email)
        context = {
            key: link_in_language(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        # GOV.UK Notify picks its Welsh or English template from this header.
        message.extra_headers["Content-Language"] = translation.get_language()
        return message

    def format_email_subject(self, subject: str) -> str:
        # allauth would prefix "[host:port]"; the site's name reads better in any language.
        return f"Common Ground: {subject}"


def recipient_language(email: str) -> str:
    """The language the account with ``email`` chose, else the one active now."""
    from .models import User

    chosen = (
        User.objects.filter(
            Q(email__iexact=email) | Q(emailaddress__email__iexact=email),
            preferred_language__gt="",
        )
        .values_list("preferred_language", flat=True)
        .first()
    )
    return (
        language_code(chosen) or language_code(translation.get_language()) or settings.LANGUAGE_CODE
    )
