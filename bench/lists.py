"""The pages people open all day, against a database already filled (e.g. a million complaints
from `manage.py generate_complaints`), under gunicorn on 127.0.0.1.

For a province supervisor (四川省) it measures, one request at a time after a warm-up, the
median and 95th percentile of: the list API (page 1, and filtered by stage and by overdue), a
complaint's detail, the admin changelist, the staff dashboard; for everyone the public dashboard
(country and province), the public stats and tracking. Then requests per second of the list API
and the public dashboard with --clients clients at once. The database is not changed except for
the bench account it creates (`create_staff`), the complaints it files, and the sessions.

Run:  .venv/bin/python bench/lists.py --database-url postgres://…/arrears_bench [--workers 2]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from concurrency import PASSWORD, manage, public_body, server

PROVINCE = "510000"  # 四川省
USER = "bench-sichuan-supervisor"


def request(base: str, path: str, headers: dict, method: str = "GET", body: bytes = b""):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    started = time.perf_counter()
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    content = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, content, seconds, response.headers


def timed(base: str, path: str, headers: dict, runs: int) -> str:
    request(base, path, headers)  # warm-up: the worker's caches
    seconds, statuses = [], set()
    for _ in range(runs):
        status, _content, took, _h = request(base, path, headers)
        statuses.add(status)
        seconds.append(took * 1000)
    seconds.sort()
    p95 = seconds[max(0, round(len(seconds) * 0.95) - 1)]
    return (
        f"p50 {statistics.median(seconds):7.1f} ms  p95 {p95:7.1f} ms  "
        f"HTTP {','.join(map(str, sorted(statuses)))}"
    )


def rate(base: str, path: str, headers: dict, clients: int, seconds: float) -> str:
    deadline = time.monotonic() + seconds

    def client(_: int) -> int:
        done = 0
        while time.monotonic() < deadline:
            request(base, path, headers)
            done += 1
        return done

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(client, range(clients)))
    return f"{total / seconds:6.1f} req/s"


def session_cookie(base: str) -> dict:
    """Log in to the back office; return the headers that carry the session."""
    status, page, _s, headers = request(base, "/admin/login/", {})
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()
    cookies = {c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0]
               for c in headers.get_all("Set-Cookie") or []}  # fmt: skip
    form = f"csrfmiddlewaretoken={csrf}&username={USER}&password={PASSWORD}&next=/admin/"
    status, _p, _s, answer = request(
        base,
        "/admin/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": base + "/admin/login/",
        },
        "POST",
        form.encode(),
    )
    for cookie in answer.get_all("Set-Cookie") or []:
        name, rest = cookie.split("=", 1)
        cookies[name] = rest.split(";")[0]
    if status != 302:
        raise SystemExit(f"back-office log-in failed: {status}")
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "THROTTLE_PUBLIC_TRACK": "100000/hour",
        "THROTTLE_PUBLIC_SUBMIT": "100000/hour",
        "THROTTLE_AUTH_TOKEN": "1000/minute",
        "LOG_LEVEL": "WARNING",
    }
    # The keys are the database's own (the .env that filled it, or the environment).
    manage(env, "create_staff", USER, "--role=supervisor", f"--region={PROVINCE}",
           f"--password={PASSWORD}")  # fmt: skip
    count = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from complaints.models import Complaint; print(Complaint.objects.count())"],
        cwd=Path(__file__).resolve().parents[1], env=env, capture_output=True, text=True,
        check=True,
    ).stdout.split()[-1]  # fmt: skip
    with server(env, args.workers) as base:
        status, body, _s, _h = request(
            base, "/api/v1/auth/token/", {"Content-Type": "application/json"}, "POST",
            json.dumps({"username": USER, "password": PASSWORD}).encode(),
        )  # fmt: skip
        if status != 200:
            raise SystemExit(f"API log-in failed: {status} {body[:200]}")
        api = {"Authorization": f"Token {json.loads(body)['token']}", "Accept-Language": "zh-CN"}
        first = json.loads(request(base, "/api/v1/complaints/", api)[1])["results"][0]
        admin = {**session_cookie(base), "Accept-Language": "zh-CN"}
        status, receipt, _s, _h = request(
            base, "/api/v1/public/complaints/", {"Content-Type": "application/json"}, "POST",
            json.dumps(public_body()).encode(),
        )  # fmt: skip
        receipt = json.loads(receipt)
        track = json.dumps(
            {"reference": receipt["reference"], "access_code": receipt["access_code"]}
        ).encode()
        public = {"Accept-Language": "zh-CN"}
        print(f"{count} complaints; gunicorn {args.workers} workers; one request at a time:")
        rows = [
            ("list API, page 1", "/api/v1/complaints/", api),
            ("list API, stage=investigating", "/api/v1/complaints/?stage=investigating", api),
            ("list API, overdue", "/api/v1/complaints/?overdue=true", api),
            ("detail API", f"/api/v1/complaints/{first['reference']}/", api),
            ("admin changelist", "/admin/complaints/complaint/", admin),
            ("staff dashboard (live)", "/admin/dashboard/", admin),
            ("public dashboard, country", "/dashboard/", public),
            ("public dashboard, 四川省", f"/dashboard/?region={PROVINCE}", public),
            ("public stats API", "/api/v1/public/stats/", public),
        ]
        for name, path, headers in rows:
            print(f"  {name:32} {timed(base, path, headers, args.runs)}")
        seconds = []
        for _ in range(args.runs):
            status, _c, took, _h = request(
                base, "/api/v1/public/track/", {"Content-Type": "application/json"}, "POST",
                track,
            )  # fmt: skip
            seconds.append(took * 1000)
        print(f"  {'tracking API':32} p50 {statistics.median(seconds):7.1f} ms  HTTP {status}")
        for name, path, headers, extra in (
            ("staff create (API)", "/api/v1/complaints/", api, {"channel": "hotline"}),
            ("public create (API)", "/api/v1/public/complaints/", public, {}),
        ):
            seconds = []
            for _ in range(args.runs):
                body = json.dumps({**public_body(), **extra}).encode()
                status, _c, took, _h = request(
                    base, path, {**headers, "Content-Type": "application/json"}, "POST", body
                )
                seconds.append(took * 1000)
            seconds.sort()
            p95 = seconds[max(0, round(len(seconds) * 0.95) - 1)]
            print(
                f"  {name:32} p50 {statistics.median(seconds):7.1f} ms  p95 {p95:7.1f} ms  "
                f"HTTP {status}"
            )
        print(f"Throughput, {args.seconds:.0f} s each, {args.clients} clients at once:")
        for name, path, headers in (("list API, page 1", "/api/v1/complaints/", api),
                                    ("public dashboard", "/dashboard/", public)):  # fmt: skip
            print(f"  {name:20} {rate(base, path, headers, args.clients, args.seconds)}")


if __name__ == "__main__":
    main()
