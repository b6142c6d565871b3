"""Settings a server needs whatever runs it: a cache all processes share (throttles count
across workers and hosts), and SQLite set up for concurrent writers when it is the database."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
FILES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/tmp/arrears-cache",  # noqa: S108 - never written: the check only reads it
    }
}


def default_settings(**environment: str) -> dict:
    """Return the CACHES and DATABASES that config.settings.base gives for `environment`."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'caches': settings.CACHES, 'db': settings.DATABASES['default']},"
        " default=str))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "x" * 50,
        "PII_KEY": "dGVzdC1waWkta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM=",
        **environment,
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(out.stdout)


def test_settings_without_redis_cache_in_the_database():
    found = default_settings(DATABASE_URL="sqlite:////tmp/x.sqlite3")
    assert found["caches"]["default"]["BACKEND"] == ("django.core.cache.backends.db.DatabaseCache")


def test_settings_with_redis_cache_in_redis():
    found = default_settings(REDIS_URL="redis://127.0.0.1:6379/3")
    assert found["caches"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["caches"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_settings_sqlite_is_set_up_for_concurrent_writers():
    options = default_settings(DATABASE_URL="sqlite:////tmp/x.sqlite3")["db"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.django_db
def test_sqlite_connection_is_in_wal_mode():
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"  # the other database CI runs: no pragma
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def deploy_check_messages() -> list[str]:
    try:
        call_command("check", deploy=True, tags=["caches"], fail_level="ERROR")
    except SystemCheckError as exc:
        return [line for line in str(exc).splitlines() if "arrears.E" in line]
    return []


@pytest.mark.parametrize("caches", [LOCAL, DUMMY], ids=["locmem", "dummy"])
def test_deploy_check_fails_on_a_process_local_cache(caches):
    with override_settings(CACHES=caches):
        found = deploy_check_messages()
    assert len(found) == 1
    assert "arrears.E001" in found[0]
    assert "each process" in found[0]


def test_deploy_check_passes_on_a_shared_cache():
    assert settings.CACHES["default"]["BACKEND"].endswith(("DatabaseCache", "RedisCache"))
    assert deploy_check_messages() == []


def test_deploy_check_warns_on_a_cache_shared_by_one_host_only():
    from django.core.checks import run_checks

    with override_settings(CACHES=FILES):
        found = run_checks(tags=["caches"], include_deployment_checks=True)
    assert [m.id for m in found] == ["arrears.W002"]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # given the production environment: HTTPS, no debug, a real secret, the database cache
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "k3Y-" + "7fQ2zR9wXp4LmN8vT1bY6cH0dJ5sG3aE" * 2,
        "PII_KEY": "dGVzdC1waWkta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM=",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "true",
        "DJANGO_ALLOWED_HOSTS": "arrears.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    # when Django's deployment checks run, warnings counted as failures
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    # then nothing is reported
    assert out.returncode == 0, out.stderr
    assert "no issues" in out.stdout


def test_check_deploy_warns_without_https(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "k3Y-" + "7fQ2zR9wXp4LmN8vT1bY6cH0dJ5sG3aE" * 2,
        "PII_KEY": "dGVzdC1waWkta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM=",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "security.W008" in out.stderr and "security.W004" in out.stderr
