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


def _json_schema(node: object) -> object:
    """Turn OpenAPI 3.0's `nullable: true` into JSON Schema's null type, everywhere."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:  # a $ref or allOf that may also be null
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _examples_of(content: dict) -> dict[str, object]:
    return {name: example["value"] for name, example in content.get("examples", {}).items()}


def test_every_operation_has_examples_that_fit_its_schemas():
    import jsonschema
    import yaml

    document = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    components = _json_schema(document["components"])
    checked, missing = 0, []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            bodies = [
                (name, content)
                for content in operation.get("requestBody", {}).get("content", {}).values()
            ]
            if any(
                media == "application/json"
                for media in operation.get("requestBody", {}).get("content", {})
            ) and not any(_examples_of(content) for _, content in bodies):
                missing.append(f"{name}: request")
            successes = [
                content
                for status, answer in operation["responses"].items()
                if status.startswith("2")
                for content in answer.get("content", {}).values()
            ]
            # 204 No Content (the log-outs) has no body to show
            bodiless = all(s == "204" for s in operation["responses"] if s.startswith("2"))
            if not bodiless and not any(_examples_of(content) for content in successes):
                missing.append(f"{name}: response")
            answers = [
                (f"{name} → {status} {media}", content)
                for status, answer in operation["responses"].items()
                for media, content in answer.get("content", {}).items()
                if media == "application/json"
            ]
            requests = [
                (f"{name} ← {media}", content)
                for media, content in operation.get("requestBody", {}).get("content", {}).items()
                if media == "application/json"
            ]
            for where, content in [*requests, *answers]:
                schema = {**_json_schema(content["schema"]), "components": components}
                for example, value in _examples_of(content).items():
                    errors = list(jsonschema.Draft7Validator(schema).iter_errors(value))
                    assert not errors, f"{where}, example {example!r}: {errors[0].message}"
                    checked += 1
    assert not missing, f"operations without an example: {missing}"
    assert checked > 60
