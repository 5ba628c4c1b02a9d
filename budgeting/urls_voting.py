"""URLs of PB voting, included from ``budgeting.urls`` (names in the ``budgeting`` namespace)."""

from django.urls import path

from .views import voting, voting_manage

urlpatterns = [
    # Attendees and the hall (no account needed)
    path("vote/<int:pk>/", voting.VoteStartView.as_view(), name="vote_start"),
    path("vote/<int:pk>/review/", voting.VoteReviewView.as_view(), name="vote_review"),
    path("vote/<int:pk>/cast/", voting.VoteCastView.as_view(), name="vote_cast"),
    path(
        "vote/<int:pk>/receipt/<str:receipt>/",
        voting.VoteReceiptView.as_view(),
        name="vote_receipt",
    ),
    path("vote/<int:pk>/receipts/", voting.ReceiptCheckView.as_view(), name="vote_receipts"),
    path(
        "vote/<int:pk>/photo/<int:attachment>/",
        voting.BallotPhotoView.as_view(),
        name="vote_photo",
    ),
    path("vote/<int:pk>/live/", voting.LiveView.as_view(), name="vote_live"),
    path("vote/<int:pk>/live.json", voting.LiveJsonView.as_view(), name="vote_live_json"),
    path("vote/<int:pk>/results/", voting.ResultsView.as_view(), name="vote_results"),
    path(
        "vote/<int:pk>/announce/",
        voting.ResultsView.as_view(announce=True),
        name="vote_announce",
    ),
    # Coordinators and volunteers
    path("votes/", voting_manage.VoteListView.as_view(), name="vote_list"),
    path(
        "rounds/<slug:slug>/votes/new/",
        voting_manage.VoteCreateView.as_view(),
        name="vote_create",
    ),
    path("votes/<int:pk>/", voting_manage.VoteManageView.as_view(), name="vote_manage"),
    path(
        "votes/<int:pk>/do/<slug:action>/",
        voting_manage.VoteActionView.as_view(),
        name="vote_action",
    ),
    path("votes/<int:pk>/codes/", voting_manage.CodeBatchCreateView.as_view(), name="vote_codes"),
    path(
        "code-cards/<int:pk>/",
        voting_manage.CodeCardsDownloadView.as_view(),
        name="code_cards_download",
    ),
    path(
        "code-cards/<int:pk>/printed/",
        voting_manage.CodeBatchPrintedView.as_view(),
        name="code_cards_printed",
    ),
    path("votes/<int:pk>/issue/", voting_manage.IssueView.as_view(), name="vote_issue"),
    path(
        "votes/<int:pk>/cancel-card/",
        voting_manage.CodeCancelView.as_view(),
        name="vote_code_cancel",
    ),
    path("votes/<int:pk>/paper/", voting_manage.PaperEntryView.as_view(), name="vote_paper"),
    path(
        "votes/<int:pk>/paper/disputed/",
        voting_manage.PaperDisputesView.as_view(),
        name="vote_paper_disputes",
    ),
    path(
        "votes/<int:pk>/paper/<int:paper>/resolve/",
        voting_manage.PaperResolveView.as_view(),
        name="vote_paper_resolve",
    ),
    path("votes/<int:pk>/override/", voting_manage.OverrideView.as_view(), name="vote_override"),
]
