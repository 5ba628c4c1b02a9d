from django.urls import path

from .views import access_log, feeds, offers, queues, work

app_name = "assets"

urlpatterns = [
    path("", offers.OfferListView.as_view(), name="offer_list"),
    path("map/", offers.OfferMapView.as_view(), name="offer_map"),
    path("offer/", offers.OfferCreateView.as_view(), name="offer_create"),
    path("offers/<uuid:uuid>/", offers.OfferDetailView.as_view(), name="offer_detail"),
    path("offers/<uuid:uuid>/edit/", offers.OfferUpdateView.as_view(), name="offer_update"),
    path("offers/<uuid:uuid>/withdraw/", offers.OfferWithdrawView.as_view(), name="offer_withdraw"),
    path(
        "offers/<uuid:uuid>/safeguarding/",
        offers.OfferSafeguardingView.as_view(),
        name="offer_safeguarding",
    ),
    path(
        "offers/<uuid:uuid>/organisation/",
        offers.OfferOrganisationCheckView.as_view(),
        name="offer_organisation_check",
    ),
    path("offers/<uuid:uuid>/pause/", offers.OfferPauseView.as_view(), name="offer_pause"),
    path("mine/", queues.MyOffersView.as_view(), name="my_offers"),
    path("safeguarding/", queues.SafeguardingQueueView.as_view(), name="safeguarding_queue"),
    path("who-looked/", access_log.AccessLogView.as_view(), name="access_log"),
    path("confirm/<str:token>/", offers.OfferConfirmView.as_view(), name="offer_confirm"),
    path("import/", work.OfferImportView.as_view(), name="offer_import"),
    path("export.csv", work.OfferExportView.as_view(), name="offer_export"),
    path("needs/", work.NeedListView.as_view(), name="need_list"),
    path("needs/new/", work.NeedCreateView.as_view(), name="need_create"),
    path("needs/<int:pk>/", work.NeedDetailView.as_view(), name="need_detail"),
    path("needs/<int:pk>/edit/", work.NeedUpdateView.as_view(), name="need_update"),
    path("matches/<int:pk>/", work.MatchDetailView.as_view(), name="match_detail"),
    path("figures/", work.FiguresIndexView.as_view(), name="figures_index"),
    path("figures/<int:pk>/", work.FiguresView.as_view(), name="figures"),
    path(
        "programmes/<slug:programme_slug>/subcategories/",
        work.SubcategoryCreateView.as_view(),
        name="subcategory_create",
    ),
    path("openreferral/", feeds.FeedRootView.as_view(), name="oruk_root"),
    path("openreferral/services/", feeds.FeedServicesView.as_view(), name="oruk_services"),
    path(
        "openreferral/services/<uuid:uuid>/", feeds.FeedServiceView.as_view(), name="oruk_service"
    ),
    path(
        "openreferral/organizations/",
        feeds.FeedOrganizationsView.as_view(),
        name="oruk_organizations",
    ),
    path("openreferral/locations/", feeds.FeedLocationsView.as_view(), name="oruk_locations"),
]
