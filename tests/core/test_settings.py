"""Settings come from the environment, fail fast in production and start nothing on import."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# Variables our test environment sets that a production-like process must not inherit.
TEST_ONLY_VARS = {
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "STATICFILES_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "CACHE_URL",
    "WBW_REQUIRE_SERVICES",
}
SERVICE_VARS = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
}
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "regie.example.nl",
    "DATABASE_URL": "postgres://portal:geheim@db.internal:5433/regie",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/2",
    "SITE_URL": "https://regie.example.nl",
}

PRINT_SETTINGS = """
import json, os, django
django.setup()
from django.conf import settings
from django.db import connection
db = settings.DATABASES["default"]
out = {"engine": db["ENGINE"], "name": db["NAME"], "host": db["HOST"], "port": db["PORT"],
       "broker": settings.CELERY_BROKER_URL, "transport": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
       "cache": settings.CACHES["default"]["LOCATION"],
       "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS}
if os.environ.get("CONNECT"):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        out["server_version"] = cursor.fetchone()[0]
        cursor.execute("SELECT array_agg(name::text) FROM pg_available_extensions")
        out["extensions"] = cursor.fetchone()[0]
    from django.core.cache import cache
    cache.set("settings-test", os.getpid())
    out["cache_value"] = cache.get("settings-test")
print(json.dumps(out))
"""


def clean_env(overrides: dict, *, unset=()) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARS and k not in unset}
    env.update(overrides)
    env["DJANGO_SETTINGS_MODULE"] = "wbw_portal.settings"
    return env


def run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def run_settings(env_overrides: dict, *, unset=()) -> dict:
    result = run([sys.executable, "-c", PRINT_SETTINGS], clean_env(env_overrides, unset=unset))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_broker_and_cache_urls_from_the_environment_are_used(tmp_path):
    values = run_settings(
        {
            **PRODUCTION,
            "VAR_DIR": str(tmp_path / "var"),
            "ALLOWED_HOSTS": "regie.example.nl,www.regie.example.nl",
        }
    )
    assert (values["name"], values["host"], values["port"]) == ("regie", "db.internal", 5433)
    assert values["broker"] == "redis://cache.internal:6379/2"
    assert values["cache"] == "redis://cache.internal:6379/2"  # same Redis, unless CACHE_URL
    assert values["hosts"] == ["regie.example.nl", "www.regie.example.nl"]
    # The visibility timeout must outlast the hard time limit, or Redis redelivers a running task.
    assert values["transport"]["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT


@pytest.mark.parametrize(
    "missing", ["DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"]
)
def test_production_refuses_to_start_without_a_required_variable(tmp_path, missing):
    var_dir = tmp_path / "var"
    env = clean_env({**PRODUCTION, "VAR_DIR": str(var_dir)}, unset=SERVICE_VARS)
    del env[missing]
    # manage.py is where development would start embedded servers: with DEBUG off it must not.
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} is not set" in result.stderr
    assert not var_dir.exists(), "nothing may be started or written in production"


def test_importing_the_settings_starts_nothing_and_writes_nothing(tmp_path):
    var_dir = tmp_path / "var"
    # Development, nothing configured: the import names what is missing instead of starting
    # servers or writing a key.
    env = clean_env({"DEBUG": "1", "VAR_DIR": str(var_dir)}, unset=SERVICE_VARS)
    result = run([sys.executable, "-c", "import wbw_portal.settings"], env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "manage.py" in result.stderr  # ... and says how to get the embedded servers
    # Everything configured: the import (and the Celery app's) touch nothing on disk.
    env = clean_env({**PRODUCTION, "DEBUG": "1", "VAR_DIR": str(var_dir)})
    code = "import wbw_portal.settings, wbw_portal.celery; import django; django.setup()"
    result = run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()


def test_ci_never_starts_embedded_servers(tmp_path):
    var_dir = tmp_path / "var"
    env = clean_env(
        {
            "DEBUG": "1",
            "WBW_REQUIRE_SERVICES": "1",
            "SECRET_KEY": "k" * 50,
            "VAR_DIR": str(var_dir),
        },
        unset={"DATABASE_URL", "CELERY_BROKER_URL"},
    )
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
    assert not var_dir.exists()


def test_development_commands_start_an_embedded_postgresql_and_redis_under_var(tmp_path):
    var_dir = tmp_path / "var"
    env = clean_env({"DEBUG": "1", "VAR_DIR": str(var_dir), "CONNECT": "1"}, unset=SERVICE_VARS)
    try:
        result = run([sys.executable, "manage.py", "shell", "-c", PRINT_SETTINGS], env)
        assert result.returncode == 0, result.stderr
        values = json.loads(result.stdout.strip().splitlines()[-1])
        assert values["engine"] == "django.db.backends.postgresql"
        assert values["name"] == "wbw"
        assert (var_dir / "postgres" / "PG_VERSION").exists()
        assert int(values["server_version"].split(".")[0]) >= 16
        # The search's migration needs these contrib extensions.
        assert {"unaccent", "pg_trgm"} <= set(values["extensions"])
        # Celery and the cache use the embedded Redis, on its unix socket, in two databases.
        assert values["broker"].startswith("redis+socket://")
        assert values["broker"].endswith("?virtual_host=0")
        assert values["cache"].startswith("unix://") and values["cache"].endswith("?db=1")
        assert values["cache_value"] is not None
        assert (var_dir / "redis" / "redis.pid").exists()
        # Acks late and a visibility timeout, exactly as in production.
        assert values["transport"]["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
        # A development key was kept, private to the user.
        assert (var_dir / "secret_key").stat().st_mode & 0o077 == 0
        # A second command reuses both servers.
        again = run([sys.executable, "manage.py", "shell", "-c", PRINT_SETTINGS], env)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout.strip().splitlines()[-1])["broker"] == values["broker"]
    finally:
        stop = run([sys.executable, "-m", "wbw_portal.embedded", "stop"], {**env, "CONNECT": ""})
    assert "embedded Redis stopped" in stop.stdout
    assert "embedded PostgreSQL stopped" in stop.stdout
    assert not (var_dir / "redis" / "redis.pid").exists()


def test_a_non_postgresql_database_url_is_refused(tmp_path):
    env = clean_env({**PRODUCTION, "VAR_DIR": str(tmp_path), "DATABASE_URL": "sqlite:///p.db"})
    result = run([sys.executable, "-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "must point to PostgreSQL" in result.stderr


def test_a_broker_other_than_redis_is_refused(tmp_path):
    env = clean_env({**PRODUCTION, "VAR_DIR": str(tmp_path), "CELERY_BROKER_URL": "filesystem://"})
    result = run([sys.executable, "-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "CELERY_BROKER_URL must point to Redis" in result.stderr


def test_check_deploy_is_clean_with_production_settings(db):
    from tests.conftest import database_url_for_tests

    env = clean_env(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "regie.example.nl",
            "SITE_URL": "https://regie.example.nl",
            # A migrated database: some checks (the API schema's) read it.
            "DATABASE_URL": database_url_for_tests(),
        }
    )
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_celery_defaults_suit_long_tasks():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_WORKER_MAX_TASKS_PER_CHILD > 0
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]


@pytest.mark.skipif(
    not os.environ.get("WBW_REQUIRE_SERVICES"), reason="only CI promises PostgreSQL and Redis"
)
def test_ci_runs_on_the_machines_postgresql_and_redis():
    assert os.environ.get("DATABASE_URL"), "CI must test against the real PostgreSQL server"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
