from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .admin_readonly import ReadOnlyAdmin
from .models import Area, AuditEntry, GeneratedDocument, Partner, Programme, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fk_name = "user"
    exclude = ["granted_by"]
    autocomplete_fields = ["programme", "area", "partner"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "start_date", "end_date"]
    list_filter = ["status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AreaInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "local_authority", "population"]
    list_filter = ["programme"]
    search_fields = ["name", "ward", "local_authority"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "type"]
    list_filter = ["type"]
    search_fields = ["name"]
    filter_horizontal = ["areas"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "programme", "area", "partner"]
    list_filter = ["role", "programme"]
    search_fields = ["user__email", "user__name"]
    autocomplete_fields = ["user", "programme", "area", "partner"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created", "actor", "action", "content_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "object_id"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "requested_by", "rendered_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["error", "attempts", "rendered_at", "pages"]


# Events and the engagement register. Equality answers are deliberately not in the admin: they
# are only ever shown aggregated, with small numbers suppressed.
from simple_history.admin import SimpleHistoryAdmin  # noqa: E402

from .models import (  # noqa: E402
    EngagementActivity,
    Event,
    EventMessage,
    PopulationFigure,
    Registration,
    TensionAssessment,
    TensionReviewReminder,
    YouSaidWeDid,
)


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "kind", "area", "starts_at", "status"]
    list_filter = ["kind", "status", "programme"]
    search_fields = ["title", "venue_name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["created_by"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "status", "code", "checked_in_at"]
    list_filter = ["status", "event__programme"]
    search_fields = ["name", "code", "event__title"]
    raw_id_fields = ["event"]


@admin.register(EventMessage)
class EventMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "registration", "kind", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["registration", "kind", "key", "status", "attempts", "error", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(TensionReviewReminder)
class TensionReviewReminderAdmin(admin.ModelAdmin):
    list_display = ["assessment", "review_on", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    readonly_fields = ["assessment", "review_on", "key", "status", "attempts", "error", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(TranslationAdmin):
    list_display = ["__str__", "area", "status", "action_date"]
    list_filter = ["status", "area__programme"]


@admin.register(EngagementActivity)
class EngagementActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "strand", "area", "starts_on"]
    list_filter = ["kind", "strand", "programme"]
    search_fields = ["title"]


@admin.register(TensionAssessment)
class TensionAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "incident_date", "tension_level", "next_review_on", "status"]
    list_filter = ["status", "tension_level", "programme"]


admin.site.register(PopulationFigure)
