"""The back-office admin site: its front page is the staff member's working day."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext_lazy as _

from arrears.formfields import FORMFIELD_OVERRIDES
from complaints.selectors import staff_landing


class LabelledAutocompleteView(AutocompleteJsonView):
    """Autocomplete answers that use a model's `autocomplete_label` where it has one (a
    region with its city, so that two 南山区 can be told apart)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "autocomplete_label", None)
        return {**result, "text": label} if label else result


class BackOfficeSite(admin.AdminSite):
    site_header = _("Wage-arrears complaints · back office")
    site_title = _("Wage-arrears complaints")
    index_title = _("Winter campaign")
    index_template = "admin/backoffice_index.html"
    # The complaint list needs the width; the app list is one click away on the front page.
    enable_nav_sidebar = False
    site_url = None

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        # Every back-office form reads numbers and dates in ASCII digits (full-width folded).
        # (Set on the class itself: assigning never changes a base class's attribute.)
        admin_class = admin_class or type("ModelAdmin", (admin.ModelAdmin,), {})
        admin_class.formfield_overrides = {**FORMFIELD_OVERRIDES, **admin_class.formfield_overrides}
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return LabelledAutocompleteView.as_view(admin_site=self)(request)

    def get_urls(self):
        from django.urls import path

        from complaints.admin.dashboard import staff_dashboard

        def dashboard(request):
            return staff_dashboard(request, self)

        return [
            path("dashboard/", self.admin_view(dashboard), name="dashboard"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        context = {"landing": staff_landing(request.user), **(extra_context or {})}
        return super().index(request, context)
