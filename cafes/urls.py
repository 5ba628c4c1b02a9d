from django.urls import path

from .views import corrections, harvest, live, planning, seating, suggestions

app_name = "cafes"

cafe = "<int:pk>/"
table = "<int:pk>/tables/<int:number>/"

urlpatterns = [
    path("", planning.CafeListView.as_view(), name="cafe_list"),
    path("new/<slug:slug>/", planning.CafeCreateView.as_view(), name="cafe_create"),
    path("question-bank/<slug:programme_slug>/", planning.BankView.as_view(), name="bank"),
    path(
        "question-bank/<slug:programme_slug>/<int:pk>/",
        planning.BankEditView.as_view(),
        name="bank_edit",
    ),
    # Planning
    path(cafe, planning.CafeDetailView.as_view(), name="cafe_detail"),
    path(cafe + "edit/", planning.CafeUpdateView.as_view(), name="cafe_update"),
    path(cafe + "tables/", planning.TablesView.as_view(), name="tables"),
    path(table + "edit/", planning.TableUpdateView.as_view(), name="table_update"),
    path(table + "remove/", planning.TableDeleteView.as_view(), name="table_delete"),
    path(cafe + "hosts/", planning.HostsView.as_view(), name="hosts"),
    path(
        cafe + "hosts/<int:host_pk>/remove/", planning.HostRemoveView.as_view(), name="host_remove"
    ),
    path(cafe + "questions/", planning.QuestionsView.as_view(), name="questions"),
    path(
        cafe + "questions/<int:round>/", planning.QuestionEditView.as_view(), name="question_edit"
    ),
    path(cafe + "host-pack/", harvest.HostPackView.as_view(), name="host_pack"),
    # Seating
    path(cafe + "seating/", seating.SeatingView.as_view(), name="seating"),
    path(
        cafe + "seating/update/", seating.ParticipantsSyncView.as_view(), name="participants_sync"
    ),
    path(cafe + "seating/plan/", seating.SeatingPlanView.as_view(), name="seating_plan"),
    path(cafe + "seating/rules/", seating.ConstraintAddView.as_view(), name="constraint_add"),
    path(
        cafe + "seating/rules/<int:rule>/remove/",
        seating.ConstraintRemoveView.as_view(),
        name="constraint_remove",
    ),
    path(
        cafe + "people/<int:person>/",
        seating.ParticipantEditView.as_view(),
        name="participant_edit",
    ),
    path(
        cafe + "people/<int:person>/left/",
        seating.ParticipantLeaveView.as_view(),
        name="participant_leave",
    ),
    path(
        cafe + "people/<int:person>/back/",
        seating.ParticipantReturnView.as_view(),
        name="participant_return",
    ),
    # On the day
    path(cafe + "screen/", live.ScreenView.as_view(), name="screen"),
    path(cafe + "screen/state.json", live.ScreenStateView.as_view(), name="screen_state"),
    path(cafe + "rounds/start/", live.RoundStartView.as_view(), name="round_start"),
    path(cafe + "finish/", live.CafeFinishView.as_view(), name="cafe_finish"),
    path(cafe + "my-table/", live.MyTableView.as_view(), name="my_table"),
    path(table, live.HostTableView.as_view(), name="host_table"),
    path(table + "notes/", live.NoteSaveView.as_view(), name="note_save"),
    path(table + "safeguarding/", live.FlagRaiseView.as_view(), name="flag_raise"),
    path(table + "photos/", live.PhotoUploadView.as_view(), name="photo_upload"),
    path(cafe + "photos/<int:photo>/", live.PhotoView.as_view(), name="photo"),
    path(table + "notes/<int:note>/", corrections.NoteCorrectView.as_view(), name="note_correct"),
    path(
        table + "notes/<int:note>/remove/",
        corrections.NoteRemoveView.as_view(),
        name="note_remove",
    ),
    path(
        table + "photos/<int:photo>/remove/",
        corrections.PhotoRemoveView.as_view(),
        name="photo_remove",
    ),
    # After the café
    path(cafe + "harvest/", harvest.HarvestView.as_view(), name="harvest"),
    path(cafe + "themes/suggested/", suggestions.SuggestionsView.as_view(), name="suggestions"),
    path(
        cafe + "themes/suggested/<int:suggestion>/",
        suggestions.SuggestionActionView.as_view(),
        name="suggestion_action",
    ),
    path(cafe + "harvest.csv", harvest.HarvestCsvView.as_view(), name="harvest_csv"),
    path(cafe + "themes/<int:theme>/", harvest.ThemeView.as_view(), name="theme"),
    path(cafe + "themes/<int:theme>/merge/", harvest.ThemeMergeView.as_view(), name="theme_merge"),
    path(
        cafe + "themes/<int:theme>/you-said/",
        harvest.ThemeYouSaidView.as_view(),
        name="theme_you_said",
    ),
    path(
        cafe + "themes/<int:theme>/priority/",
        harvest.ThemePriorityView.as_view(),
        name="theme_priority",
    ),
    path(cafe + "safeguarding/", harvest.SafeguardingView.as_view(), name="safeguarding"),
    path(
        cafe + "safeguarding/<int:flag>/handled/",
        harvest.FlagHandleView.as_view(),
        name="flag_handle",
    ),
    path(cafe + "summary/", harvest.SummaryView.as_view(), name="summary"),
    path(cafe + "summary/edit/", harvest.SummaryEditView.as_view(), name="summary_edit"),
    path(cafe + "summary/choose/", harvest.SummaryChooseView.as_view(), name="summary_choose"),
    path(
        cafe + "summary/photos/<int:photo>/",
        harvest.SummaryPhotoView.as_view(),
        name="summary_photo",
    ),
]
