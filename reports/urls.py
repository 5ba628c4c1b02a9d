from django.urls import path

from . import views

app_name = "reports"

EXPORT = "export/<str:kind>"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    path("documents/<int:pk>/status/", views.DocumentStatusView.as_view(), name="document_status"),
    path(
        "documents/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path(
        "documents/<int:pk>/regenerate/",
        views.DocumentRegenerateView.as_view(),
        name="document_regenerate",
    ),
    path("votes/<int:pk>/pabulib/", views.VotePabulibView.as_view(), name="vote_pabulib"),
    path("<slug:programme_slug>/", views.DashboardView.as_view(), name="programme_dashboard"),
    path("<slug:programme_slug>/report/", views.ReportWebView.as_view(), name="programme_web"),
    path(
        "<slug:programme_slug>/areas/<slug:area_slug>/report/",
        views.ReportWebView.as_view(),
        name="area_web",
    ),
    path(
        "<slug:programme_slug>/request/",
        views.ReportRequestView.as_view(),
        name="programme_request",
    ),
    path(f"<slug:programme_slug>/{EXPORT}/", views.ExportView.as_view(), name="programme_export"),
    path(
        "<slug:programme_slug>/areas/<slug:area_slug>/",
        views.DashboardView.as_view(),
        name="area_dashboard",
    ),
    path(
        "<slug:programme_slug>/areas/<slug:area_slug>/request/",
        views.ReportRequestView.as_view(),
        name="area_request",
    ),
    path(
        f"<slug:programme_slug>/areas/<slug:area_slug>/{EXPORT}/",
        views.ExportView.as_view(),
        name="area_export",
    ),
]
