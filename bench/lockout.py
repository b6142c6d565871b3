"""Log-in lockout against a real server: gunicorn with several workers, counts in the database.

Sets up a fresh database (a SQLite file unless --database-url names a PostgreSQL server), starts
gunicorn with --workers processes and measures over HTTP on 127.0.0.1, with the token throttle
raised out of the way (THROTTLE_AUTH_TOKEN=1000/minute) so that only the lockout answers:

  1. API, one address: wrong passwords to `POST /api/v1/auth/token/` until it is locked, then
     the right password, then the right password again after `manage.py axes_reset_username`;
  2. back office, one address: wrong passwords to /admin/login/ until it is locked, then the
     right one;
  3. API, one address (NUM_PROXIES=0) sending a new X-Forwarded-For with every guess: locked as
     in 1, the header changes nothing;
  4. API behind one proxy (NUM_PROXIES=1), guesses spread over 11 client addresses in turn
     until the user name is locked everywhere, then the right password from a 12th address.

Run:  .venv/bin/python bench/lockout.py [--workers 4] [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import collections
import html
import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from concurrency import PASSWORD, REGION, call, manage, prepared_env, server

MAX_TRIES = 40


def token_until_locked(base: str, username: str, addresses: list[str] | None = None) -> tuple:
    """Send wrong passwords (from `addresses` in turn, as a proxy reports them) until 429;
    return (statuses, then the right password's status and body)."""
    statuses = []
    for n in range(MAX_TRIES):
        headers = {"X-Forwarded-For": addresses[n % len(addresses)]} if addresses else {}
        status, body = call(
            base, "POST", "/api/v1/auth/token/",
            {"username": username, "password": f"wrong-{n}"}, **headers,
        )  # fmt: skip
        statuses.append(status)
        if status == 429:
            break
    headers = {"X-Forwarded-For": "203.0.113.200"} if addresses else {}
    right = call(
        base, "POST", "/api/v1/auth/token/", {"username": username, "password": PASSWORD},
        **headers,
    )  # fmt: skip
    return statuses, right


def admin_until_locked(base: str, username: str) -> tuple[list[int], int, str]:
    """Log in to the back office with wrong passwords until 429, then the right one."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(password: str) -> tuple[int, str]:
        page = opener.open(base + "/admin/login/", timeout=60).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "username": username,
                "password": password,
                "next": "/admin/",
            }  # fmt: skip
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback only
            base + "/admin/login/", data=data, headers={"Accept-Language": "en"}
        )
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.url
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    statuses = []
    for n in range(MAX_TRIES):
        status, _ = post(f"wrong-{n}")
        statuses.append(status)
        if status == 429:
            break
    status, text = post(PASSWORD)
    locked = re.search(r'<p class="errornote">([^<]+)</p>', text)
    return statuses, status, html.unescape(locked.group(1)) if locked else text


def summary(statuses: list[int]) -> str:
    return f"{len(statuses)} attempts, statuses {dict(collections.Counter(statuses))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default="", help="PostgreSQL; a SQLite file if empty")
    args = parser.parse_args()

    env, database_url = prepared_env(
        args.database_url,
        THROTTLE_AUTH_TOKEN="1000/minute",  # noqa: S106 - a rate, not a password
        LOG_LEVEL="ERROR",
        NUM_PROXIES="0",
    )
    for name in ("bench-api", "bench-admin", "bench-forged", "bench-spread"):
        manage(env, "create_staff", name, "--role=supervisor", f"--region={REGION}",
               f"--password={PASSWORD}")  # fmt: skip

    print(f"database: {database_url.split('@')[-1]}; gunicorn workers: {args.workers}; "
          "limits: 5 per user and address, 20 per user, 30 minutes")  # fmt: skip
    with server(env, args.workers) as base:
        statuses, (status, body) = token_until_locked(base, "bench-api")
        print(f"1. API, one address: {summary(statuses)}; then the right password: {status} "
              f"{body.get('code') if isinstance(body, dict) else body}")  # fmt: skip

        manage(env, "axes_reset_username", "bench-api", "-v0")
        status, body = call(
            base, "POST", "/api/v1/auth/token/", {"username": "bench-api", "password": PASSWORD}
        )
        print(f"   after `manage.py axes_reset_username bench-api`: {status} "
              f"{'token issued' if status == 200 else body}")  # fmt: skip

        statuses, status, text = admin_until_locked(base, "bench-admin")
        print(f"2. back office, one address: {summary(statuses)}; then the right password: "
              f"{status} “{text}”")  # fmt: skip

        forged = [f"198.51.100.{n}" for n in range(1, 41)]
        statuses, (status, body) = token_until_locked(base, "bench-forged", forged)
        print(f"3. API, NUM_PROXIES=0, new X-Forwarded-For each time: {summary(statuses)}; then "
              f"the right password: {status} "
              f"{body.get('code') if isinstance(body, dict) else body}")  # fmt: skip

    with server({**env, "NUM_PROXIES": "1"}, args.workers) as base:
        spread = [f"10.20.0.{n}" for n in range(1, 12)]
        statuses, (status, body) = token_until_locked(base, "bench-spread", spread)
        print(f"4. API behind a proxy, 11 addresses in turn: {summary(statuses)}; then the right "
              f"password from a 12th address: {status} "
              f"{body.get('code') if isinstance(body, dict) else body}")  # fmt: skip


if __name__ == "__main__":
    main()
