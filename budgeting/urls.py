from django.urls import path

from .views import bids, grants, money, projects, public, review, setup

app_name = "budgeting"

urlpatterns = [
    path("", public.RoundListView.as_view(), name="round_list"),
    path("rounds/<slug:slug>/", public.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<slug:slug>/shortlist/", public.ShortlistView.as_view(), name="shortlist"),
    path(
        "rounds/<slug:slug>/eligibility/", bids.EligibilityCheckView.as_view(), name="eligibility"
    ),
    path("rounds/<slug:slug>/bids/start/", bids.BidStartView.as_view(), name="bid_start"),
    path("rounds/<slug:slug>/review/", review.ReviewQueueView.as_view(), name="review_queue"),
    path("rounds/<slug:slug>/ballot-order/", review.BallotOrderView.as_view(), name="ballot_order"),
    path("rounds/<slug:slug>/money/", money.RoundMoneyView.as_view(), name="round_money"),
    path(
        "contributions/<int:pk>/edit/",
        money.ContributionUpdateView.as_view(),
        name="contribution_update",
    ),
    path("my-bids/", bids.MyBidsView.as_view(), name="my_bids"),
    path("bids/<int:pk>/", bids.BidDetailView.as_view(), name="bid_detail"),
    path("bids/<int:pk>/step/<slug:step>/", bids.BidStepView.as_view(), name="bid_step"),
    path("bids/<int:pk>/submit/", bids.BidSubmitView.as_view(), name="bid_submit"),
    path("bids/<int:pk>/withdraw/", bids.BidWithdrawView.as_view(), name="bid_withdraw"),
    path("bids/<int:pk>/message/", bids.BidMessageView.as_view(), name="bid_message"),
    path("bids/<int:pk>/review/", review.BidReviewView.as_view(), name="bid_review"),
    path(
        "bids/<int:pk>/review/<slug:action>/",
        review.BidReviewActionView.as_view(),
        name="bid_review_action",
    ),
    path(
        "attachments/<int:pk>/", bids.AttachmentDownloadView.as_view(), name="attachment_download"
    ),
    path(
        "attachments/<int:pk>/delete/",
        bids.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path("projects/", projects.ProjectListView.as_view(), name="project_list"),
    path(
        "projects/in/<slug:programme_slug>/<slug:area_slug>/",
        projects.ProjectListView.as_view(),
        name="area_projects",
    ),
    path("projects/<int:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
    path(
        "projects/<int:pk>/update/",
        projects.MonitoringUpdateCreateView.as_view(),
        name="update_create",
    ),
    path("projects/<int:pk>/letter/", projects.GrantLetterView.as_view(), name="grant_letter"),
    path("projects/<int:pk>/accept/", grants.GrantAcceptView.as_view(), name="grant_accept"),
    path("projects/<int:pk>/signed/", grants.SignedCopyView.as_view(), name="grant_signed"),
    path(
        "projects/<int:pk>/milestones/new/",
        projects.MilestoneAddView.as_view(),
        name="milestone_add",
    ),
    path("milestones/<int:pk>/pay/", grants.MilestonePayView.as_view(), name="milestone_pay"),
    path("milestones/<int:pk>/edit/", grants.MilestoneEditView.as_view(), name="milestone_edit"),
    path(
        "milestones/<int:pk>/remove/", grants.MilestoneRemoveView.as_view(), name="milestone_remove"
    ),
    path("updates/waiting/", grants.UpdateQueueView.as_view(), name="update_queue"),
    path("updates/<int:pk>/check/", grants.UpdateModerateView.as_view(), name="update_moderate"),
    path("updates/<int:pk>/photo/", projects.UpdatePhotoView.as_view(), name="update_photo"),
    path("monitoring/overdue/", projects.OverdueView.as_view(), name="overdue"),
]
# Coordinators' set-up pages: pots, rounds, priorities, category pots, after-the-vote actions.
urlpatterns += [
    path("setup/", setup.SetupIndexView.as_view(), name="setup"),
    path("setup/organisations/", setup.OrganisationListView.as_view(), name="organisations"),
    path("setup/pots/new/", setup.PotCreateView.as_view(), name="pot_create"),
    path("setup/pots/<int:pk>/", setup.PotUpdateView.as_view(), name="pot_update"),
    path("setup/pots/<int:pk>/money/", money.PotMoneyView.as_view(), name="pot_money"),
    path(
        "setup/programmes/<slug:slug>/pots/",
        money.ProgrammePotsView.as_view(),
        name="programme_pots",
    ),
    path(
        "contributions/<int:pk>/remove/",
        money.ContributionRemoveView.as_view(),
        name="contribution_remove",
    ),
    path("setup/rounds/new/", setup.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<slug:slug>/setup/", setup.RoundSetupView.as_view(), name="round_setup"),
    path("rounds/<slug:slug>/setup/edit/", setup.RoundUpdateView.as_view(), name="round_update"),
    path(
        "rounds/<slug:slug>/setup/<slug:action>/",
        setup.RoundSetupActionView.as_view(),
        name="round_setup_action",
    ),
    path("rounds/<slug:slug>/leftovers/", setup.LeftoversMoveView.as_view(), name="leftovers_move"),
    path(
        "rounds/<slug:slug>/close-unfunded/",
        setup.CloseUnfundedView.as_view(),
        name="close_unfunded",
    ),
    path("priorities/<int:pk>/remove/", setup.PriorityRemoveView.as_view(), name="priority_remove"),
    path("categories/<int:pk>/edit/", setup.CategoryUpdateView.as_view(), name="category_update"),
    path("awards/<int:pk>/revoke/", setup.AwardRevokeView.as_view(), name="award_revoke"),
]
