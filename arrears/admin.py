"""Back office for reference data that stands alone: regions, offices, sectors, campaigns,
the working-day calendar, crime thresholds, users and tokens. Employers, projects, workers,
the blacklist and the reveal log are seen through the complaints (complaints.admin.reference)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from .models import (
    AuditEvent,
    CalendarDay,
    Campaign,
    CrimeThreshold,
    Office,
    Region,
    Sector,
    User,
)
from .services import calendar_day_remove, calendar_day_set
from .tokens import AuthTokenAdmin


class ReadOnlyMixin:
    """A record kept by the services only (an audit log, rows entered with their complaint):
    the back office reads it, never adds, edits or deletes it."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class NotFoundMixin:
    """Answer 404 for an object outside the queryset instead of redirecting."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Not found."))
        return obj


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("=code", "name")
    list_select_related = ("parent",)
    readonly_fields = ("code", "name", "level", "parent")

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete shows each county with its city's name.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("parent"), may_have_duplicates

    def has_add_permission(self, request) -> bool:
        return False  # loaded from the GB/T 2260 file by load_reference

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "level", "hotline", "duty_24h", "public")
    list_filter = ("level", "duty_24h", "public")
    search_fields = ("name", "=region__code")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "is_construction", "position")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The working-day calendar every office's deadlines count on: changed only by the
    national role, through calendar_day_set / calendar_day_remove (each recorded)."""

    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        return ("date",) if obj is not None else ()  # the day is the record's key

    def save_model(self, request, obj, form, change) -> None:
        calendar_day_set(day=obj.date, is_workday=obj.is_workday, note=obj.note, actor=request.user)

    def delete_model(self, request, obj) -> None:
        calendar_day_remove(day=obj.date, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        # "Delete selected": one recorded removal per day, never a silent bulk delete.
        for day in queryset.values_list("date", flat=True):
            calendar_day_remove(day=day, actor=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "action", "subject", "actor")
    list_select_related = ("actor",)
    list_filter = ("action",)
    date_hierarchy = "at"
    readonly_fields = ("at", "action", "subject", "actor", "data")


@admin.register(CrimeThreshold)
class CrimeThresholdAdmin(admin.ModelAdmin):
    list_display = ("__str__", "province", "single_worker_amount", "group_amount")
    list_select_related = ("province",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "office", "is_staff", "is_active")
    list_select_related = ("office",)
    list_filter = ("groups", "is_staff", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Office"), {"fields": ("office",)}))
    autocomplete_fields = ("office",)


# API tokens: knox's own admin lists token hashes to anyone given its permissions; this one
# shows no key or hash, and only to superusers (arrears.tokens).
admin.site.unregister(AuthToken)
admin.site.register(AuthToken, AuthTokenAdmin)
