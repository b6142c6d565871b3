"""The Chinese catalogue: complete, faithful to its placeholders, covering every string in the
code, and used by the back office (Chinese by default, English on request)."""

from __future__ import annotations

import ast
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import staff, submit

ROOT = Path(django_settings.BASE_DIR)
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages skips in the real run: `--ignore=.venv --ignore=tests --ignore=scripts`.
NOT_SCANNED = {".venv", "tests", "scripts", "locale", "node_modules", "staticfiles", "media"}
SCANNED_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' defaults for the django domain
# %(name)s, %(n)d, … as Python's %-operator reads them.
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


# --- a small .po reader (stdlib only) ---------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(line: str, lineno: int) -> str:
    try:
        value = ast.literal_eval(line)
    except (SyntaxError, ValueError):
        raise AssertionError(f"django.po:{lineno}: not a quoted string: {line!r}") from None
    assert isinstance(value, str), f"django.po:{lineno}: not a string"
    return value


def read_po(path: Path) -> list[Entry]:
    """Return the entries of `path`, the header (msgid "") first; obsolete (#~) ones skipped."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # which string continuation lines extend

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()  # a comment after a msgstr opens the next entry
            if line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith("#:"):
                entry.references += line[2:].split()
        elif m := keyword.match(line):
            name, index, quoted = m.group(1), m.group(2), m.group(3)
            if name in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                finish()
            if name == "msgid":
                entry.line = lineno
            target = (name if index is None else "msgstr", int(index or 0))
            _append(entry, target, _unquote(quoted, lineno))
        elif line.startswith('"') and target is not None:
            _append(entry, target, _unquote(line, lineno))
        else:
            raise AssertionError(f"{path.name}:{lineno}: cannot read {raw!r}")
    finish()
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif name == "msgid":
        entry.msgid += text
    elif name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        entry.msgstrs[index] = entry.msgstrs.get(index, "") + text


def header_fields(entries: list[Entry]) -> dict[str, str]:
    header = entries[0]
    assert header.msgid == "", "the catalogue must start with its header"
    fields = {}
    for line in header.msgstrs.get(0, "").splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def placeholders(text: str) -> tuple[list[str], list[str]]:
    """Return the sorted named and positional %-placeholders of `text` (%% not counted)."""
    text = text.replace("%%", "")
    named = sorted(m.group(0) for m in NAMED.finditer(text))
    positional = sorted(m.group(0) for m in POSITIONAL.finditer(NAMED.sub("", text)))
    return named, positional


def _without_placeholders(text: str) -> str:
    return POSITIONAL.sub("", NAMED.sub("", text.replace("%%", "")))


# --- the catalogue itself ---------------------------------------------------------------------


def test_i18n_catalogue_is_complete():
    entries = read_po(PO)
    fields = header_fields(entries)
    assert "fuzzy" not in entries[0].flags, "remove the #, fuzzy flag from the header"
    assert fields.get("Language") == "zh_Hans"
    assert "charset=UTF-8" in fields.get("Content-Type", "")
    assert fields.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"

    messages = entries[1:]
    assert messages, "the catalogue is empty"
    problems = []
    seen = set()
    for e in messages:
        where = f"django.po:{e.line} {e.msgid!r}"
        if e.key in seen:
            problems.append(f"{where}: duplicate msgid")
        seen.add(e.key)
        if "fuzzy" in e.flags:
            problems.append(f"{where}: fuzzy")
        expected_forms = [0]  # Chinese has one form, plural or not
        if sorted(e.msgstrs) != expected_forms:
            problems.append(f"{where}: msgstr forms {sorted(e.msgstrs)}, expected {expected_forms}")
        # Chinese's one form stands for every count: it follows the plural msgid.
        source = e.msgid_plural if e.msgid_plural is not None else e.msgid
        for index, text in e.msgstrs.items():
            if not text.strip():
                problems.append(f"{where}: msgstr[{index}] is empty")
                continue
            if placeholders(text) != placeholders(source):
                problems.append(
                    f"{where}: placeholders {placeholders(text)} != {placeholders(source)}"
                )
            if "python-format" in e.flags and "%" in _without_placeholders(text):
                problems.append(f"{where}: a lone % breaks the %-operator; write %%")
    assert not problems, "\n".join(problems)


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """Copy the files makemessages scans (not the catalogue) into a temporary tree."""
    copy = tmp_path / "src"
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in NOT_SCANNED and not d.startswith(".")]
        rel = Path(dirpath).relative_to(ROOT)
        for name in filenames:
            if Path(name).suffix in SCANNED_SUFFIXES:
                (copy / rel).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(dirpath) / name, copy / rel / name)
    return copy


CANARY = "An i18n canary that no catalogue translates"


def test_i18n_catalogue_covers_the_code(source_copy, settings, monkeypatch):
    """Extract the strings of the code as makemessages does, into a temporary catalogue, and
    check the committed one has every one of them: an untranslated new string fails here."""
    assert shutil.which("xgettext"), "gettext is missing: apt-get install gettext"
    # A string the committed catalogue cannot hold proves the check can fail.
    (source_copy / "complaints" / "i18n_canary.py").write_text(
        f'from django.utils.translation import gettext as _\n\nCANARY = _("{CANARY}")\n',
        encoding="utf-8",
    )
    out = source_copy / "locale"
    settings.LOCALE_PATHS = [out]
    monkeypatch.chdir(source_copy)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)

    extracted = {e.key: e for e in read_po(out / "zh_Hans" / "LC_MESSAGES" / "django.po")[1:]}
    committed = {e.key: e for e in read_po(PO)[1:]}
    assert (None, CANARY) in extracted, "the extraction did not scan the copied code"
    assert (None, CANARY) not in committed
    del extracted[(None, CANARY)]

    missing = [
        f"{e.msgid!r} ({' '.join(e.references)})"
        for key, e in extracted.items()
        if key not in committed
    ]
    assert not missing, (
        "strings in the code missing from locale/zh_Hans/LC_MESSAGES/django.po; run "
        "`manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --ignore=scripts "
        "--no-obsolete` and translate them:\n" + "\n".join(missing)
    )
    plural_mismatch = [
        repr(e.msgid)
        for key, e in extracted.items()
        if e.msgid_plural != committed[key].msgid_plural
    ]
    assert not plural_mismatch, "plural forms changed: " + ", ".join(plural_mismatch)


# --- the back office in Chinese, and in English on request ------------------------------------


@pytest.fixture
def compiled_catalogue() -> None:
    assert MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime, (
        f"{MO.relative_to(ROOT)} is missing or older than django.po: run `make messages`"
    )


@pytest.fixture(autouse=True)
def english():
    """Replace conftest's English-only fixture: these tests choose the language per request."""
    yield


@pytest.fixture
def inspector_client(compiled_catalogue):
    """A browser that states no language, logged in as an inspector with one new complaint."""
    inspector = staff("i18n-inspector", "inspector")
    submit(work_region="511403")
    browser = Client()
    browser.force_login(inspector)
    return browser


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_now")
@pytest.mark.parametrize(
    "accept_language",
    [None, "zh-CN,zh;q=0.9,en;q=0.5"],
    ids=["no-preference", "chinese-browser"],
)
def test_i18n_admin_is_chinese_by_default(inspector_client, accept_language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    index = inspector_client.get(reverse("admin:index"), **headers)
    assert index.status_code == 200
    assert index["Content-Language"] == "zh-hans"
    page = index.content.decode()
    for label in ("欠薪投诉举报办理系统", "治理欠薪冬季行动", "投诉举报", "投诉", "今日", "逾期"):
        assert label in page, label
    for text in ("Wage-arrears complaints", "Winter campaign", "My open complaints"):
        assert text not in page, text

    listing = inspector_client.get(reverse("admin:complaints_complaint_changelist"), **headers)
    assert listing.status_code == 200
    page = listing.content.decode()
    # The stage badge shows the Chinese stage name alone; the column heads are Chinese.
    assert ">已登记</span>" in page
    for label in ("办理阶段", "用人单位", "用工所在地", "下一办理期限", "查询编号", "通知补正"):
        assert label in page, label
    for text in ("submitted (已登记)", "next due", "work region", "Request information"):
        assert text not in page, text


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_now")
def test_i18n_admin_is_english_on_request(inspector_client):
    index = inspector_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert index.status_code == 200
    assert index["Content-Language"] == "en"
    page = index.content.decode()
    for label in ("Wage-arrears complaints", "Winter campaign", "Today", "My open complaints"):
        assert label in page, label
    assert "欠薪投诉举报办理系统" not in page

    listing = inspector_client.get(
        reverse("admin:complaints_complaint_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert listing.status_code == 200
    page = listing.content.decode()
    assert ">submitted (已登记)</span>" in page
    for label in ("Stage", "Employer", "Work region", "Next due", "Request information"):
        assert label in page, label
    for text in ("用工所在地", "下一办理期限", "通知补正"):
        assert text not in page, text
