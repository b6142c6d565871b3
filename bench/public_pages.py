"""The public pages against a real server: page weight, and time to first byte of a complaint
sent through the form against the same complaint sent to the API.

Sets up a fresh database (a SQLite file unless --database-url names a PostgreSQL server), starts
gunicorn with --workers processes (the per-address limits raised out of the way) and measures
over HTTP on 127.0.0.1, as a Chinese-speaking browser:

  1. page weight of each public page: the HTML and everything it loads (stylesheet, scripts,
     icon), bytes as sent and gzipped, and the place list a script fetches for one province;
  2. time to first byte (median and 90th percentile of --samples sendings each) of
     GET /complain/, of POST /complain/ (a whole complaint: the multipart form with its CSRF
     token and form token, answered by the redirect to the receipt) and of
     POST /api/v1/public/complaints/ (the same complaint as JSON).

Run:  .venv/bin/python bench/public_pages.py [--workers 2] [--samples 50] [--database-url …]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from concurrency import REGION, prepared_env, public_body, resident_id, server

ASSET = re.compile(r'<(?:link|script)[^>]+(?:href|src)="(/static/[^"]+)"')


class Browser:
    """One visitor: a connection, its cookies, Chinese pages."""

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, body: bytes | None = None, **headers: str):
        """Send a request; return (status, headers, body, seconds to the first byte)."""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Accept-Language": "zh-CN", **({"Cookie": cookie} if cookie else {}), **headers}
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        first_byte = time.perf_counter() - started
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, content, first_byte


def weight(browser: Browser, path: str, html: bytes | None = None) -> dict:
    """Return the bytes of a page and of everything it loads."""
    if html is None:
        html = browser.send("GET", path)[2]
    assets = ASSET.findall(html.decode())
    loaded = [browser.send("GET", asset)[2] for asset in assets]
    return {
        "page": path,
        "html": len(html),
        "assets": dict(zip(assets, map(len, loaded), strict=True)),
        "total": len(html) + sum(map(len, loaded)),
        "total_gzip": len(gzip.compress(html)) + sum(len(gzip.compress(b)) for b in loaded),
    }


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, kind) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_answers(page: bytes) -> dict[str, str]:
    text = page.decode()
    return {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)[1],
        "token": re.search(r'name="token" value="([^"]+)"', text)[1],
        "kind": "complaint",
        "name": "王建国",
        "phone": "",
        "id_number": resident_id(),
        "home_region": "",
        "employer_name": "眉山市某某建筑劳务有限公司",
        "employer_uscc": "",
        "work_province": REGION[:2] + "0000",
        "work_region": REGION,
        "sector": "construction_building",
        "project_name": "",
        "arrears_from": "2026-07",
        "arrears_to": "2026-10",
        "amount_claimed": "18500",
        "workers_affected": "1",
        "description": "",
        "in_dispute_process": "none",
        "consent": "on",
        "website": "",
    }


def expect(status: int, wanted: int) -> None:
    if status != wanted:
        sys.exit(f"expected HTTP {wanted}, got {status}")


def summary(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[max(0, round(len(ms) * 0.9) - 1)]
    return f"median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms   (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--database-url", default="", help="PostgreSQL; a SQLite file if empty")
    parser.add_argument("--redis-url", default="", help="shared cache; the database if empty")
    args = parser.parse_args()
    env, _ = prepared_env(
        args.database_url,
        args.redis_url,
        THROTTLE_PUBLIC_SUBMIT=f"{args.samples * 4 + 50}/hour",
        THROTTLE_PUBLIC_TRACK="1000/hour",
        LOG_LEVEL="WARNING",
    )
    with server(env, args.workers) as base:
        visitor = Browser(base)
        pages = [
            weight(visitor, path)
            for path in ("/", "/offices/", "/complain/", "/track/", "/dashboard/")
        ]
        # The receipt and the status page exist only after a sending.
        form = visitor.send("GET", "/complain/")[2]
        time.sleep(3.5)
        body, kind = multipart(form_answers(form), {})
        status, headers, _, _ = visitor.send("POST", "/complain/", body, **{"Content-Type": kind})
        expect(status, 302)
        receipt = visitor.send("GET", "/complain/done/")[2]
        pages.append(weight(visitor, "/complain/done/", receipt))
        reference = re.search(rb'id="reference">([^<]+)<', receipt)[1].decode()
        code = re.search(rb'id="access-code">([^<]+)<', receipt)[1].decode()
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', receipt)[1].decode()
        found = "&".join(
            f"{k}={v}"
            for k, v in {
                "csrfmiddlewaretoken": csrf,
                "action": "find",
                "reference": reference,
                "access_code": code,
            }.items()
        )
        visitor.send(
            "POST",
            "/track/",
            found.encode(),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )
        pages.append(
            weight(visitor, "/track/ (a complaint open)", visitor.send("GET", "/track/")[2])
        )
        places = visitor.send("GET", "/complain/places/?province=510000")[2]

        print("Page weight (bytes as sent; gzipped in brackets), with everything each page loads:")
        for page in pages:
            print(
                f"  {page['page']:28} {page['total']:7,d} ({page['total_gzip']:6,d})   "
                f"html {page['html']:6,d}  "
                + "  ".join(f"{a} {n:,d}" for a, n in page["assets"].items())
            )
        print(
            f"  place list of 四川省 fetched by the script: {len(places):,d} "
            f"({len(gzip.compress(places)):,d})"
        )

        # Time to first byte: the form served, then sent once it is old enough for a person.
        gets, forms = [], []
        for _ in range(args.samples):
            one = Browser(base)
            status, _, page, seconds = one.send("GET", "/complain/")
            gets.append(seconds)
            forms.append((one, page))
        time.sleep(3.5)
        posts = []
        for one, page in forms:
            body, kind = multipart(form_answers(page), {})
            status, _, _, seconds = one.send("POST", "/complain/", body, **{"Content-Type": kind})
            expect(status, 302)
            posts.append(seconds)
        api = []
        client = Browser(base)
        for _ in range(args.samples):
            status, _, _, seconds = client.send(
                "POST",
                "/api/v1/public/complaints/",
                json.dumps(public_body()).encode(),
                **{"Content-Type": "application/json"},
            )
            expect(status, 201)
            api.append(seconds)
        print(f"Time to first byte, gunicorn {args.workers} workers, one client at a time:")
        print(f"  GET  /complain/                  {summary(gets)}")
        print(f"  POST /complain/ (whole form)     {summary(posts)}")
        print(f"  POST /api/v1/public/complaints/  {summary(api)}")


if __name__ == "__main__":
    main()
