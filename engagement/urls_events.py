"""URLs for events, check-in, reach, the engagement register, "you said, we did" and CTAs."""

from django.urls import path

from .views import census, checkin, event_manage, events, register, tension

urlpatterns = [
    path("events/", events.EventListView.as_view(), name="event_list"),
    path("events/manage/", event_manage.EventManageListView.as_view(), name="event_manage_list"),
    path("events/new/", event_manage.EventCreateView.as_view(), name="event_create"),
    path("events/<slug:slug>/", events.EventDetailView.as_view(), name="event_detail"),
    path("events/<slug:slug>/register/", events.EventRegisterView.as_view(), name="event_register"),
    path("events/<slug:slug>/calendar.ics", events.EventIcsView.as_view(), name="event_ics"),
    path("events/<slug:slug>/edit/", event_manage.EventUpdateView.as_view(), name="event_update"),
    path("events/<slug:slug>/cancel/", event_manage.EventCancelView.as_view(), name="event_cancel"),
    path(
        "events/<slug:slug>/registrations/",
        event_manage.EventRegistrationsView.as_view(),
        name="event_registrations",
    ),
    path(
        "events/<slug:slug>/emails/retry/",
        event_manage.EventEmailsRetryView.as_view(),
        name="event_emails_retry",
    ),
    path(
        "events/<slug:slug>/registrations/<int:pk>/cancel/",
        event_manage.RegistrationStaffCancelView.as_view(),
        name="registration_staff_cancel",
    ),
    path(
        "events/<slug:slug>/registrations/<int:pk>/qr.svg",
        event_manage.RegistrationCodeQrView.as_view(),
        name="registration_code_qr",
    ),
    path("events/<slug:slug>/checkin/", checkin.CheckInView.as_view(), name="event_checkin"),
    path("events/<slug:slug>/checkin/walk-in/", checkin.WalkInView.as_view(), name="event_walk_in"),
    path(
        "events/<slug:slug>/checkin/<int:pk>/",
        checkin.CheckInByIdView.as_view(),
        name="event_checkin_id",
    ),
    path(
        "events/<slug:slug>/checkin/<int:pk>/undo/",
        checkin.CheckInUndoView.as_view(),
        name="event_checkin_undo",
    ),
    path("events/<slug:slug>/live/", event_manage.EventLiveView.as_view(), name="event_live"),
    path(
        "events/<slug:slug>/live.json",
        event_manage.EventLiveJsonView.as_view(),
        name="event_live_json",
    ),
    path("events/<slug:slug>/reach/", event_manage.EventReachView.as_view(), name="event_reach"),
    path(
        "bookings/<str:token>/",
        events.RegistrationManageView.as_view(),
        name="registration_manage",
    ),
    path(
        "bookings/<str:token>/qr.svg", events.RegistrationQrView.as_view(), name="registration_qr"
    ),
    path(
        "bookings/<str:token>/about-you/",
        events.EqualityView.as_view(),
        name="registration_equality",
    ),
    path(
        "calendar/<slug:programme_slug>.ics",
        events.CalendarFeedView.as_view(),
        name="programme_calendar",
    ),
    path(
        "calendar/<slug:programme_slug>/<slug:area_slug>.ics",
        events.CalendarFeedView.as_view(),
        name="area_calendar",
    ),
    path(
        "programmes/<slug:slug>/reach/",
        event_manage.ProgrammeReachView.as_view(),
        name="programme_reach",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:slug>/reach/",
        event_manage.AreaReachView.as_view(),
        name="area_reach",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:slug>/population/",
        event_manage.PopulationUpdateView.as_view(),
        name="area_population",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:slug>/population/census/",
        census.CensusImportView.as_view(),
        name="area_population_census",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:slug>/you-said-we-did/",
        events.YouSaidWeDidView.as_view(),
        name="you_said_we_did",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:area_slug>/you-said-we-did/new/",
        register.YouSaidWeDidCreateView.as_view(),
        name="you_said_we_did_create",
    ),
    path(
        "programmes/<slug:programme_slug>/areas/<slug:area_slug>/you-said-we-did/<int:pk>/edit/",
        register.YouSaidWeDidUpdateView.as_view(),
        name="you_said_we_did_update",
    ),
    path("engagement-register/", register.ActivityListView.as_view(), name="activity_list"),
    path("engagement-register/new/", register.ActivityCreateView.as_view(), name="activity_create"),
    path(
        "engagement-register/<int:pk>/edit/",
        register.ActivityUpdateView.as_view(),
        name="activity_update",
    ),
    path("tension/", tension.TensionListView.as_view(), name="tension_list"),
    path("tension/new/", tension.TensionCreateView.as_view(), name="tension_create"),
    path("tension/<int:pk>/", tension.TensionDetailView.as_view(), name="tension_detail"),
    path("tension/<int:pk>/edit/", tension.TensionUpdateView.as_view(), name="tension_update"),
]
