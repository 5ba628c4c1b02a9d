from django.urls import path

from .urls_events import urlpatterns as event_urlpatterns
from .views import account, programmes

app_name = "engagement"

urlpatterns = [
    path("programmes/", programmes.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/new/", programmes.ProgrammeCreateView.as_view(), name="programme_create"),
    path(
        "programmes/<slug:slug>/", programmes.ProgrammeDetailView.as_view(), name="programme_detail"
    ),
    path(
        "programmes/<slug:slug>/edit/",
        programmes.ProgrammeUpdateView.as_view(),
        name="programme_update",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/new/",
        programmes.AreaCreateView.as_view(),
        name="area_create",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:slug>/",
        programmes.AreaDetailView.as_view(),
        name="area_detail",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:slug>/edit/",
        programmes.AreaUpdateView.as_view(),
        name="area_update",
    ),
    path("account/data/", account.MyDataView.as_view(), name="my_data"),
    path("account/data/download/", account.MyDataDownloadView.as_view(), name="my_data_download"),
    path("account/data/erase/", account.MyDataEraseView.as_view(), name="my_data_erase"),
]

urlpatterns += event_urlpatterns
