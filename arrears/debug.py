"""Error reports without personal data: the debug page, error e-mails and log lines.

Django's reporter shows a failing request's POST values and every frame's local variables
(the parsed JSON body among them), and it cleanses only what views mark as sensitive, and
only with DEBUG off. ID numbers and phones must not reach a screen, an inbox or a log file
(DESIGN §6) in either case.
"""

from __future__ import annotations

import logging
import re
from pprint import pformat

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from arrears.pii import mask_free_text

# Keys whose values are personal data or secrets whatever they look like (names too: the
# worker's name is masked everywhere else; an employer's name hidden here costs nothing).
SENSITIVE_KEYS = re.compile(
    r"id_number|phone|mobile|name|password|access_code|token|身份证|手机|电话|姓名",
    re.IGNORECASE,
)


class _Masked:
    """A local variable as the report prints it: its pretty form, numbers masked."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __repr__(self) -> str:
        value = self.value
        if isinstance(value, bytes | bytearray):
            value = bytes(value).decode("utf-8", "replace")
        return mask_free_text(pformat(value))


class PiiSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, active with DEBUG on too, that also replaces the values of personal
    keys (id_number, phone, password, access_code…) and masks ID numbers and mobiles in
    every POST value and local variable."""

    def is_active(self, request: HttpRequest | None) -> bool:
        return True

    def cleanse(self, key: object, value: object) -> object:
        """Return `value` with personal keys' values replaced and numbers masked, recursively."""
        if isinstance(key, str) and SENSITIVE_KEYS.search(key) and value not in (None, ""):
            return self.cleansed_substitute
        if isinstance(value, str):
            return mask_free_text(value)
        if isinstance(value, dict):
            return {k: self.cleanse(k, v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.cleanse("", v) for v in value)
        return value

    def get_post_parameters(self, request: HttpRequest | None):
        params = super().get_post_parameters(request)
        if not params:
            return params
        cleansed = MultiValueDict()
        for key, values in params.lists():
            cleansed.setlist(key, [self.cleanse(key, v) for v in values])
        return cleansed

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [
            (name, value if value == self.cleansed_substitute else self.frame_value(name, value))
            for name, value in variables
        ]

    def frame_value(self, name: str, value: object) -> object:
        if SENSITIVE_KEYS.search(name) and value not in (None, ""):
            return self.cleansed_substitute
        if isinstance(value, MultiValueDict):
            value = {k: v if len(v) > 1 else v[0] for k, v in value.lists()}
        try:
            return _Masked(self.cleanse("", value))
        except Exception:
            return _Masked(value)


class PiiSafeExceptionReporter(ExceptionReporter):
    """The reporter with the exception's message masked too (it may quote a value)."""

    def get_traceback_data(self) -> dict:
        data = super().get_traceback_data()
        for key in ("exception_value", "exception_notes"):
            if data.get(key) is not None:
                data[key] = mask_free_text(str(data[key]))
        for frame in data.get("frames", []):
            if isinstance(frame.get("exc_cause"), BaseException):
                frame["exc_cause"] = mask_free_text(str(frame["exc_cause"]))
        return data


class MaskPersonalData(logging.Filter):
    """A handler filter that masks ID numbers and mobiles in a record's message and traceback
    before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_free_text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_free_text(record.exc_text)
        return True
