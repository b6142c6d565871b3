"""Every URL route is on this allow-list with who may call it; a new route without an entry
(and so without a permission decision and test) fails CI."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

# route pattern → "public page" (an HTML page for everyone), "anonymous" (an API endpoint open
# to all), "staff" (a staff role or an API client), or "staff only" (a back-office role: not an
# API client). Patterns are the regex/route strings
# joined from the root; the Django admin has its own login, tested in tests/test_admin_pages.py.
REF = "(?P<reference>QX-[0-9A-Z]{4}-[0-9A-Z]{4})"
ALLOWED = {
    "": "public page",
    "offices/": "public page",
    "complain/": "public page",
    "complain/done/": "public page",
    "complain/places/": "public page",
    "track/": "public page",
    "dashboard/": "public page",
    "i18n/setlang/": "public page",
    "api/v1/regions/": "anonymous",
    "api/v1/sectors/": "anonymous",
    "api/v1/public/offices/": "anonymous",
    "api/v1/public/complaints/": "anonymous",
    "api/v1/public/track/": "anonymous",
    "api/v1/public/stats/": "anonymous",
    "api/v1/stats/": "staff only",
    "api/v1/auth/token/": "anonymous",
    "api/v1/auth/logout/": "staff",
    "api/v1/auth/logoutall/": "staff",
    "api/schema/": "anonymous",
    "api/docs/": "anonymous",
    "api/v1/^employers/$": "staff only",
    "api/v1/^employers/(?P<pk>[^/.]+)/$": "staff only",
    "api/v1/^complaints/$": "staff",
    f"api/v1/^complaints/{REF}/$": "staff",
    f"api/v1/^complaints/{REF}/events/$": "staff only",
    f"api/v1/^complaints/{REF}/transitions/$": "staff",
    f"api/v1/^complaints/{REF}/reveal/$": "staff",
    f"api/v1/^complaints/{REF}/claims/$": "staff",
    f"api/v1/^complaints/{REF}/payments/$": "staff",
    f"api/v1/^complaints/{REF}/documents/$": "staff",
    f"api/v1/^complaints/{REF}/attachments/$": "staff",
    "api/v1/complaints/export.csv": "staff only",
}


def walk(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes = []
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if str(entry.pattern) == "admin/":
                continue  # the Django admin: its own login, tested in tests/test_admin_pages.py
            routes.extend(walk(entry, pattern))
        elif isinstance(entry, URLPattern):
            routes.append(pattern)
    return routes


ROUTES = walk(get_resolver())


def test_routes_every_route_is_on_the_allow_list():
    unknown = sorted(set(ROUTES) - set(ALLOWED))
    assert unknown == [], "new routes need a permission decision here and a test"


def sample_url(route: str) -> str:
    """Return a concrete URL for a route pattern (any reference or id: 401 comes first)."""
    url = route.replace(REF, "QX-AAAA-AAAA").replace("(?P<pk>[^/.]+)", "1")
    return "/" + url.replace("^", "").replace("$", "")


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if ALLOWED.get(r) in ("staff", "staff only")])
def test_routes_staff_routes_refuse_anonymous_callers(route):
    client = APIClient()
    for method in ("get", "post"):
        response = getattr(client, method)(sample_url(route), {}, format="json")
        # Authentication comes first: a method the route does not take is a 401 too.
        assert response.status_code == 401, (method, route, response.status_code)
        assert response.json()["code"] == "not_authenticated"


def api_client_caller() -> APIClient:
    from tests.factories import staff

    client = APIClient()
    client.force_authenticate(staff("route-platform", "api_client"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if ALLOWED.get(r) == "staff only"])
def test_routes_staff_only_routes_refuse_api_clients(route):
    response = api_client_caller().get(sample_url(route))
    assert response.status_code == 403, (route, response.status_code)
    assert response.json()["code"] == "permission_denied"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if ALLOWED.get(r) == "staff"])
def test_routes_staff_routes_let_api_clients_in(route):
    """Past authentication and the view's permission: an API client gets the list, 404 for a
    complaint it did not file, 405 for a GET on a route that only takes POST (never 401 or
    403)."""
    response = api_client_caller().get(sample_url(route))
    if route.endswith(("/reveal/$", "/transitions/$", "auth/logout/", "auth/logoutall/")):
        expected = 405
    elif REF in route:
        expected = 404
    else:
        expected = 200
    assert response.status_code == expected, (route, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if ALLOWED.get(r) == "anonymous"])
def test_routes_anonymous_routes_answer_without_credentials(route):
    client = APIClient()
    response = client.get(sample_url(route))
    if response.status_code == 405:  # a POST-only endpoint: an empty body is judged, not refused
        response = client.post(sample_url(route), {}, format="json")
        assert response.status_code == 400, (route, response.status_code)
        assert response.json()["code"] == "invalid"
    else:
        assert response.status_code == 200, (route, response.status_code)


# What a visitor without a session gets from each public page's GET.
PUBLIC_PAGES = {
    "": 200,
    "offices/": 200,
    "complain/": 200,
    "complain/done/": 200,  # "no receipt to show" for a browser that sent nothing
    "complain/places/": 200,  # no province asked: no places
    "track/": 200,
    "dashboard/": 200,
    "i18n/setlang/": 302,  # the switch takes a POST
}


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if ALLOWED.get(r) == "public page"])
def test_routes_public_pages_answer_everyone(client, route):
    assert client.get("/" + route).status_code == PUBLIC_PAGES[route]
