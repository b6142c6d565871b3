"""The back office's reference records seen through the complaints: employers, projects and
workers scoped by the complaints in the user's scope (DESIGN §6), the published blacklist with
its early removal, and the reveal log."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from arrears.admin import NotFoundMixin, ReadOnlyMixin
from arrears.errors import DomainError
from arrears.models import BlacklistEntry, Employer, PiiAccess, Project, Worker
from arrears.pii import mask_free_text
from arrears.roles import Role, effective_roles
from complaints.models import Claim
from complaints.selectors import (
    complaints_visible_to,
    employer_summary,
    employers_visible_to,
    pii_accesses_visible_to,
    projects_visible_to,
)
from complaints.services import blacklist_remove, employer_merge, employer_save

from .forms import BlacklistRemoveForm


class BlacklistInline(admin.TabularInline):
    model = BlacklistEntry
    fields = (
        "criterion",
        "decided_on",
        "expires_on",
        "removed_on",
        "removal_reason_text",
        "complaint",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("removal reason"))
    def removal_reason_text(self, obj: BlacklistEntry) -> str:
        return mask_free_text(obj.removal_reason)

    def has_add_permission(self, request, obj=None) -> bool:
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

    def get_queryset(self, request):
        return employers_visible_to(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        employer = self.get_object(request, object_id)
        extra = {"summary": employer_summary(employer, request.user), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def has_change_permission(self, request, obj=None) -> bool:
        # Another office's employer (named in a complaint it follows, or a published
        # blacklisting) is shown read-only: the office that handles it keeps the record.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or in_acting_scope(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a duplicate record goes through the merge, which moves its rows

    def save_model(self, request, obj: Employer, form, change: bool) -> None:
        # Through the service: scope checked again, the change recorded.
        employer_save(employer=obj, actor=request.user, fields=form.changed_data)

    def has_merge_permission(self, request) -> bool:
        return Role.SUPERVISOR in effective_roles(request.user)

    @admin.action(description=_("Merge two records of the same employer"), permissions=["merge"])
    def merge_employers(self, request, queryset):
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


def in_acting_scope(user, obj) -> bool:
    """Return whether `user` may edit the employer or project `obj` (DESIGN §6)."""
    visible = employers_visible_to if isinstance(obj, Employer) else projects_visible_to
    return visible(user, acting=True).filter(pk=obj.pk).exists()


@admin.register(Project)
class ProjectAdmin(NotFoundMixin, admin.ModelAdmin):
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

    def get_queryset(self, request):
        return projects_visible_to(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or in_acting_scope(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # complaints point at projects; a project is corrected, not deleted


@admin.register(Worker)
class WorkerAdmin(ReadOnlyMixin, NotFoundMixin, admin.ModelAdmin):
    """Workers appear masked, and only those on complaints in the user's scope."""

    list_display = ("masked_name", "masked_id", "masked_phone", "home_region", "is_migrant")
    list_select_related = ("home_region",)
    fields = ("masked_name", "masked_id", "masked_phone", "home_region", "is_migrant")
    readonly_fields = fields

    def get_queryset(self, request) -> QuerySet[Worker]:
        visible = complaints_visible_to(request.user)
        on_visible_claim = Claim.objects.filter(worker=OuterRef("pk"), complaint__in=visible)
        return super().get_queryset(request).filter(Exists(on_visible_claim))

    @admin.display(description=pgettext_lazy("person", "name"))
    def masked_name(self, obj: Worker) -> str:
        return obj.masked_name

    @admin.display(description=_("ID number"))
    def masked_id(self, obj: Worker) -> str:
        return obj.masked_id

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: Worker) -> str:
        return obj.masked_phone


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(NotFoundMixin, admin.ModelAdmin):
    """The published list, read-only: entries are decided through a complaint's "blacklist"
    step and taken off early only through the "remove" action, by the office that handles
    that complaint (blacklist_remove, recorded in its history)."""

    list_display = ("employer", "criterion", "decided_on", "expires_on", "removed_on")
    list_filter = ("criterion",)
    search_fields = ("employer__name", "=employer__uscc")
    list_select_related = ("employer",)
    fields = (
        "employer",
        "complaint",
        "criterion",
        "decided_on",
        "expires_on",
        "removed_on",
        "removal_reason_text",
    )
    readonly_fields = fields
    actions = ("remove_from_blacklist",)
    removal_reason_text = BlacklistInline.removal_reason_text

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(employer__in=employers_visible_to(request.user).values("pk"))
        )

    def has_add_permission(self, request) -> bool:
        return False  # decided through the complaint's "blacklist" action

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # removal goes through the action, never a plain edit

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_remove_permission(self, request) -> bool:
        return Role.SUPERVISOR in effective_roles(request.user)

    @admin.action(description=_("Take off the blacklist early"), permissions=["remove"])
    def remove_from_blacklist(self, request, queryset):
        form = BlacklistRemoveForm(request.POST if "removal_reason" in request.POST else None)
        if form.is_valid():
            done = 0
            for entry in queryset.select_related("employer"):
                try:
                    blacklist_remove(
                        entry=entry,
                        actor=request.user,
                        reason=form.cleaned_data["removal_reason"],
                    )
                    done += 1
                except ValidationError as exc:
                    self.message_user(request, f"{entry}: {'; '.join(exc.messages)}", "error")
                except DomainError as exc:
                    self.message_user(request, f"{entry}: {exc.detail}", "error")
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d entry taken off the blacklist.",
                        "%(n)d entries taken off the blacklist.",
                        done,
                    )
                    % {"n": done},
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Take off the blacklist early"),
            "entries": list(queryset.select_related("employer")),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/arrears/blacklistentry/remove.html", context)


@admin.register(PiiAccess)
class PiiAccessAdmin(ReadOnlyMixin, NotFoundMixin, admin.ModelAdmin):
    """Who looked at whose data: only about complaints the user may see."""

    list_display = ("at", "user", "worker", "complaint", "reason_text")
    list_select_related = ("user", "worker", "complaint")
    date_hierarchy = "at"
    fields = ("at", "user", "worker", "complaint", "reason_text")
    readonly_fields = fields

    @admin.display(description=_("reason"))
    def reason_text(self, obj: PiiAccess) -> str:
        return mask_free_text(obj.reason)

    def get_queryset(self, request):
        return pii_accesses_visible_to(request.user).select_related("user", "worker", "complaint")
