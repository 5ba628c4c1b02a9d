"""Admin for superusers. Harvest notes, safeguarding flags and photos are left out on purpose:
they are reached through the café pages, whose permissions and audit log protect them."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import BankQuestion, Cafe, CafeTable, CafeTheme, HostAssignment


class CafeTableInline(admin.TabularInline):
    model = CafeTable
    extra = 0


class HostAssignmentInline(admin.TabularInline):
    model = HostAssignment
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Cafe)
class CafeAdmin(TranslationAdmin):
    list_display = ["__str__", "rounds", "round_minutes", "current_round", "finished_at"]
    raw_id_fields = ["event"]
    inlines = [CafeTableInline, HostAssignmentInline]


@admin.register(CafeTheme)
class CafeThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "cafe", "kind", "is_priority"]
    list_filter = ["kind", "is_priority"]
    search_fields = ["name"]


@admin.register(BankQuestion)
class BankQuestionAdmin(TranslationAdmin):
    list_display = ["text", "programme"]
    list_filter = ["programme"]
    search_fields = ["text"]
