"""URL routes: the public pages, the back office, the REST API and its schema and docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

handler400 = "restapi.errors.bad_request"
handler404 = "restapi.errors.not_found"

urlpatterns = [
    path("", include("complaints.public.urls")),
    # The language switch of the public pages: a POST form, no JavaScript needed.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("arrears.api.urls")),
    path("api/v1/", include("complaints.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
