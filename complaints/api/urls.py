"""API routes for complaints."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .employers import EmployerViewSet
from .stats import PublicStatsView, StaffStatsView
from .views import (
    ComplaintViewSet,
    PublicComplaintView,
    PublicTrackView,
)

router = SimpleRouter()
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("employers", EmployerViewSet, basename="employer")

urlpatterns = [
    path("public/complaints/", PublicComplaintView.as_view(), name="public-complaint"),
    path("public/track/", PublicTrackView.as_view(), name="public-track"),
    path("public/stats/", PublicStatsView.as_view(), name="public-stats"),
    path("stats/", StaffStatsView.as_view(), name="stats"),
    path(
        "complaints/export.csv",
        ComplaintViewSet.as_view({"get": "export"}, pagination_class=None),
        name="complaint-export",
    ),
    *router.urls,
]
