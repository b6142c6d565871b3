"""API routes for reference data (DESIGN §7.3)."""

from django.urls import path

from . import views

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("sectors/", views.SectorListView.as_view(), name="sector-list"),
    path("public/offices/", views.PublicOfficeListView.as_view(), name="public-office-list"),
]
