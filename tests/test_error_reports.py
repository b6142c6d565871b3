"""Error pages, e-mails and log lines carry no ID number or phone from a request body, with
DEBUG on too (DESIGN §6)."""

import io
import json
import logging
import sys

import pytest
from django.test import RequestFactory
from django.views.debug import get_exception_reporter_class

from tests.conftest import unmasked_pii
from tests.factories import mobile, resident_id

ID, PHONE = resident_id(), mobile()
SPACED = f"{PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}"


def failing_view(request, body: dict) -> None:
    parsed = dict(body)  # noqa: F841 - a local the report shows
    note = f"工友电话{SPACED}"  # noqa: F841
    raw = request.body  # noqa: F841
    raise ValueError(f"cannot file for {ID}")


def report(request, settings, *, debug: bool) -> tuple[str, str]:
    settings.DEBUG = debug
    body = {"complainant": {"name": "王建国", "phone": PHONE, "id_number": ID}, "note": SPACED}
    try:
        failing_view(request, body)
    except ValueError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    return reporter.get_traceback_html(), reporter.get_traceback_text()


@pytest.mark.parametrize("debug", [True, False])
def test_debug_page_masks_numbers_from_a_json_body(settings, debug):
    body = {"complainant": {"phone": PHONE, "id_number": ID}}
    request = RequestFactory().post("/api/v1/public/complaints/", body, "application/json")
    html, text = report(request, settings, debug=debug)
    for page in (html, text):
        assert unmasked_pii(page) == []
        assert f"cannot file for {ID[:6]}********{ID[-4:]}" in page
    assert f"工友电话{PHONE[:3]}****{PHONE[-4:]}" in html  # a local variable, masked
    assert "王建国" not in html  # a personal key's value is replaced whole


@pytest.mark.parametrize("debug", [True, False])
def test_debug_page_masks_form_values(settings, debug):
    request = RequestFactory().post(
        "/admin/complaints/complaint/add/",
        {"id_number": ID, "phone": PHONE, "description": f"电话{SPACED}", "name": "王建国"},
    )
    html, text = report(request, settings, debug=debug)
    for page in (html, text):
        assert unmasked_pii(page) == []
    assert "王建国" not in text  # the name key's value is replaced too


def test_log_lines_mask_numbers_in_messages_and_tracebacks():
    from arrears.debug import MaskPersonalData

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalData())
    logger = logging.getLogger("tests.error_reports")
    logger.addHandler(handler)
    try:
        raise ValueError(json.dumps({"phone": PHONE, "id": ID}))
    except ValueError:
        logger.error("Internal Server Error: %s", f"电话{SPACED}", exc_info=True)
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "Internal Server Error" in written
    assert "ValueError" in written
    assert unmasked_pii(written) == []


def test_every_handler_of_the_request_logs_masks():
    from arrears.debug import MaskPersonalData

    handlers = [*logging.getLogger("django").handlers, *logging.getLogger().handlers]
    assert {type(h).__name__ for h in logging.getLogger("django").handlers} >= {
        "StreamHandler",
        "AdminEmailHandler",
    }
    for handler in handlers:
        if type(handler).__module__.startswith("_pytest"):  # pytest's own capture
            continue
        assert any(isinstance(f, MaskPersonalData) for f in handler.filters), handler
