"""How the account pages (django-allauth) fit the site: staff land on their dashboard."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        # A ``next`` address (an invitation link, say) still wins: allauth reads it first.
        if request.user.has_perm("engagement.view_dashboard"):
            return reverse("dashboard")
        return super().get_login_redirect_url(request)
