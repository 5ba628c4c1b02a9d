"""URLs of PB voting, mounted at ``/pb/`` beside the bids' URLs. The paths never change: printed
QR cards carry ``/pb/vote/<id>/?code=…``."""

from django.urls import path

from .views import ballot, manage

app_name = "voting"

urlpatterns = [
    # Attendees and the hall (no account needed)
    path("vote/<int:pk>/", ballot.VoteStartView.as_view(), name="vote_start"),
    path("vote/<int:pk>/review/", ballot.VoteReviewView.as_view(), name="vote_review"),
    path("vote/<int:pk>/cast/", ballot.VoteCastView.as_view(), name="vote_cast"),
    path(
        "vote/<int:pk>/receipt/<str:receipt>/",
        ballot.VoteReceiptView.as_view(),
        name="vote_receipt",
    ),
    path("vote/<int:pk>/receipts/", ballot.ReceiptCheckView.as_view(), name="vote_receipts"),
    path(
        "vote/<int:pk>/photo/<int:attachment>/",
        ballot.BallotPhotoView.as_view(),
        name="vote_photo",
    ),
    path("vote/<int:pk>/live/", ballot.LiveView.as_view(), name="vote_live"),
    path("vote/<int:pk>/live.json", ballot.LiveJsonView.as_view(), name="vote_live_json"),
    path("vote/<int:pk>/reveal/", ballot.RevealView.as_view(), name="vote_reveal"),
    path("vote/<int:pk>/results/", ballot.ResultsView.as_view(), name="vote_results"),
    path(
        "vote/<int:pk>/announce/",
        ballot.ResultsView.as_view(announce=True),
        name="vote_announce",
    ),
    # Coordinators and volunteers
    path("votes/", manage.VoteListView.as_view(), name="vote_list"),
    path(
        "rounds/<slug:slug>/votes/new/",
        manage.VoteCreateView.as_view(),
        name="vote_create",
    ),
    path("votes/<int:pk>/", manage.VoteManageView.as_view(), name="vote_manage"),
    path(
        "votes/<int:pk>/do/<slug:action>/",
        manage.VoteActionView.as_view(),
        name="vote_action",
    ),
    path("votes/<int:pk>/codes/", manage.CodeBatchCreateView.as_view(), name="vote_codes"),
    path(
        "code-cards/<int:pk>/",
        manage.CodeCardsDownloadView.as_view(),
        name="code_cards_download",
    ),
    path(
        "code-cards/<int:pk>/printed/",
        manage.CodeBatchPrintedView.as_view(),
        name="code_cards_printed",
    ),
    path("votes/<int:pk>/issue/", manage.IssueView.as_view(), name="vote_issue"),
    path(
        "votes/<int:pk>/cancel-card/",
        manage.CodeCancelView.as_view(),
        name="vote_code_cancel",
    ),
    path("votes/<int:pk>/paper/", manage.PaperEntryView.as_view(), name="vote_paper"),
    path(
        "votes/<int:pk>/paper/waiting/",
        manage.PaperAwaitingView.as_view(),
        name="vote_paper_awaiting",
    ),
    path(
        "votes/<int:pk>/paper/ballot.pdf",
        manage.PaperBallotPdfView.as_view(),
        name="vote_paper_pdf",
    ),
    path(
        "votes/<int:pk>/paper/<int:paper>/settle/",
        manage.PaperSettleView.as_view(),
        name="vote_paper_settle",
    ),
    path(
        "votes/<int:pk>/paper/disputed/",
        manage.PaperDisputesView.as_view(),
        name="vote_paper_disputes",
    ),
    path(
        "votes/<int:pk>/paper/<int:paper>/resolve/",
        manage.PaperResolveView.as_view(),
        name="vote_paper_resolve",
    ),
    path("votes/<int:pk>/override/", manage.OverrideView.as_view(), name="vote_override"),
    path("votes/<int:pk>/edit/", manage.VoteUpdateView.as_view(), name="vote_update"),
    path("votes/<int:pk>/delete/", manage.VoteDeleteView.as_view(), name="vote_delete"),
    path("votes/<int:pk>/cancel/", manage.VoteCancelView.as_view(), name="vote_cancel"),
    path(
        "votes/<int:pk>/confirm/",
        manage.ConfirmProposeView.as_view(),
        name="vote_confirm_propose",
    ),
    path(
        "votes/<int:pk>/proposals/<int:proposal>/<slug:decision>/",
        manage.ProposalDecideView.as_view(),
        name="vote_proposal_decide",
    ),
]
