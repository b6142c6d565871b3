"""A real browser on the public pages: Debian's chromium driven by Playwright, in CI.

The browser is the system's (`make test` installs it with apt when missing); Playwright never
downloads one. Screenshots of every page land in browser-screenshots/ (not committed).
"""

import os
import pathlib
import shutil

import pytest

# Chromium with no network of its own: no updates, no sync, no first-run page.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "browser-screenshots"


@pytest.fixture(scope="session")
def browser():
    """One chromium for the session."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(
            "The browser tests need Debian's chromium and a Chinese font: "
            "apt-get install chromium fonts-wqy-microhei (`make test` does it)."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself (checking what was stored) are still made one at a time, outside it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, reference_data):
    """The live server, with the office for 眉山市彭山区 (511403) in place."""
    from arrears.reference import ensure_office

    ensure_office("511403")
    return live_server.url


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
