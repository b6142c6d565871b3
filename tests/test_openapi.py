"""The committed OpenAPI schema is the one the code generates, and it is valid."""

from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.yaml"


def test_openapi_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--lang", "en", file=str(generated))
    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "openapi.yaml is out of date: run `make openapi` and commit it"
    )
