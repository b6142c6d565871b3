"""The OpenAPI schema of the reference-data and employer endpoints: valid, without warnings."""

import json

from django.core.management import call_command
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from complaints.api.employers import EmployerViewSet

# The accounts, reference and employer routes alone: the complaints' views must not decide
# whether this test passes.
_employers = SimpleRouter()
_employers.register("employers", EmployerViewSet, basename="employer")
urlpatterns = [
    path("api/v1/", include("arrears.api.urls")),
    path("api/v1/", include(_employers.urls)),
]


def test_schema_of_the_arrears_routes_is_valid_without_warnings(tmp_path):
    out = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--urlconf",
        __name__,
        "--format",
        "openapi-json",
        "--lang",
        "en",
        "--file",
        str(out),
    )
    schema = json.loads(out.read_text(encoding="utf-8"))
    paths = schema["paths"]
    assert sorted(paths) == [
        "/api/v1/auth/logout/",
        "/api/v1/auth/logoutall/",
        "/api/v1/auth/token/",
        "/api/v1/employers/",
        "/api/v1/employers/{id}/",
        "/api/v1/public/offices/",
        "/api/v1/regions/",
        "/api/v1/sectors/",
    ]
    # Public reference data asks for no credentials; employers need a token or a session.
    for public in ("/api/v1/public/offices/", "/api/v1/regions/", "/api/v1/sectors/"):
        assert paths[public]["get"]["security"] == [{}]
    assert paths["/api/v1/employers/"]["get"]["security"] == [{"tokenAuth": []}, {"cookieAuth": []}]
    error = {"$ref": "#/components/schemas/Error"}
    listing = paths["/api/v1/employers/"]["get"]["responses"]
    assert {code: r["content"]["application/json"]["schema"] for code, r in listing.items()} == {
        "200": {"$ref": "#/components/schemas/PaginatedEmployerList"},
        "400": error,
        "401": error,
        "403": error,
        "404": error,
    }
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail", "fields"]
