"""The public pages' frame: Chinese by default with an English switch, the fraud warning on
every page, nothing loaded from elsewhere, the office directory in a fixed number of queries."""

import re

import pytest
from django.test import Client

from arrears.models import Office
from arrears.reference import ensure_office

pytestmark = pytest.mark.django_db

PAGES = ["/", "/offices/", "/complain/", "/complain/done/", "/track/", "/dashboard/"]


@pytest.fixture
def chinese():
    """A browser that states no language: the service's default, Chinese, applies."""
    return Client()


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_are_chinese_by_default_and_warn_against_fraud(chinese, url):
    from django.utils import translation

    with translation.override("zh-hans"):
        response = chinese.get(url)
    assert response.status_code == 200
    page = response.text
    assert '<html lang="zh-hans">' in page
    assert "12333" in page
    assert "验证码" in page  # never asks for a verification code
    assert "免费" in page  # the service is free


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_load_nothing_from_elsewhere_and_run_no_inline_code(client, url):
    response = client.get(url)
    page = response.text
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "style-src 'self'" in policy
    # A page runs at most this service's own script files: never inline, never from elsewhere.
    scripts = [d.strip() for d in policy.split(";") if d.strip().startswith("script-src")]
    assert scripts in ([], ["script-src 'self'"])
    assert "<script" not in page or scripts
    assert "unsafe" not in policy
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "an external reference"
    assert not re.search(r"<script(?![^>]* src=\"/static/public/)", page), "an inline script"
    assert "style=" not in page
    assert 'href="/static/public/site.css"' in page


def test_public_language_switch_without_javascript(chinese):
    switched = chinese.post("/i18n/setlang/", {"language": "en", "next": "/offices/"})
    assert switched.status_code == 302 and switched["Location"] == "/offices/"
    page = chinese.get("/offices/").text
    assert '<html lang="en">' in page
    assert "Offices and hotlines" in page


def test_public_stylesheet_is_served_by_the_app(client):
    response = client.get("/static/public/site.css")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"max-width" in body


def test_public_offices_list_every_public_office_in_fixed_queries(
    client, django_assert_max_num_queries
):
    for code in ("511403", "150902", "440305"):
        ensure_office(code)
    Office.objects.filter(region_id="440305").update(hotline="0755-12333", duty_24h=True)
    Office.objects.filter(region_id="150902").update(public=False)
    with django_assert_max_num_queries(1):
        page = client.get("/offices/").text
    shown = set(Office.objects.filter(public=True).values_list("name", flat=True))
    assert shown and all(name in page for name in shown)
    assert Office.objects.get(region_id="150902").name not in page
    assert 'href="tel:0755-12333"' in page
    assert "深圳市南山区" in page  # a county with its city, as 28 county names repeat


def test_public_pages_take_no_post(client):
    assert client.post("/").status_code == 405
