"""URL routes: the back office, the REST API and its schema and docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

handler400 = "restapi.errors.bad_request"
handler404 = "restapi.errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("arrears.api.urls")),
    path("api/v1/", include("complaints.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
