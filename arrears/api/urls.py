"""API routes for reference data and employers (DESIGN §7.3)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("employers", views.EmployerViewSet, basename="employer")

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("sectors/", views.SectorListView.as_view(), name="sector-list"),
    path("public/offices/", views.PublicOfficeListView.as_view(), name="public-office-list"),
    *router.urls,
]
