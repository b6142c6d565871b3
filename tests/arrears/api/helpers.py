"""Helpers shared by the reference-data API tests."""

from __future__ import annotations

import csv

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from arrears.reference import REGIONS_CSV

# The regions as the data file lists them: the tests' independent source of truth.
with REGIONS_CSV.open(encoding="utf-8", newline="") as fh:
    REGION_ROWS = sorted(csv.DictReader(fh), key=lambda row: row["code"])


def region_body(row: dict) -> dict:
    """Return the API representation of a row of the regions data file."""
    return {
        "code": row["code"],
        "name": row["name"],
        "level": row["level"],
        "parent": row["parent_code"] or None,
    }


def token_header(user) -> dict[str, str]:
    """Return the Authorization header of a new API token for `user`."""
    _token, key = AuthToken.objects.create(user=user)
    return {"Authorization": f"Token {key}"}


def count_queries(client: Client, url: str, headers: dict | None = None) -> tuple[int, dict]:
    """GET `url`; return the number of SQL queries it took and the JSON body (status 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()
