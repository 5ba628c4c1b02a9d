from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from engagement.views.health import healthz
from engagement.views.pages import AccessibilityView, DashboardView, HomeView, PrivacyView

# The admin signs in through allauth's page, so its rate limits guard superusers' passwords too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("accessibility/", AccessibilityView.as_view(), name="accessibility"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("cafes/", include("cafes.urls")),
    # Voting first: at a PB event hundreds of phones hit these within minutes, and Django tries
    # patterns in order (the two apps' paths under /pb/ do not overlap).
    path("pb/", include("voting.urls")),
    path("pb/", include("budgeting.urls")),
    path("assets/", include("assets.urls")),
    path("reports/", include("reports.urls")),
    path("", include("engagement.urls")),
]

# Uploads are never served from /media/, not even with DEBUG on (``make run``): bid files,
# photos and generated PDFs go out only through their permission-checked views, as in production.
