"""API routes for staff accounts (tokens) and reference data (DESIGN §7.3)."""

from django.urls import path

from . import auth, views

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("auth/logout/", auth.LogoutView.as_view(), name="api-logout"),
    path("auth/logoutall/", auth.LogoutAllView.as_view(), name="api-logout-all"),
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("sectors/", views.SectorListView.as_view(), name="sector-list"),
    path("public/offices/", views.PublicOfficeListView.as_view(), name="public-office-list"),
]
