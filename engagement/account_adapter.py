"""django-allauth's adapter: how the account pages fit the site.

The sign-in limits count the real client (``engagement.network``) and lock an account out only
for the address its wrong passwords came from. Behind a proxy allauth would otherwise see one
address for every visitor, so ten wrong passwords from anyone would stop everyone signing in.
Keying the per-account limit on the account *and* the address means a stranger cannot lock a
coordinator out of their own account from elsewhere; a guesser still gets five tries per
account every five minutes per address, and ten failures a minute per address in all
(``ACCOUNT_RATE_LIMITS["login_failed"]``). Staff land on their dashboard after signing in.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

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
