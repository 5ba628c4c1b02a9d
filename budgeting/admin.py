"""Admin for superusers. Money totals are read-only here: they change only through services
(contributions and awards are added on the round's money page so they are locked and audited)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    Award,
    Bid,
    BidMessage,
    BidRound,
    Category,
    ConflictDeclaration,
    Contribution,
    DueDiligence,
    FundingPot,
    Milestone,
    MonitoringUpdate,
    Priority,
    Project,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContributionInline(ReadOnlyInline):
    model = Contribution
    fields = ["funder_name", "source", "pledged_pence", "received_pence"]
    readonly_fields = fields


@admin.register(FundingPot)
class FundingPotAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "target_pence", "pledged_pence", "awarded_pence", "paid_pence"]
    list_filter = ["area__programme"]
    readonly_fields = ["pledged_pence", "received_pence", "awarded_pence", "paid_pence"]
    inlines = [ContributionInline]


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 1


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    readonly_fields = ["transfer_in_pence", "transfer_out_pence", "awarded_pence"]


@admin.register(BidRound)
class BidRoundAdmin(TranslationAdmin):
    list_display = ["name", "area", "published", "submission_opens", "submission_closes"]
    list_filter = ["published", "area__programme"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["ballot_seed", "ballot_ordered_at", "leftovers_moved_at"]
    inlines = [PriorityInline, CategoryInline]


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "group_name", "status", "amount_requested_pence"]
    list_filter = ["status", "round"]
    search_fields = ["title", "group_name"]
    readonly_fields = ["status", "number", "submitted_at", "ballot_position", "applicant"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["bid", "pot", "amount_pence", "created", "revoked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "next_update_due"]
    list_filter = ["status"]


admin.site.register([BidMessage, ConflictDeclaration, DueDiligence, Milestone, MonitoringUpdate])
