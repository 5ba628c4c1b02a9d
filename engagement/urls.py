from django.urls import path

from .urls_events import urlpatterns as event_urlpatterns
from .views import account, audit, hosts, partners, people, programmes

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
    path(
        "programmes/<slug:programme_slug>/people/",
        people.PeopleView.as_view(),
        name="programme_people",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:area_slug>/people/",
        people.PeopleView.as_view(),
        name="area_people",
    ),
    path(
        "programmes/<slug:programme_slug>/people/<int:pk>/remove/",
        people.RoleRemoveView.as_view(),
        name="programme_role_remove",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:area_slug>/people/<int:pk>/remove/",
        people.RoleRemoveView.as_view(),
        name="area_role_remove",
    ),
    path(
        "programmes/<slug:programme_slug>/people/<int:pk>/change/",
        people.RoleChangeView.as_view(),
        name="programme_role_change",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:area_slug>/people/<int:pk>/change/",
        people.RoleChangeView.as_view(),
        name="area_role_change",
    ),
    path(
        "programmes/<slug:programme_slug>/people/<int:pk>/host/",
        hosts.HostProfileView.as_view(),
        name="programme_host_profile",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:area_slug>/people/<int:pk>/host/",
        hosts.HostProfileView.as_view(),
        name="area_host_profile",
    ),
    path(
        "programmes/<slug:programme_slug>/people/invitations/<int:pk>/cancel/",
        people.InvitationCancelView.as_view(),
        name="programme_invitation_cancel",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:area_slug>/people/invitations/<int:pk>/cancel/",
        people.InvitationCancelView.as_view(),
        name="area_invitation_cancel",
    ),
    path(
        "programmes/<slug:programme_slug>/partners/",
        partners.PartnerListView.as_view(),
        name="partner_list",
    ),
    path(
        "programmes/<slug:programme_slug>/partners/new/",
        partners.PartnerCreateView.as_view(),
        name="partner_create",
    ),
    path(
        "programmes/<slug:programme_slug>/partners/<int:pk>/edit/",
        partners.PartnerUpdateView.as_view(),
        name="partner_update",
    ),
    path(
        "programmes/<slug:programme_slug>/partners/<int:pk>/retire/",
        partners.PartnerRetireView.as_view(),
        name="partner_retire",
    ),
    path(
        "programmes/<slug:programme_slug>/audit/",
        audit.AuditLogView.as_view(),
        name="programme_audit",
    ),
    path(
        "invitations/<str:token>/", people.InvitationAcceptView.as_view(), name="invitation_accept"
    ),
    path("account/data/", account.MyDataView.as_view(), name="my_data"),
    path("account/data/download/", account.MyDataDownloadView.as_view(), name="my_data_download"),
    path("account/data/erase/", account.MyDataEraseView.as_view(), name="my_data_erase"),
]

urlpatterns += event_urlpatterns
