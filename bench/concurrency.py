"""Concurrent writes and throttles against a real server: gunicorn with several workers.

Sets up a fresh database (a SQLite file, the embedded default, unless --database-url names a
PostgreSQL server), loads the reference data, starts gunicorn with --workers processes and no
Redis unless --redis-url is given, then measures over HTTP on 127.0.0.1:

  1. 20 clients take the same workflow step with the same If-Match at once
     (expected: 1 × 200, 19 × 412, no 5xx, one Event);
  2. 20 clients send the same public complaint with the same Idempotency-Key at once
     (expected: 20 × 201, one complaint filed);
  3. 60 public complaints without a key from one address against THROTTLE_PUBLIC_SUBMIT=20/hour
     (expected: 20 × 201, 40 × 429, whichever worker answers).

Run:  .venv/bin/python bench/concurrency.py [--workers 4] [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
THREADS = 20
THROTTLED = 60
RATE = "20/hour"
REGION = "511403"  # 眉山市彭山区
PASSWORD = "bench-Password-7391"  # noqa: S105 - a throwaway account in a throwaway database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def call(base: str, method: str, path: str, body: dict | None = None, **headers: str) -> tuple:
    """Send one JSON request; return (status, parsed body or text)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "Accept-Language": "en", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")[:200]


def at_once(n: int, send) -> collections.Counter:
    """Run `send` in n threads released together; count the statuses."""
    barrier = threading.Barrier(n)

    def run(_: int) -> int:
        barrier.wait()
        return send()[0]

    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        return collections.Counter(pool.map(run, range(n)))


def resident_id() -> str:
    from stdnum.cn import ric

    first17 = f"{REGION}19850312{secrets.randbelow(1000):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def public_body() -> dict:
    return {
        "kind": "complaint",
        "complainant": {"name": "王建国", "phone": "", "id_number": resident_id()},
        "employer": {"name": "眉山市某某建筑劳务有限公司", "uscc": ""},
        "work_region": REGION,
        "sector": "construction_building",
        "project_name": "",
        "arrears_from": "2026-07-01",
        "arrears_to": "2026-10-31",
        "amount_claimed": "18500.00",
        "workers_affected": 1,
        "description": "",
        "in_dispute_process": "none",
        "consent": True,
    }


def count_rows(env: dict, sql: str) -> int:
    """Return the single number a query gives, read by a separate process with the settings."""
    script = (
        "import django; django.setup(); from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    c.execute({sql!r}); print(c.fetchone()[0])"
    )
    out = subprocess.run(  # noqa: S603
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def clear_cache(env: dict) -> None:
    script = "import django; django.setup(); from django.core.cache import cache; cache.clear()"
    subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True)  # noqa: S603


@contextlib.contextmanager
def server(env: dict, workers: int):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.2)
        # Every worker imports the app on its first request: warm them all up.
        for _ in range(workers * 3):
            call(base, "GET", "/api/v1/sectors/")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def prepared_env(database_url: str, redis_url: str = "", **settings: str) -> tuple[dict, str]:
    """Return the environment of a throwaway deployment (fresh keys, DEBUG off, `settings`
    on top) with its database migrated and the reference data loaded, and the database's
    address: `database_url` (emptied first), or a new SQLite file."""
    workdir = Path(tempfile.mkdtemp(prefix="arrears-bench-"))
    database = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "PII_KEY": Fernet.generate_key().decode(),
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(workdir / "media"),
        **settings,
    }
    if database_url:
        manage(env, "flush", "--noinput")  # a throwaway database: start empty
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_reference", "-v0")
    return env, database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default="", help="PostgreSQL; a SQLite file if empty")
    parser.add_argument("--redis-url", default="", help="shared cache; the database if empty")
    args = parser.parse_args()

    env, database_url = prepared_env(
        args.database_url, args.redis_url, THROTTLE_PUBLIC_SUBMIT=RATE, LOG_LEVEL="WARNING"
    )
    for name in ("bench-i1", "bench-i2"):
        manage(env, "create_staff", name, "--role=inspector", f"--region={REGION}",
               f"--password={PASSWORD}")  # fmt: skip

    print(f"database: {database_url.split('@')[-1]}; cache: {args.redis_url or 'database'}; "
          f"gunicorn workers: {args.workers}")  # fmt: skip
    with server(env, args.workers) as base:
        status, body = call(
            base, "POST", "/api/v1/auth/token/", {"username": "bench-i1", "password": PASSWORD}
        )
        if status != 200:
            raise SystemExit(f"log-in failed: {status} {body}")
        auth = {"Authorization": f"Token {body['token']}"}

        # 1. the same step with the same If-Match, 20 at once
        status, created = call(
            base, "POST", "/api/v1/complaints/", {**public_body(), "channel": "hotline"}, **auth
        )
        if status != 201:
            raise SystemExit(f"create failed: {status} {created}")
        reference = created["reference"]
        steps = at_once(
            THREADS,
            lambda: call(
                base,
                "POST",
                f"/api/v1/complaints/{reference}/transitions/",
                {"action": "file", "assignees": ["bench-i1", "bench-i2"]},
                **{**auth, "If-Match": '"1"'},
            ),
        )
        # The database is fresh: the only complaint so far is this one.
        events = count_rows(env, "SELECT COUNT(*) FROM complaints_event WHERE action = 'file'")
        report("same step, same If-Match", steps, {200: 1, 412: THREADS - 1}, "events", events, 1)

        # 2. the same public complaint with the same Idempotency-Key, 20 at once
        clear_cache(env)
        before = count_rows(env, "SELECT COUNT(*) FROM complaints_complaint")
        payload = public_body()
        key = secrets.token_hex(8)
        submits = at_once(
            THREADS,
            lambda: call(
                base, "POST", "/api/v1/public/complaints/", payload, **{"Idempotency-Key": key}
            ),
        )
        filed = count_rows(env, "SELECT COUNT(*) FROM complaints_complaint") - before
        report("same submit, same key", submits, {201: THREADS}, "complaints filed", filed, 1)

        # 3. the public throttle across workers
        clear_cache(env)
        before = count_rows(env, "SELECT COUNT(*) FROM complaints_complaint")
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            throttled = collections.Counter(
                pool.map(
                    lambda _: call(base, "POST", "/api/v1/public/complaints/", public_body())[0],
                    range(THROTTLED),
                )
            )
        filed = count_rows(env, "SELECT COUNT(*) FROM complaints_complaint") - before
        report(f"{THROTTLED} submits, limit {RATE}", throttled, {201: 20, 429: 40}, "filed",
               filed, 20)  # fmt: skip


def report(name: str, got: collections.Counter, expected: dict, what: str, n: int, want: int):
    fives = sum(c for s, c in got.items() if s >= 500)
    verdict = "as expected" if dict(got) == expected and n == want else "NOT AS EXPECTED"
    print(f"{name}: {dict(sorted(got.items()))}; 5xx: {fives}; {what}: {n} — {verdict}")


if __name__ == "__main__":
    main()
