"""Back office for reference data; personal data only masked (DESIGN §6)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .errors import DomainError
from .models import (
    BlacklistEntry,
    CalendarDay,
    Campaign,
    CrimeThreshold,
    Employer,
    Office,
    PiiAccess,
    Project,
    Region,
    Sector,
    User,
    Worker,
)
from .roles import user_roles


class NotFoundMixin:
    """Answer 404 for an object outside the queryset instead of redirecting."""

    def get_object(self, request, object_id, from_field=None):  # noqa: ANN001, ANN201
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

    def get_search_results(self, request, queryset, search_term):  # noqa: ANN001, ANN201
        # The autocomplete shows each county with its city's name.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("parent"), may_have_duplicates

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False  # loaded from the GB/T 2260 file by load_reference

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
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


class BlacklistInline(admin.TabularInline):
    model = BlacklistEntry
    fields = ("criterion", "decided_on", "expires_on", "removed_on", "removal_reason", "complaint")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False  # decided through a complaint's "blacklist" action


@admin.register(Employer)
class EmployerAdmin(NotFoundMixin, admin.ModelAdmin):
    list_display = ("name", "uscc", "kind", "region", "sector")
    list_filter = ("kind", "sector")
    search_fields = ("name", "=uscc", "name_key")
    list_select_related = ("region", "sector")
    autocomplete_fields = ("region",)
    fields = (
        "name",
        "uscc",
        "kind",
        ("region", "sector"),
        "address",
        "legal_representative",
    )
    inlines = (BlacklistInline,)
    actions = ("merge_employers",)
    change_form_template = "admin/arrears/employer/change_form.html"

    def get_queryset(self, request):  # noqa: ANN001, ANN201
        from complaints.selectors import employers_visible_to

        return employers_visible_to(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        from complaints.selectors import employer_summary

        employer = self.get_object(request, object_id)
        extra = {"summary": employer_summary(employer, request.user), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def has_merge_permission(self, request) -> bool:  # noqa: ANN001
        return request.user.is_superuser or "supervisor" in user_roles(request.user)

    @admin.action(description=_("Merge two records of the same employer"), permissions=["merge"])
    def merge_employers(self, request, queryset):  # noqa: ANN001, ANN201
        from complaints.services import employer_merge

        employers = list(queryset[:3])
        if len(employers) != 2:
            self.message_user(request, _("Select exactly two employers to merge."), "error")
            return None
        keep_pk = request.POST.get("keep")
        if keep_pk:
            keep = next((e for e in employers if str(e.pk) == keep_pk), None)
            duplicate = next((e for e in employers if str(e.pk) != keep_pk), None)
            if keep is None:
                self.message_user(request, _("Choose the record to keep."), "error")
                return None
            try:
                moved = employer_merge(keep=keep, duplicate=duplicate, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), "error")
                return None
            except DomainError as exc:
                self.message_user(request, exc.detail, "error")
                return None
            self.message_user(
                request,
                ngettext(
                    "Merged into %(name)s; %(n)d complaint moved.",
                    "Merged into %(name)s; %(n)d complaints moved.",
                    moved,
                )
                % {"name": keep.name, "n": moved},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge two records of the same employer"),
            "employers": employers,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/arrears/employer/merge.html", context)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "region",
        "main_contractor",
        "has_wage_account",
        "wage_guarantee_amount",
    )
    list_filter = ("has_wage_account", "government_funded")
    search_fields = ("name",)
    list_select_related = ("region", "main_contractor")
    autocomplete_fields = ("region", "client", "main_contractor")


@admin.register(Worker)
class WorkerAdmin(NotFoundMixin, admin.ModelAdmin):
    """Workers appear masked, and only those on complaints in the user's scope."""

    list_display = ("masked_name", "masked_id", "masked_phone", "home_region", "is_migrant")
    list_select_related = ("home_region",)
    fields = ("masked_name", "masked_id", "masked_phone", "home_region", "is_migrant")
    readonly_fields = fields

    def get_queryset(self, request) -> QuerySet[Worker]:  # noqa: ANN001
        from complaints.models import Claim
        from complaints.selectors import complaints_visible_to

        visible = complaints_visible_to(request.user)
        on_visible_claim = Claim.objects.filter(worker=OuterRef("pk"), complaint__in=visible)
        return super().get_queryset(request).filter(Exists(on_visible_claim))

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False  # workers are entered with their complaint

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    @admin.display(description=pgettext_lazy("person", "name"))
    def masked_name(self, obj: Worker) -> str:
        return obj.masked_name

    @admin.display(description=_("ID number"))
    def masked_id(self, obj: Worker) -> str:
        return obj.masked_id

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: Worker) -> str:
        return obj.masked_phone


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "date"


@admin.register(CrimeThreshold)
class CrimeThresholdAdmin(admin.ModelAdmin):
    list_display = ("__str__", "province", "single_worker_amount", "group_amount")
    list_select_related = ("province",)


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(admin.ModelAdmin):
    list_display = ("employer", "criterion", "decided_on", "expires_on", "removed_on")
    list_filter = ("criterion",)
    search_fields = ("employer__name", "=employer__uscc")
    list_select_related = ("employer",)
    readonly_fields = ("employer", "complaint", "criterion", "decided_on", "expires_on")

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False  # decided through the complaint's "blacklist" action


@admin.register(PiiAccess)
class PiiAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "worker", "complaint", "reason")
    list_select_related = ("user", "worker", "complaint")
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "office", "is_staff", "is_active")
    list_select_related = ("office",)
    list_filter = ("groups", "is_staff", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Office"), {"fields": ("office",)}))
    autocomplete_fields = ("office",)
