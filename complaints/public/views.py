"""The public pages: how to complain, the complaint form and its receipt, tracking, the
office directory (DESIGN §7.1).

Plain pages, no JavaScript, every asset from this service (whitenoise), a strict
Content-Security-Policy: nothing here may load or run anything from elsewhere.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_safe

from arrears.errors import DomainError
from arrears.selectors import public_offices

from .. import clocks
from ..codes import random_code
from ..models import Channel, Complaint
from ..selectors import complaint_for_tracking, tracking
from ..services import (
    ComplainantActor,
    SubmitResult,
    complaint_submit,
    complaint_transition,
    material_provide,
)
from ..workflow import OPEN_STAGES, PublicStatus, Stage, complainant_may_withdraw
from . import guard
from .forms import ComplaintForm, MaterialForm, TrackForm, WithdrawForm, place_choices

# Only this service's own files; no inline script or style, no frames, forms post here only.
PUBLIC_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# Pages with a script of this service's own (the receipt's print button, the place picker).
PUBLIC_SCRIPT_CSP = {**PUBLIC_CSP, "script-src": [CSP.SELF], "connect-src": [CSP.SELF]}
# The official national hotline of the labour inspection (人力资源社会保障部门 12333).
NATIONAL_HOTLINE = "12333"
# Session keys: the receipt just issued, and the complaint opened on the tracking page.
RECEIPT = "public_receipt"
TRACKED = "public_tracked"
# A complaint opened on the tracking page stays open this long after the last visit (a shared
# phone forgets it by itself), unless the worker closes it sooner.
TRACKING_IDLE_SECONDS = 30 * 60


def render_page(
    request: HttpRequest, template: str, context: dict | None = None, status: int = 200
) -> HttpResponse:
    """Render a public page: every one names the official hotline."""
    context = {"national_hotline": NATIONAL_HOTLINE, **(context or {})}
    return render(request, template, context, status=status)


@require_safe
@csp_override(PUBLIC_CSP)
def home(request: HttpRequest) -> HttpResponse:
    """How to complain, what the service never asks for, and where the offices are."""
    return render_page(request, "public/home.html")


@require_safe
@csp_override(PUBLIC_CSP)
def offices(request: HttpRequest) -> HttpResponse:
    """Every office listed publicly, by province, with its hotline and address."""
    rows = list(public_offices())
    return render_page(request, "public/offices.html", {"offices": rows})


# --- Filing a complaint ------------------------------------------------------------------


def _complaint_page(request: HttpRequest, form: ComplaintForm, status: int = 200) -> HttpResponse:
    return render_page(
        request, "public/complain.html", {"form": form, "token": guard.token_issue()}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@csp_override(PUBLIC_SCRIPT_CSP)
def complain(request: HttpRequest) -> HttpResponse:
    """The complaint form; a sending files one complaint and redirects to its receipt."""
    if request.method != "POST":
        return _complaint_page(request, ComplaintForm())
    if "show_places" in request.POST:
        # The no-JavaScript step from the province to its cities and counties: what was typed
        # comes back as it was, without error messages (nothing was sent yet).
        return _complaint_page(request, ComplaintForm(initial=request.POST.dict()))
    token = request.POST.get("token", "")
    judged = guard.verdict(token, request.POST.get("website", ""))
    if judged is guard.Verdict.ROBOT:
        return render_page(request, "public/done.html", _receipt_context(_decoy_receipt()))
    form = ComplaintForm(request.POST, request.FILES)
    if judged is guard.Verdict.EXPIRED:
        form.is_valid()
        form.add_error(None, _("The form was open for a long time: check it and send it again."))
        return _complaint_page(request, form)
    if not form.is_valid():
        return _complaint_page(request, form)
    if not guard.token_claim(token):
        # A double tap, a reload or the back button: the first sending's receipt, once more.
        receipt = guard.token_receipt(token)
        if receipt is not None:
            request.session[RECEIPT] = receipt
            return redirect("public:complain-done")
        if not guard.token_claim(token):
            form.add_error(None, _("Your complaint is still being sent; wait a moment."))
            return _complaint_page(request, form, status=409)
    if guard.throttled(request, "public_submit"):
        guard.token_release(token)
        form.add_error(
            None,
            _(
                "Too many complaints were sent from this connection. Try again in an hour, or "
                "call the hotline."
            ),
        )
        return _complaint_page(request, form, status=429)
    try:
        result = complaint_submit(actor=None, channel=Channel.WEB, **form.submit_kwargs())
    except ValidationError as exc:
        guard.token_release(token)
        form.add_service_errors(exc)
        return _complaint_page(request, form)
    except DomainError as exc:
        guard.token_release(token)
        form.add_error(None, exc.detail)
        return _complaint_page(request, form)
    receipt = _receipt(result)
    guard.token_done(token, receipt)
    request.session[RECEIPT] = receipt
    return redirect("public:complain-done")


@require_safe
@cache_control(private=True, max_age=86400)  # labels in the reader's language
def places(request: HttpRequest) -> JsonResponse:
    """The cities and counties of a province, for the form's place picker when a script runs
    (without one, the form's own step shows them)."""
    groups = place_choices(request.GET.get("province", "")[:6])
    return JsonResponse(
        [{"label": label, "places": options} for label, options in groups], safe=False
    )


def _receipt(result: SubmitResult) -> dict:
    complaint = result.complaint
    clock = clocks.explanations(complaint).get("acceptance_due")
    return {
        "reference": complaint.reference,
        "access_code": result.access_code,
        "office": complaint.office.name,
        "hotline": complaint.office.hotline,
        "acceptance_due": complaint.acceptance_due.isoformat(),
        "clock": clock,
        "issued": time.time(),
    }


def _decoy_receipt() -> dict:
    """A receipt that looks like any other for a robot's sending; nothing was stored."""
    return {
        "reference": f"QX-{random_code(4)}-{random_code(4)}",
        "access_code": random_code(8),
        "office": "",
        "hotline": "",
        "acceptance_due": "",
        "clock": None,
        "issued": time.time(),
    }


def _receipt_context(receipt: dict | None) -> dict:
    context: dict = {"receipt": receipt}
    if receipt and receipt["acceptance_due"]:
        context["acceptance_due"] = receipt["acceptance_due"]
        context["explanation"] = clocks.explain(receipt["clock"]) if receipt["clock"] else ""
    return context


@require_safe
@csp_override(PUBLIC_SCRIPT_CSP)
def complain_done(request: HttpRequest) -> HttpResponse:
    """The receipt of the complaint this browser just filed; gone after a while."""
    receipt = request.session.get(RECEIPT)
    if receipt and time.time() - receipt["issued"] > settings.PUBLIC_RECEIPT_SECONDS:
        del request.session[RECEIPT]
        receipt = None
    response = render_page(request, "public/done.html", _receipt_context(receipt))
    # The access code is on this page: never kept by a shared cache or the browser's.
    add_never_cache_headers(response)
    return response


# --- Following a complaint ------------------------------------------------------------------


def _tracked(request: HttpRequest) -> Complaint | None:
    """Return the complaint this browser opened with its reference and access code."""
    held = request.session.get(TRACKED)
    if not held or time.time() - held.get("seen", 0) > TRACKING_IDLE_SECONDS:
        request.session.pop(TRACKED, None)
        return None
    request.session[TRACKED] = {**held, "seen": time.time()}
    return complaint_for_tracking(held["reference"], held["access_code"])


@require_http_methods(["GET", "HEAD", "POST"])
@csp_override(PUBLIC_CSP)
def track(request: HttpRequest) -> HttpResponse:
    """Open a complaint with its reference and access code, see where it stands, send the
    material the office asked for, or withdraw it."""
    action = request.POST.get("action", "find") if request.method == "POST" else ""
    complaint = _tracked(request)
    if action == "leave":
        request.session.pop(TRACKED, None)
        return redirect("public:track")
    if action == "find" or complaint is None:
        return _track_find(request, post=action == "find")
    material = MaterialForm(prefix="material")
    withdraw = WithdrawForm(prefix="withdraw")
    refusal = ""
    status = 200
    if action in ("provide", "withdraw"):
        if action == "provide":
            form = material = MaterialForm(request.POST, request.FILES, prefix="material")
        else:
            form = withdraw = WithdrawForm(request.POST, prefix="withdraw")
        status = 400
        if form.is_valid():
            try:
                _track_step(request, complaint, action, form.cleaned_data)
                return redirect("public:track")
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            except DomainError as exc:
                # Shown at the top: the form that led here may no longer be on the page.
                refusal, status = exc.detail, exc.status
    response = render_page(
        request,
        "public/track_status.html",
        {
            "complaint": complaint,
            "status": _labelled(tracking(complaint)),
            "material": material if complaint.stage == Stage.NEEDS_INFO else None,
            "withdraw": (
                withdraw if complainant_may_withdraw(complaint.stage, complaint.kind) else None
            ),
            "open": complaint.stage in OPEN_STAGES,
            "refusal": refusal,
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


def _track_step(request: HttpRequest, complaint: Complaint, action: str, data: dict) -> None:
    """Send the material asked for, or withdraw, as the worker holding the access code."""
    actor = ComplainantActor(request.session[TRACKED]["access_code"])
    version = int(request.POST.get("version") or 0)
    if action == "provide":
        material_provide(
            complaint=complaint,
            actor=actor,
            version=version,
            note=data["note"],
            files=data["evidence"],
        )
        messages.success(request, _("Thank you: the office has your answer."))
    else:
        complaint_transition(
            complaint=complaint, action="withdraw", actor=actor, version=version, note=data["note"]
        )
        messages.success(request, _("Your complaint is withdrawn."))


@csp_override(PUBLIC_CSP)
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security cookie (cookies blocked, or kept too long): say what
    to do in the worker's words rather than Django's "CSRF verification failed"."""
    return render_page(request, "public/csrf_failure.html", status=403)


def _labelled(status: dict) -> dict:
    """Add the words of each public status to a tracking answer."""
    for entry in status["timeline"]:
        entry["label"] = PublicStatus(entry["public_status"]).label
    return {**status, "label": PublicStatus(status["public_status"]).label}


def _track_find(request: HttpRequest, post: bool) -> HttpResponse:
    form = TrackForm(request.POST if post else None)
    status = 200
    if post and form.is_valid():
        if guard.throttled(request, "public_track"):
            form.add_error(None, _("Too many look-ups from this connection. Try again later."))
            status = 429
        else:
            found = complaint_for_tracking(
                form.cleaned_data["reference"], form.cleaned_data["access_code"]
            )
            if found is not None:
                request.session.cycle_key()
                request.session[TRACKED] = {
                    "reference": found.reference,
                    "access_code": form.cleaned_data["access_code"],
                    "seen": time.time(),
                }
                return redirect("public:track")
            # One message whichever of the two was wrong: nothing to guess references with.
            form.add_error(None, _("No complaint matches this reference and access code."))
            status = 404
    response = render_page(request, "public/track.html", {"form": form}, status=status)
    add_never_cache_headers(response)
    return response
