from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ContactLogEntry, Match, Need, Offer, OfferReminder, Subcategory, Tag


@admin.register(Subcategory)
class SubcategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "programme"]
    list_filter = ["category", "programme"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the site's forms so the services' rules and audit apply."""

    list_display = [
        "title",
        "area",
        "offerer_kind",
        "kind",
        "category",
        "status",
        "safeguarding",
        "expires_on",
    ]
    list_filter = ["status", "offerer_kind", "kind", "category", "safeguarding", "area"]
    search_fields = ["title", "offerer_name"]
    readonly_fields = [f.name for f in Offer._meta.fields if f.name != "search_vector"]
    exclude = ["search_vector", "tags"]
    actions = ["send_reminder"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send a re-confirmation reminder now"))
    def send_reminder(self, request, queryset):
        from .services import offer_reminder_queue

        for pk in queryset.values_list("pk", flat=True):
            offer_reminder_queue(offer_id=pk)


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "kind", "status"]
    list_filter = ["status", "kind", "area"]


class ContactInline(admin.TabularInline):
    model = ContactLogEntry
    extra = 0


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["need", "offer", "status", "created"]
    list_filter = ["status"]
    inlines = [ContactInline]
    raw_id_fields = ["need", "offer"]


@admin.register(OfferReminder)
class OfferReminderAdmin(admin.ModelAdmin):
    list_display = ["offer", "expires_on", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    readonly_fields = ["offer", "expires_on", "key", "status", "attempts", "error", "sent_at"]

    def has_add_permission(self, request):
        return False
