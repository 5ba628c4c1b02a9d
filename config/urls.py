from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from engagement.views.health import healthz
from engagement.views.pages import AccessibilityView, DashboardView, HomeView, PrivacyView

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

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
