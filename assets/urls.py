from django.urls import path

from .views import access_log, feeds, figures, matching, offers, queues, renewal, taxonomy, work

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
    path("offers/<uuid:uuid>/match/", matching.OfferMatchView.as_view(), name="offer_match"),
    path("mine/", queues.MyOffersView.as_view(), name="my_offers"),
    path("safeguarding/", queues.SafeguardingQueueView.as_view(), name="safeguarding_queue"),
    path("confirm/<str:token>/", renewal.OfferConfirmView.as_view(), name="offer_confirm"),
    path(
        "offers/<uuid:uuid>/send-link/", renewal.OfferSendLinkView.as_view(), name="offer_send_link"
    ),
    path("who-looked/", access_log.AccessLogView.as_view(), name="access_log"),
    path("import/", work.OfferImportView.as_view(), name="offer_import"),
    path("export.csv", work.OfferExportView.as_view(), name="offer_export"),
    path("needs/", work.NeedListView.as_view(), name="need_list"),
    path("needs/new/", work.NeedCreateView.as_view(), name="need_create"),
    path("needs/<int:pk>/", work.NeedDetailView.as_view(), name="need_detail"),
    path("needs/<int:pk>/edit/", work.NeedUpdateView.as_view(), name="need_update"),
    path("matches/<int:pk>/", work.MatchDetailView.as_view(), name="match_detail"),
    path("figures/", work.FiguresIndexView.as_view(), name="figures_index"),
    path("figures/<int:pk>/", work.FiguresView.as_view(), name="figures"),
    path("figures/<int:pk>.csv", figures.FiguresCsvView.as_view(), name="figures_csv"),
    path(
        "programmes/<slug:programme_slug>/subcategories/",
        taxonomy.SubcategoryListView.as_view(),
        name="subcategory_create",
    ),
    path(
        "programmes/<slug:programme_slug>/subcategories/<int:pk>/rename/",
        taxonomy.SubcategoryRenameView.as_view(),
        name="subcategory_rename",
    ),
    path(
        "programmes/<slug:programme_slug>/subcategories/<int:pk>/retire/",
        taxonomy.SubcategoryRetireView.as_view(),
        name="subcategory_retire",
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
    path(
        "openreferral/service_at_locations/",
        feeds.FeedServiceAtLocationsView.as_view(),
        name="oruk_service_at_locations",
    ),
    path(
        "openreferral/service_at_locations/<uuid:uuid>/",
        feeds.FeedServiceAtLocationView.as_view(),
        name="oruk_service_at_location",
    ),
    path("openreferral/taxonomies/", feeds.FeedTaxonomiesView.as_view(), name="oruk_taxonomies"),
    path(
        "openreferral/taxonomies/<uuid:uuid>/",
        feeds.FeedTaxonomyView.as_view(),
        name="oruk_taxonomy",
    ),
    path(
        "openreferral/taxonomy_terms/",
        feeds.FeedTaxonomyTermsView.as_view(),
        name="oruk_taxonomy_terms",
    ),
    path(
        "openreferral/taxonomy_terms/<uuid:uuid>/",
        feeds.FeedTaxonomyTermView.as_view(),
        name="oruk_taxonomy_term",
    ),
]
