"""The public pages: how to complain and the office directory (DESIGN §7.1).

Plain pages, no JavaScript, every asset from this service (whitenoise), a strict
Content-Security-Policy: nothing here may load or run anything from elsewhere.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from arrears.selectors import public_offices

# Only this service's own files; no inline script or style, no frames, forms post here only.
PUBLIC_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# The official national hotline of the labour inspection (人力资源社会保障部门 12333).
NATIONAL_HOTLINE = "12333"


def _page(request: HttpRequest, template: str, context: dict | None = None) -> HttpResponse:
    return render(request, template, {"national_hotline": NATIONAL_HOTLINE, **(context or {})})


@require_safe
@csp_override(PUBLIC_CSP)
def home(request: HttpRequest) -> HttpResponse:
    """How to complain, what the service never asks for, and where the offices are."""
    return _page(request, "public/home.html")


@require_safe
@csp_override(PUBLIC_CSP)
def offices(request: HttpRequest) -> HttpResponse:
    """Every office listed publicly, by province, with its hotline and address."""
    rows = list(public_offices())
    return _page(request, "public/offices.html", {"offices": rows})
